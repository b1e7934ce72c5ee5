<?php
/**
 * The plugin's token route (`POST /wp-json/bimu/v1/token`) over real HTTP against the local bimU.io platform:
 * the contract of `model-viewer-embed/server` — bad bodies, methods, cross-site callers, model scope,
 * caching, one upstream request at a time, upstream failures — and no secret in any answer or log line.
 */
use PHPUnit\Framework\TestCase;

final class TokenRouteTest extends TestCase {
	// LOCAL-ONLY passwords of the local platform's demo models (demo/platform/catalog.ts).
	private const SMALL_OFFICE_PASSWORD = 'local-demo-small-office-password';
	private const LARGE_CAMPUS_PASSWORD = 'local-demo-large-campus-password';
	private const DEMO_API_KEY          = 'local-demo-api-key';

	private static array $settings;

	public static function setUpBeforeClass(): void {
		self::$settings = bimu_model_embed_settings();
		$publish        = static fn( string $title, string $model_id, string $status ) => wp_insert_post(
			array(
				'post_title'   => $title,
				'post_status'  => $status,
				'post_content' => '<!-- wp:bimu/model {"modelId":"' . $model_id . '"} /-->',
			),
			true
		);
		foreach ( array( 'small-office', 'fault-token-500', 'private-annex', 'open-pavilion' ) as $model_id ) {
			self::assertIsInt( $publish( "Route test: $model_id", $model_id, 'publish' ) );
		}
		self::assertIsInt( $publish( 'Route test: draft', 'large-campus', 'draft' ) );
	}

	protected function setUp(): void {
		$this->assertSame( array(), bimu_model_embed_update_settings( self::$settings ) );
		bimu_model_embed_forget_tokens();
		mve_http( 'POST', getenv( 'MVE_PLATFORM_URL' ) . '/__platform/reset' );
	}

	public static function tearDownAfterClass(): void {
		bimu_model_embed_update_settings( self::$settings );
	}

	private static function route(): string {
		return getenv( 'MVE_WP_URL' ) . '/?rest_route=/bimu/v1/token';
	}

	private static function ask( array $body, array $headers = array() ): array {
		return mve_http( 'POST', self::route(), array_merge( array( 'Content-Type' => 'application/json' ), $headers ), json_encode( $body ) );
	}

	/** The model ids the platform was asked for tokens since the last reset, in order. */
	private static function upstream_token_users(): array {
		$stats = json_decode( mve_http( 'GET', getenv( 'MVE_PLATFORM_URL' ) . '/__platform/stats' )['body'], true );
		return $stats['tokenUsers'];
	}

	private function assertNoSecret( array $response ): void {
		foreach ( array( self::SMALL_OFFICE_PASSWORD, self::LARGE_CAMPUS_PASSWORD, self::DEMO_API_KEY, 'wrong-password-for-test' ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $response['headers'] . $response['body'] );
			$this->assertStringNotContainsString( base64_encode( $secret ), $response['headers'] . $response['body'] );
		}
	}

	private function assertError( int $status, string $code, array $response ): void {
		$this->assertSame( $status, $response['status'], $response['body'] );
		$this->assertSame( $code, json_decode( $response['body'], true )['error'] ?? null, $response['body'] );
		$this->assertMatchesRegularExpression( '/^Cache-Control: no-store/mi', $response['headers'] );
		$this->assertNoSecret( $response );
	}

	public function test_a_model_token_opens_its_model_and_no_other(): void {
		$response = self::ask( array( 'modelId' => 'small-office' ) );
		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertMatchesRegularExpression( '/^Cache-Control: no-store/mi', $response['headers'] );
		$this->assertNoSecret( $response );
		$body = json_decode( $response['body'], true );
		$this->assertGreaterThan( 0, $body['expiresIn'] );
		$this->assertSame( array( 'small-office' ), self::upstream_token_users() );

		$blob = static fn( string $model_id ) => mve_http(
			'GET',
			getenv( 'MVE_PLATFORM_URL' ) . "/rest/api/v1/channels/demo-channel/models/$model_id/blob",
			array( 'Authorization' => 'Bearer ' . $body['token'] )
		)['status'];
		$this->assertSame( 200, $blob( 'small-office' ) );
		$this->assertSame( 403, $blob( 'large-campus' ) );
	}

