<?php
/**
 * The element's `token-url` in PHP: `POST /wp-json/bimu/v1/token` with `{"modelId": "…"}` answers
 * `{"token": "<JWT>", "expiresIn": <seconds>}`. The same contract and defaults as `model-viewer-embed/server`:
 *
 * - model scope by default: each token is minted through bimU.io's password flow (`Basic modelId:password`)
 *   with the model's password from the settings, and opens that model only; models without a configured
 *   password get 403 and cost no upstream request;
 * - account scope only when chosen, and only with a `bimu_model_embed_authorize` filter or the explicit
 *   statement that every model of the channel is public;
 * - `bimu_model_embed_authorize` decides who may get a token for which model (default: a published post
 *   embeds the model);
 * - same-origin pages only; 400/403/405/413 for bad requests, 502/503 when bimU.io fails;
 * - each token cached (a transient) until a margin before its `exp`, one upstream request at a time per
 *   token (a database lock, because PHP serves requests in separate processes);
 * - the API key, the model passwords and upstream bodies never appear in a response or a log line.
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

const BIMU_MODEL_EMBED_ROUTE              = '/bimu/v1/token';
const BIMU_MODEL_EMBED_MAX_BODY_BYTES     = 4096;
const BIMU_MODEL_EMBED_REFRESH_MARGIN     = 300;
const BIMU_MODEL_EMBED_MIN_REMAINING      = 30;
const BIMU_MODEL_EMBED_MIN_REFRESH_AGE    = 30;
const BIMU_MODEL_EMBED_UPSTREAM_TIMEOUT   = 10;
const BIMU_MODEL_EMBED_BACKOFF            = 5;
const BIMU_MODEL_EMBED_MAX_BACKOFF        = 60;

/** Registers the route, so that it is listed in the REST index; the answers come from the pre-dispatch hook. */
function bimu_model_embed_register_token_route(): void {
	register_rest_route(
		'bimu/v1',
		'/token',
		array(
			'methods'             => WP_REST_Server::ALLMETHODS,
			'callback'            => 'bimu_model_embed_token_response',
			'permission_callback' => '__return_true',
		)
	);
}

/**
 * Answers the token route before WordPress's own request handling: that would answer a malformed JSON body
 * with its own 400 shape and OPTIONS with its own 200, where this endpoint's callers expect the contract of
 * `model-viewer-embed/server`.
 *
 * @param mixed           $result  A response another filter already produced.
 * @param WP_REST_Server  $server  Unused.
 * @param WP_REST_Request $request The request.
 * @return mixed
 */
function bimu_model_embed_pre_dispatch( $result, $server, $request ) {
	if ( null !== $result || BIMU_MODEL_EMBED_ROUTE !== untrailingslashit( $request->get_route() ) ) {
		return $result;
	}
	return bimu_model_embed_token_response( $request );
}

/** The endpoint's answers: JSON, never stored by a browser or a shared cache (a 403 must not stick either). */
function bimu_model_embed_token_reply( int $status, array $body, array $headers = array() ): WP_REST_Response {
	$response = new WP_REST_Response( $body, $status );
	$response->set_headers(
		array_merge(
			array(
				'Cache-Control'          => 'no-store',
				'X-Content-Type-Options' => 'nosniff',
			),
			$headers
		)
	);
	return $response;
}

function bimu_model_embed_token_error( int $status, string $code, string $message, array $headers = array() ): WP_REST_Response {
	return bimu_model_embed_token_reply(
		$status,
		array(
			'error'   => $code,
			'message' => $message,
		),
		$headers
	);
}

/** For the server log only; callers never see these lines, and they never contain a secret. */
function bimu_model_embed_log( string $message ): void {
	// phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_error_log
	error_log( '[model-viewer-embed] ' . $message );
}

/**
 * True when a browser says the request comes from another site. `Sec-Fetch-Site` cannot be forged by a page;
 * browsers without it still send `Origin` with every POST. A request with neither is not from a browser page
 * (curl, another server) and is left to the authorize filter.
 */
