<?php
/**
 * PHPUnit bootstrap: the test site's WordPress in this process (to arrange posts and settings with the
 * plugin's own functions) and a small HTTP client for the route as browsers reach it (`php -S`, several
 * workers). Environment from scripts/test-wordpress.sh.
 */
require __DIR__ . '/../wp-cli-bootstrap.php';
require '/usr/share/wordpress/wp-load.php';

/**
 * One HTTP/1.0 exchange per request, all sent before any is read, so that they run in parallel on the
 * server's workers.
 *
 * @param array<int, array{method: string, url: string, headers?: array<string, string>, body?: string}> $requests
 * @return array<int, array{status: int, headers: string, body: string}>
 */
function mve_http_parallel( array $requests ): array {
	$sockets = array();
	foreach ( $requests as $index => $request ) {
		$url    = parse_url( $request['url'] );
		$socket = stream_socket_client( 'tcp://' . $url['host'] . ':' . $url['port'], $errno, $error, 30 );
		if ( false === $socket ) {
			throw new RuntimeException( "connect: $error" );
		}
		$body    = $request['body'] ?? '';
		$headers = array_merge(
			array(
				'Host'           => $url['host'] . ':' . $url['port'],
				'Content-Length' => (string) strlen( $body ),
				'Connection'     => 'close',
			),
			$request['headers'] ?? array()
		);
		$head = $request['method'] . ' ' . ( $url['path'] ?? '/' ) . ( isset( $url['query'] ) ? '?' . $url['query'] : '' ) . " HTTP/1.0\r\n";
		foreach ( $headers as $name => $value ) {
			$head .= "$name: $value\r\n";
		}
		fwrite( $socket, $head . "\r\n" . $body );
		$sockets[ $index ] = $socket;
	}
	$responses = array();
	foreach ( $sockets as $index => $socket ) {
		stream_set_timeout( $socket, 60 );
		$raw = stream_get_contents( $socket );
		fclose( $socket );
		[ $head, $body ] = array_pad( explode( "\r\n\r\n", (string) $raw, 2 ), 2, '' );
		preg_match( '#^HTTP/\S+ (\d{3})#', $head, $match );
		$responses[ $index ] = array(
			'status'  => (int) ( $match[1] ?? 0 ),
			'headers' => $head,
			'body'    => $body,
		);
	}
	return $responses;
}

/** @return array{status: int, headers: string, body: string} */
function mve_http( string $method, string $url, array $headers = array(), string $body = '' ): array {
	return mve_http_parallel(
		array(
			array(
				'method'  => $method,
				'url'     => $url,
				'headers' => $headers,
				'body'    => $body,
			),
		)
	)[0];
}
