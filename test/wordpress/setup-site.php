<?php
/**
 * Creates the test site: installs WordPress, adds an author (no `unfiltered_html`), activates the plugin and
 * gives it the local platform's LOCAL-ONLY demo passwords and base URL. Run by scripts/test-wordpress.sh.
 */
require __DIR__ . '/wp-cli-bootstrap.php';
define( 'WP_INSTALLING', true );
// The install mails the admin; the test machine has no mail server.
function wp_mail(): bool {
	return true;
}
require '/usr/share/wordpress/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$fail = static function ( string $message ): void {
	fwrite( STDERR, $message . "\n" );
	exit( 1 );
};

wp_install( 'model-viewer-embed test site', 'admin', 'admin@example.test', false, '', getenv( 'MVE_WP_ADMIN_PASSWORD' ) );
update_option( 'siteurl', getenv( 'MVE_WP_URL' ) );
update_option( 'home', getenv( 'MVE_WP_URL' ) );
// Gravatar images would be requests to the internet, which this machine cannot reach.
update_option( 'show_avatars', 0 );
$author = wp_insert_user(
	array(
		'user_login' => 'author',
		'user_pass'  => getenv( 'MVE_WP_AUTHOR_PASSWORD' ),
		'user_email' => 'author@example.test',
		'role'       => 'author',
	)
);
if ( is_wp_error( $author ) ) {
	$fail( 'author: ' . $author->get_error_message() );
}
if ( user_can( $author, 'unfiltered_html' ) ) {
	$fail( 'The author must not have unfiltered_html.' );
}
// The block editor's welcome guide would cover the editor in the screenshots.
update_user_meta( $author, 'wp_persisted_preferences', array( 'core/edit-post' => array( 'welcomeGuide' => false ) ) );

$activated = activate_plugin( 'bimu-model-embed/bimu-model-embed.php' );
if ( is_wp_error( $activated ) ) {
	$fail( 'activate: ' . $activated->get_error_message() );
}
require_once WP_PLUGIN_DIR . '/bimu-model-embed/bimu-model-embed.php';
$errors = bimu_model_embed_update_settings(
	array(
		'base_url'        => getenv( 'MVE_PLATFORM_URL' ) . '/rest/api/v1',
		'scope'           => 'model',
		// LOCAL-ONLY passwords of the local platform's demo models (demo/platform/catalog.ts).
		'model_passwords' => array(
			'small-office' => 'local-demo-small-office-password',
			'large-campus' => 'local-demo-large-campus-password',
			'open-pavilion' => '',
			'fault-token-500' => '',
		),
	)
);
if ( $errors ) {
	$fail( implode( "\n", $errors ) );
}
echo "WordPress site ready.\n";