function bimu_model_embed_is_cross_site( WP_REST_Request $request ): bool {
	$site = $request->get_header( 'sec-fetch-site' );
	if ( null !== $site ) {
		return 'cross-site' === $site || 'same-site' === $site;
	}
	$origin = $request->get_header( 'origin' );
	if ( null === $origin ) {
		return false;
	}
	$own = array( ( is_ssl() ? 'https' : 'http' ) . '://' . ( $_SERVER['HTTP_HOST'] ?? '' ) );
	foreach ( array( home_url(), site_url() ) as $url ) {
		$parts = wp_parse_url( $url );
		if ( is_array( $parts ) && isset( $parts['scheme'], $parts['host'] ) ) {
			$own[] = $parts['scheme'] . '://' . $parts['host'] . ( isset( $parts['port'] ) ? ':' . $parts['port'] : '' );
		}
	}
	return ! in_array( strtolower( rtrim( $origin, '/' ) ), array_map( 'strtolower', $own ), true );
}

function bimu_model_embed_token_response( WP_REST_Request $request ): WP_REST_Response {
	if ( bimu_model_embed_is_cross_site( $request ) ) {
		return bimu_model_embed_token_error( 403, 'origin-not-allowed', 'This origin may not request bimU.io tokens.' );
	}
	if ( 'POST' !== $request->get_method() ) {
		return bimu_model_embed_token_error( 405, 'method-not-allowed', 'Use POST.', array( 'Allow' => 'POST' ) );
	}
	$content_type = $request->get_content_type();
	if ( 'application/json' !== ( $content_type['value'] ?? '' ) ) {
		return bimu_model_embed_token_error( 400, 'invalid-content-type', 'Send the request body as application/json.' );
	}
	$body = $request->get_body();
	if ( (int) $request->get_header( 'content-length' ) > BIMU_MODEL_EMBED_MAX_BODY_BYTES || strlen( $body ) > BIMU_MODEL_EMBED_MAX_BODY_BYTES ) {
		return bimu_model_embed_token_error( 413, 'body-too-large', 'The request body must be at most ' . BIMU_MODEL_EMBED_MAX_BODY_BYTES . ' bytes.' );
	}
	$data = json_decode( $body );
	if ( ! is_object( $data ) ) {
		return bimu_model_embed_token_error( 400, 'invalid-json', 'The request body must be a JSON object: {"modelId": "…"}.' );
	}
	$model_id = $data->modelId ?? null; // phpcs:ignore WordPress.NamingConventions.ValidVariableName
	if ( ! bimu_model_embed_is_valid_model_id( $model_id ) ) {
		return bimu_model_embed_token_error( 400, 'invalid-model-id', 'modelId must be a string of 1 to 128 characters from A–Z, a–z, 0–9, ".", "_", "~" and "-", other than "." and "..".' );
	}
	$force_refresh = true === ( $data->refresh ?? false );

	/**
	 * Decides whether the caller may get a token for a model. Default: a published post embeds it. In account
	 * scope this is the only gate, since the token opens every model of the channel.
	 *
	 * @param bool            $allowed  The default decision.
	 * @param string          $model_id The requested model.
	 * @param WP_REST_Request $request  The request (cookies, headers).
	 */
	$allowed = apply_filters( 'bimu_model_embed_authorize', bimu_model_embed_is_published_model( $model_id ), $model_id, $request );
	if ( true !== $allowed ) {
		return bimu_model_embed_token_error( 403, 'forbidden', 'You may not view this model.' );
	}

	$settings = bimu_model_embed_settings();
	if ( 'account' === $settings['scope'] ) {
		if ( '' === $settings['account_name'] || '' === $settings['api_key'] ) {
			bimu_model_embed_log( 'Account scope is chosen but the account name or API key is missing (Settings → bimU.io).' );
			return bimu_model_embed_token_error( 403, 'forbidden', 'You may not view this model.' );
		}
		if ( ! $settings['public_account_token'] && ! has_filter( 'bimu_model_embed_authorize' ) ) {
			bimu_model_embed_log( 'Account scope without a bimu_model_embed_authorize filter and without the public-channel confirmation: refusing.' );
			return bimu_model_embed_token_error( 403, 'forbidden', 'You may not view this model.' );
		}
		$cache_id = 'account';
		$user     = $settings['account_name'];
		$secret   = $settings['api_key'];
	} else {
		// The same answer as the authorize filter refusing: the endpoint does not tell which models are configured.
		if ( ! array_key_exists( $model_id, $settings['model_passwords'] ) ) {
			return bimu_model_embed_token_error( 403, 'forbidden', 'You may not view this model.' );
		}
		$cache_id = 'model:' . $model_id;
		$user     = $model_id;
		$secret   = $settings['model_passwords'][ $model_id ];
	}

	$result = bimu_model_embed_cached_token( $settings['base_url'], $cache_id, $user, $secret, $force_refresh );
	if ( isset( $result['token'] ) ) {
		return bimu_model_embed_token_reply(
			200,
			array(
				'token'     => $result['token'],
				'expiresIn' => max( 0, $result['exp'] - time() ),
			)
		);
	}
	$retry_after = isset( $result['retry_after'] ) ? array( 'Retry-After' => (string) max( 1, (int) $result['retry_after'] ) ) : array();
	if ( 'unavailable' === $result['error'] ) {
		return bimu_model_embed_token_error( 503, 'upstream-unavailable', 'The model service is unavailable. Try again later.', $retry_after );
	}
	return bimu_model_embed_token_error( 502, 'upstream-failed', 'The model service could not issue a token. Try again later.', $retry_after );
}

