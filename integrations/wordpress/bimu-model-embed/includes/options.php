<?php
/**
 * The site's bimU.io settings, stored as options. The API key and the model passwords are secrets: they are
 * read here and by the token endpoint only, and never printed into a page, a form value or a REST response.
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

const BIMU_MODEL_EMBED_DEFAULT_BASE_URL = 'https://viewer.bimu.io/rest/api/v1';

/**
 * The id rule of the element and of `model-viewer-embed/server` (src/internal/ids.ts): the SDK puts ids into
 * URL paths unencoded, so only characters that need no encoding, and never a dot segment.
 */
function bimu_model_embed_is_valid_model_id( $model_id ): bool {
	return is_string( $model_id )
		&& 1 === preg_match( '/^[A-Za-z0-9._~-]{1,128}$/D', $model_id )
		&& '.' !== $model_id
		&& '..' !== $model_id;
}

/**
 * All settings with their defaults. `scope` is `model` (each token is minted for one model with its password
 * and opens that model only) or `account` (the account token, which opens every model of the channel).
 *
 * @return array{base_url: string, scope: string, account_name: string, api_key: string, model_passwords: array<string, string>, public_account_token: bool}
 */
function bimu_model_embed_settings(): array {
	$stored = get_option( 'bimu_model_embed_settings', array() );
	$stored = is_array( $stored ) ? $stored : array();
	return array(
		'base_url'             => is_string( $stored['base_url'] ?? null ) && '' !== $stored['base_url'] ? $stored['base_url'] : BIMU_MODEL_EMBED_DEFAULT_BASE_URL,
		'scope'                => 'account' === ( $stored['scope'] ?? '' ) ? 'account' : 'model',
		'account_name'         => is_string( $stored['account_name'] ?? null ) ? $stored['account_name'] : '',
		'api_key'              => is_string( $stored['api_key'] ?? null ) ? $stored['api_key'] : '',
		'model_passwords'      => is_array( $stored['model_passwords'] ?? null ) ? $stored['model_passwords'] : array(),
		'public_account_token' => true === ( $stored['public_account_token'] ?? false ),
	);
}

/**
 * Validates and stores settings. Returns a list of problems (empty when saved). Secrets given as `null` keep
 * their stored value, so that a form never needs to print them back.
 *
 * @param array $changes Any of the keys of bimu_model_embed_settings().
 * @return string[]
 */
function bimu_model_embed_update_settings( array $changes ): array {
	$settings = array_merge( bimu_model_embed_settings(), array_filter( $changes, static fn( $value ) => null !== $value ) );
	$errors   = array();

	$base_url = untrailingslashit( trim( (string) $settings['base_url'] ) );
	$parts    = wp_parse_url( $base_url );
	if ( ! is_array( $parts ) || ! in_array( $parts['scheme'] ?? '', array( 'http', 'https' ), true ) || empty( $parts['host'] )
		|| isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
		$errors[] = __( 'The REST API base must be an absolute http(s) URL without credentials, query or fragment.', 'bimu-model-embed' );
	}
	$settings['base_url']     = $base_url;
	$settings['account_name'] = trim( (string) $settings['account_name'] );
	$settings['api_key']      = trim( (string) $settings['api_key'] );
	if ( str_contains( $settings['account_name'], ':' ) ) {
		// Basic credentials are split at the first colon: such a name could never authenticate.
		$errors[] = __( 'The account name must not contain ":".', 'bimu-model-embed' );
	}
	$passwords = array();
	foreach ( (array) $settings['model_passwords'] as $model_id => $password ) {
		if ( ! bimu_model_embed_is_valid_model_id( (string) $model_id ) || ! is_string( $password ) ) {
			$errors[] = sprintf( /* translators: %s: a model id */ __( 'Not a valid model id: %s', 'bimu-model-embed' ), (string) $model_id );
			continue;
		}
		$passwords[ (string) $model_id ] = $password;
	}
	$settings['model_passwords'] = $passwords;
	if ( 'account' === $settings['scope'] ) {
		if ( '' === $settings['account_name'] || '' === $settings['api_key'] ) {
			$errors[] = __( 'Account scope needs the account name and the API key.', 'bimu-model-embed' );
		}
		if ( ! $settings['public_account_token'] && ! has_filter( 'bimu_model_embed_authorize' ) ) {
			$errors[] = __( 'Account scope hands every visitor a token that opens every model of the channel: confirm that all of them are public, or add a bimu_model_embed_authorize filter.', 'bimu-model-embed' );
		}
	}
	if ( $errors ) {
		return $errors;
	}
	update_option( 'bimu_model_embed_settings', $settings, false );
	// A token minted with the old credentials or for another service must not be handed out any more.
	bimu_model_embed_forget_tokens();
	return array();
}
