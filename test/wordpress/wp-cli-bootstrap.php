<?php
/**
 * Loads the test site's WordPress in a PHP CLI process (the site setup and the PHPUnit tests): Debian's
 * wp-config.php picks this run's config file from WORDPRESS_CONFIG, and WordPress needs a host and a URI.
 */
$_SERVER['WORDPRESS_CONFIG'] = getenv( 'MVE_WP_CONFIG' );
$_SERVER['HTTP_HOST']        = parse_url( getenv( 'MVE_WP_URL' ), PHP_URL_HOST ) . ':' . parse_url( getenv( 'MVE_WP_URL' ), PHP_URL_PORT );
$_SERVER['REQUEST_URI']      = '/';
$_SERVER['SERVER_NAME']      = parse_url( getenv( 'MVE_WP_URL' ), PHP_URL_HOST );
$_SERVER['REQUEST_METHOD']   = 'GET';
