<?php
/**
 * Router of `php -S` for the WordPress test site: Debian's WordPress from /usr/share/wordpress, this run's
 * wp-content (the plugin under test) from MVE_WP_CONTENT, and this run's config file
 * /etc/wordpress/config-<MVE_WP_CONFIG>.php, chosen the way Debian's wp-config.php allows (WORDPRESS_CONFIG).
 */
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'MVE_WP_CONFIG' );
$path    = rawurldecode( (string) parse_url( $_SERVER['REQUEST_URI'], PHP_URL_PATH ) );
$content = getenv( 'MVE_WP_CONTENT' );

if ( str_starts_with( $path, '/wp-content/' ) ) {
	$file = realpath( $content . substr( $path, strlen( '/wp-content' ) ) );
	if ( false === $file || ! str_starts_with( $file, realpath( $content ) . '/' ) || ! is_file( $file ) || str_ends_with( $file, '.php' ) ) {
		http_response_code( 404 );
		return true;
	}
	$types = array(
		'js'    => 'text/javascript',
		'css'   => 'text/css',
		'woff2' => 'font/woff2',
		'woff'  => 'font/woff',
		'ttf'   => 'font/ttf',
		'eot'   => 'application/vnd.ms-fontobject',
		'svg'   => 'image/svg+xml',
		'png'   => 'image/png',
		'json'  => 'application/json',
	);
	header( 'Content-Type: ' . ( $types[ pathinfo( $file, PATHINFO_EXTENSION ) ] ?? 'application/octet-stream' ) );
	header( 'Content-Length: ' . filesize( $file ) );
	readfile( $file );
	return true;
}
if ( '/' !== $path && file_exists( $_SERVER['DOCUMENT_ROOT'] . $path ) ) {
	if ( is_dir( $_SERVER['DOCUMENT_ROOT'] . $path ) ) {
		$_SERVER['SCRIPT_FILENAME'] = rtrim( $_SERVER['DOCUMENT_ROOT'] . $path, '/' ) . '/index.php';
		$_SERVER['SCRIPT_NAME']     = rtrim( $path, '/' ) . '/index.php';
		chdir( dirname( $_SERVER['SCRIPT_FILENAME'] ) );
		require $_SERVER['SCRIPT_FILENAME'];
		return true;
	}
	return false;
}
// Everything else (pretty URLs, /wp-json/…) is WordPress's front controller.
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['SCRIPT_NAME']     = '/index.php';
chdir( $_SERVER['DOCUMENT_ROOT'] );
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