	public function test_the_token_is_cached_until_a_margin_before_exp(): void {
		$first  = json_decode( self::ask( array( 'modelId' => 'small-office' ) )['body'], true );
		$second = json_decode( self::ask( array( 'modelId' => 'small-office' ) )['body'], true );
		$this->assertSame( $first['token'], $second['token'] );
		$this->assertSame( array( 'small-office' ), self::upstream_token_users() );
		// A "refresh" (the element's retry after a 401) is honoured only for a token at least 30 s old.
		$third = json_decode( self::ask( array( 'modelId' => 'small-office', 'refresh' => true ) )['body'], true );
		$this->assertSame( $first['token'], $third['token'] );
		$this->assertSame( array( 'small-office' ), self::upstream_token_users() );
	}

	public function test_concurrent_callers_share_one_upstream_request_per_model(): void {
		$requests = array();
		foreach ( array_merge( array_fill( 0, 6, 'small-office' ), array_fill( 0, 6, 'open-pavilion' ) ) as $model_id ) {
			$requests[] = array(
				'method'  => 'POST',
				'url'     => self::route(),
				'headers' => array( 'Content-Type' => 'application/json' ),
				'body'    => json_encode( array( 'modelId' => $model_id ) ),
			);
		}
		$responses = mve_http_parallel( $requests );
		$tokens    = array();
		foreach ( $responses as $index => $response ) {
			$this->assertSame( 200, $response['status'], $response['body'] );
			$tokens[ $index < 6 ? 'small-office' : 'open-pavilion' ][] = json_decode( $response['body'], true )['token'];
		}
		$this->assertCount( 1, array_unique( $tokens['small-office'] ) );
		$this->assertCount( 1, array_unique( $tokens['open-pavilion'] ) );
		$users = self::upstream_token_users();
		sort( $users );
		$this->assertSame( array( 'open-pavilion', 'small-office' ), $users );
	}

	public function test_bad_bodies_are_refused(): void {
		$raw = static fn( string $body, string $type = 'application/json' ) => mve_http( 'POST', self::route(), array( 'Content-Type' => $type ), $body );
		$this->assertError( 400, 'invalid-content-type', $raw( '{"modelId":"small-office"}', 'text/plain' ) );
		$this->assertError( 400, 'invalid-json', $raw( '{"modelId":' ) );
		$this->assertError( 400, 'invalid-json', $raw( '["small-office"]' ) );
		$this->assertError( 400, 'invalid-json', $raw( '"small-office"' ) );
		$this->assertError( 400, 'invalid-model-id', $raw( '{"modelId":"../small-office"}' ) );
		$this->assertError( 400, 'invalid-model-id', $raw( '{"modelId":42}' ) );
		$this->assertError( 400, 'invalid-model-id', $raw( '{}' ) );
		$this->assertError( 413, 'body-too-large', $raw( json_encode( array( 'modelId' => 'small-office', 'pad' => str_repeat( 'x', 5000 ) ) ) ) );
		$this->assertSame( array(), self::upstream_token_users() );
	}

	public function test_other_methods_get_405(): void {
		foreach ( array( 'GET', 'PUT', 'DELETE', 'OPTIONS' ) as $method ) {
			$response = mve_http( $method, self::route() );
			$this->assertError( 405, 'method-not-allowed', $response );
			$this->assertMatchesRegularExpression( '/^Allow: POST\r?$/mi', $response['headers'], $method );
		}
	}

