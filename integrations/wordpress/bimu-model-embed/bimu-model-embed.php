<?php
/**
 * Plugin Name:       bimU.io model
 * Description:       Embeds bimU.io BIM models with the &lt;model-viewer-embed&gt; element: a block, a shortcode, and a token route that keeps the API key and model passwords on the server.
 * Version:           0.1.0
 * Requires at least: 6.1
 * Requires PHP:      8.1
 * License:           MIT
 * Text Domain:       bimu-model-embed
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

define( 'BIMU_MODEL_EMBED_VERSION', '0.1.0' );
define( 'BIMU_MODEL_EMBED_FILE', __FILE__ );
define( 'BIMU_MODEL_EMBED_DIR', __DIR__ );

require_once __DIR__ . '/includes/options.php';
require_once __DIR__ . '/includes/model-index.php';
require_once __DIR__ . '/includes/token-endpoint.php';
require_once __DIR__ . '/includes/render.php';
require_once __DIR__ . '/includes/settings-page.php';

add_action( 'init', 'bimu_model_embed_register_block_and_shortcode' );
add_action( 'wp_enqueue_scripts', 'bimu_model_embed_register_script' );
add_action( 'enqueue_block_editor_assets', 'bimu_model_embed_register_script' );
add_filter( 'script_loader_tag', 'bimu_model_embed_module_script_tag', 10, 2 );
add_filter( 'the_content', 'bimu_model_embed_render_raw_elements', 8 );
add_filter( 'wp_kses_allowed_html', 'bimu_model_embed_kses_allowed_html', 10, 2 );
add_action( 'save_post', 'bimu_model_embed_index_post', 10, 2 );
add_action( 'rest_api_init', 'bimu_model_embed_register_token_route' );
// Before WordPress answers OPTIONS itself (priority 10) and before it validates the JSON body: the token route
// answers every method and every malformed body with this project's own error contract.
add_filter( 'rest_pre_dispatch', 'bimu_model_embed_pre_dispatch', 9, 3 );
add_action( 'admin_menu', 'bimu_model_embed_add_settings_page' );
add_action( 'admin_post_bimu_model_embed_save', 'bimu_model_embed_save_settings' );