/** The transient name of one cached token; a settings change starts a new generation of names. */
function bimu_model_embed_token_key( string $base_url, string $cache_id ): string {
	return 'bimu_mve_' . md5( get_option( 'bimu_model_embed_token_generation', '0' ) . '|' . $base_url . '|' . $cache_id );
}

/** Drops every cached token (after a settings change). */
function bimu_model_embed_forget_tokens(): void {
	update_option( 'bimu_model_embed_token_generation', (string) ( (int) get_option( 'bimu_model_embed_token_generation', '0' ) + 1 ), false );
}

/**
 * Reads a transient past WordPress's per-request option cache: after waiting for the lock, the value another
 * process stored meanwhile is what counts.
 */
function bimu_model_embed_fresh_transient( string $key ) {
	wp_cache_delete( '_transient_' . $key, 'options' );
	wp_cache_delete( '_transient_timeout_' . $key, 'options' );
	wp_cache_delete( 'notoptions', 'options' );
	return get_transient( $key );
}

/**
 * A token for `$cache_id`: the cached one, or a new one from bimU.io. At most one process asks bimU.io for
 * the same token at a time (MySQL `GET_LOCK`); the others wait for it and take what it cached.
 *
 * @return array{token?: string, exp?: int, error?: string, retry_after?: int}
 */
function bimu_model_embed_cached_token( string $base_url, string $cache_id, string $user, string $secret, bool $force_refresh ): array {
	global $wpdb;
	$key     = bimu_model_embed_token_key( $base_url, $cache_id );
	$usable  = static function ( $cached ) use ( $force_refresh ): bool {
		$now = time();
		return is_array( $cached ) && $now < $cached['refresh_at']
			&& ! ( $force_refresh && $now - $cached['obtained_at'] >= BIMU_MODEL_EMBED_MIN_REFRESH_AGE );
	};
	$cached = get_transient( $key );
	if ( $usable( $cached ) ) {
		return $cached;
	}
	$failure = get_transient( $key . '_failure' );
	if ( is_array( $failure ) && time() < $failure['retry_at'] ) {
		// Backing off: asking again at once would only repeat the refusal or the wait.
		return bimu_model_embed_servable( $cached ) ?? array(
			'error'       => 'unavailable',
			'retry_after' => $failure['retry_at'] - time(),
		);
	}

	// MySQL lock names are at most 64 characters.
	$lock = substr( $key, 0, 64 );
	$got  = $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $lock, BIMU_MODEL_EMBED_UPSTREAM_TIMEOUT + 5 ) );
	if ( '1' !== (string) $got ) {
		return bimu_model_embed_servable( $cached ) ?? array(
			'error'       => 'unavailable',
			'retry_after' => 1,
		);
	}
	try {
		$cached = bimu_model_embed_fresh_transient( $key );
		if ( $usable( $cached ) ) {
			return $cached;
		}
		$failure = bimu_model_embed_fresh_transient( $key . '_failure' );
		if ( is_array( $failure ) && time() < $failure['retry_at'] ) {
			return bimu_model_embed_servable( $cached ) ?? array(
				'error'       => 'unavailable',
				'retry_after' => $failure['retry_at'] - time(),
			);
		}
		$obtained_at = time();
		$fresh       = bimu_model_embed_request_token( $base_url, $user, $secret );
		if ( isset( $fresh['error'] ) ) {
			$count    = ( is_array( $failure ) ? (int) $failure['count'] : 0 ) + 1;
			$backoff  = min( BIMU_MODEL_EMBED_MAX_BACKOFF, BIMU_MODEL_EMBED_BACKOFF * 2 ** min( $count - 1, 10 ) );
			$backs_off = in_array( $fresh['error'], array( 'upstream-unauthorized', 'upstream-timeout' ), true );
			if ( $backs_off ) {
				set_transient(
					$key . '_failure',
					array(
						'count'    => $count,
						'retry_at' => time() + $backoff,
					),
					$backoff
				);
			}
			bimu_model_embed_log( $fresh['message'] . ( $backs_off ? " Not asking bimU.io again for {$backoff} s." : '' ) );
			$servable = bimu_model_embed_servable( $cached );
			if ( null !== $servable ) {
				bimu_model_embed_log( 'Still serving the cached token.' );
				return $servable;
			}
			return $backs_off ? array(
				'error'       => 'failed',
				'retry_after' => $backoff,
			) : array( 'error' => 'failed' );
		}
		delete_transient( $key . '_failure' );
		$exp  = $fresh['exp'];
		$life = max( 0, $exp - $obtained_at );
		// The margin is capped at half the token's life, so short-lived tokens are still cached a while.
		$token = array(
			'token'       => $fresh['token'],
			'exp'         => $exp,
			'obtained_at' => $obtained_at,
			'refresh_at'  => $exp - min( BIMU_MODEL_EMBED_REFRESH_MARGIN, intdiv( $life, 2 ) ),
		);
		set_transient( $key, $token, max( 1, $exp - time() ) );
		return $token;
	} finally {
		$wpdb->get_var( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $lock ) );
	}
}