	public function test_pages_of_other_sites_are_refused(): void {
		$this->assertError( 403, 'origin-not-allowed', self::ask( array( 'modelId' => 'small-office' ), array( 'Sec-Fetch-Site' => 'cross-site' ) ) );
		$this->assertError( 403, 'origin-not-allowed', self::ask( array( 'modelId' => 'small-office' ), array( 'Sec-Fetch-Site' => 'same-site' ) ) );
		$this->assertError( 403, 'origin-not-allowed', self::ask( array( 'modelId' => 'small-office' ), array( 'Origin' => 'https://attacker.example' ) ) );
		$this->assertSame( array(), self::upstream_token_users() );
		$this->assertSame( 200, self::ask( array( 'modelId' => 'small-office' ), array( 'Sec-Fetch-Site' => 'same-origin' ) )['status'] );
		$this->assertSame( 200, self::ask( array( 'modelId' => 'small-office' ), array( 'Origin' => getenv( 'MVE_WP_URL' ) ) )['status'] );
	}

	public function test_models_without_a_password_or_a_published_post_are_refused_without_asking_upstream(): void {
		// Published, but no password configured for it.
		$this->assertError( 403, 'forbidden', self::ask( array( 'modelId' => 'private-annex' ) ) );
		// Password configured, but only a draft embeds it.
		$this->assertError( 403, 'forbidden', self::ask( array( 'modelId' => 'large-campus' ) ) );
		// Neither; and the answer does not tell which models exist.
		$this->assertError( 403, 'forbidden', self::ask( array( 'modelId' => 'no-such-model' ) ) );
		$this->assertSame( array(), self::upstream_token_users() );
	}

	public function test_account_scope_needs_an_explicit_choice(): void {
		$errors = bimu_model_embed_update_settings(
			array(
				'scope'        => 'account',
				'account_name' => 'demo-account',
				'api_key'      => self::DEMO_API_KEY,
			)
		);
		$this->assertNotEmpty( $errors );
		$this->assertStringNotContainsString( self::DEMO_API_KEY, implode( ' ', $errors ) );
		$this->assertSame( 'model', bimu_model_embed_settings()['scope'] );

		$this->assertSame(
			array(),
			bimu_model_embed_update_settings(
				array(
					'scope'                => 'account',
					'account_name'         => 'demo-account',
					'api_key'              => self::DEMO_API_KEY,
					'public_account_token' => true,
				)
			)
		);
		$response = self::ask( array( 'modelId' => 'private-annex' ) );
		$this->assertSame( 200, $response['status'], $response['body'] );
		$this->assertNoSecret( $response );
		$this->assertSame( array( 'demo-account' ), self::upstream_token_users() );
	}

	public function test_upstream_failures_answer_502_without_secrets(): void {
		$log_before = (string) @file_get_contents( getenv( 'MVE_WP_LOG' ) );

		$settings                                    = self::$settings;
		$settings['model_passwords']['small-office'] = 'wrong-password-for-test';
		$this->assertSame( array(), bimu_model_embed_update_settings( $settings ) );
		$refused = self::ask( array( 'modelId' => 'small-office' ) );
		$this->assertError( 502, 'upstream-failed', $refused );
		$this->assertMatchesRegularExpression( '/^Retry-After: \d+/mi', $refused['headers'] );
		// Refused credentials are not retried at once: the next caller gets 503 without an upstream request.
		$this->assertError( 503, 'upstream-unavailable', self::ask( array( 'modelId' => 'small-office' ) ) );
		$this->assertSame( array( 'small-office' ), self::upstream_token_users() );

		$this->assertError( 502, 'upstream-failed', self::ask( array( 'modelId' => 'fault-token-500' ) ) );

		$settings             = self::$settings;
		$settings['base_url'] = 'http://127.0.0.1:9/rest/api/v1';
		$this->assertSame( array(), bimu_model_embed_update_settings( $settings ) );
		$this->assertError( 502, 'upstream-failed', self::ask( array( 'modelId' => 'open-pavilion' ) ) );

		$log = substr( (string) file_get_contents( getenv( 'MVE_WP_LOG' ) ), strlen( $log_before ) );
		$this->assertStringContainsString( 'bimU.io refused the credentials (status 401)', $log );
		$this->assertStringContainsString( 'status 500', $log );
		foreach ( array( 'wrong-password-for-test', self::SMALL_OFFICE_PASSWORD, self::DEMO_API_KEY ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $log );
		}
	}
}