/** A cached token that may still be handed out while bimU.io fails: one with enough of its life left. */
function bimu_model_embed_servable( $cached ): ?array {
	return is_array( $cached ) && time() < $cached['exp'] - BIMU_MODEL_EMBED_MIN_REMAINING ? $cached : null;
}

/**
 * `POST {base}/token` with Basic credentials (`accountName:apiKey` or `modelId:password`).
 *
 * @return array{token?: string, exp?: int, error?: string, message?: string}
 */
function bimu_model_embed_request_token( string $base_url, string $user, string $secret ): array {
	$response = wp_remote_post(
		$base_url . '/token',
		array(
			'headers'     => array(
				'Authorization' => 'Basic ' . base64_encode( $user . ':' . $secret ),
				'Accept'        => 'application/json',
			),
			'body'        => '',
			'timeout'     => BIMU_MODEL_EMBED_UPSTREAM_TIMEOUT,
			// A redirect would carry the credentials elsewhere; it is not a token answer.
			'redirection' => 0,
		)
	);
	if ( is_wp_error( $response ) ) {
		// The WP_Error's text is not kept: transport errors can quote the request.
		$timed_out = str_contains( strtolower( $response->get_error_message() ), 'timed out' );
		return array(
			'error'   => $timed_out ? 'upstream-timeout' : 'upstream-network',
			'message' => $timed_out ? 'The bimU.io token request timed out after ' . BIMU_MODEL_EMBED_UPSTREAM_TIMEOUT . ' s.' : 'The bimU.io token request failed: network error.',
		);
	}
	$status = (int) wp_remote_retrieve_response_code( $response );
	if ( 401 === $status || 403 === $status ) {
		return array(
			'error'   => 'upstream-unauthorized',
			'message' => "bimU.io refused the credentials (status {$status}): check the account name and API key, or the model's password, in Settings → bimU.io.",
		);
	}
	if ( $status < 200 || $status > 299 ) {
		return array(
			'error'   => 'upstream-http-error',
			'message' => "bimU.io answered the token request with status {$status}.",
		);
	}
	$body  = json_decode( (string) wp_remote_retrieve_body( $response ) );
	$token = is_object( $body ) ? ( $body->token ?? null ) : null;
	$exp   = is_string( $token ) ? bimu_model_embed_jwt_expiry( $token ) : null;
	if ( null === $exp || $exp <= time() ) {
		return array(
			'error'   => 'upstream-invalid-response',
			'message' => "bimU.io answered the token request with an unusable response (status {$status}): no JWT with a future exp.",
		);
	}
	return array(
		'token' => $token,
		'exp'   => $exp,
	);
}

/** The `exp` claim (seconds) of a JWT-shaped token, or null. The signature is bimU.io's business, not ours. */
function bimu_model_embed_jwt_expiry( string $token ): ?int {
	if ( 1 !== preg_match( '/^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$/D', $token, $matches ) ) {
		return null;
	}
	$payload = json_decode( (string) base64_decode( strtr( $matches[1], '-_', '+/' ), true ) );
	$exp     = is_object( $payload ) ? ( $payload->exp ?? null ) : null;
	return is_int( $exp ) || is_float( $exp ) ? (int) $exp : null;
}
