<?php
/**
 * Everything that puts `<model-viewer-embed>` into a page: the block, the shortcode and raw elements in
 * content all end in one server-side rendering with escaped attributes, and only pages that render one load
 * the element's script.
 *
 * The attributes that load code or choose where credentials go (`sdk-src`, `three-src`, `ui-assets-base`,
 * `base-url`, `token-url`, `access-token`) come from the plugin, never from content: an author who could set
 * `sdk-src` could run any script on the site.
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

/** The attributes an author may write on a raw `<model-viewer-embed>` (kses keeps these and nothing else). */
const BIMU_MODEL_EMBED_AUTHOR_ATTRIBUTES = array( 'model-id', 'password-mode', 'timeout', 'class', 'id', 'title', 'style' );

function bimu_model_embed_register_block_and_shortcode(): void {
	register_block_type(
		BIMU_MODEL_EMBED_DIR . '/block',
		array( 'render_callback' => 'bimu_model_embed_render_block' )
	);
	add_shortcode( 'bimu_model', 'bimu_model_embed_render_shortcode' );
}

/** The element as one script module with Lit inside, and the SDK files beside it, all served by the plugin. */
function bimu_model_embed_register_script(): void {
	wp_register_script(
		'bimu-model-embed',
		plugins_url( 'assets/model-viewer-embed.min.js', BIMU_MODEL_EMBED_FILE ),
		array(),
		BIMU_MODEL_EMBED_VERSION,
		true
	);
}

/** WordPress 6.1 has no script-module API: the element's bundle is an ES module, so its tag says so. */
function bimu_model_embed_module_script_tag( string $tag, string $handle ): string {
	if ( 'bimu-model-embed' !== $handle ) {
		return $tag;
	}
	return str_replace( '<script ', '<script type="module" ', preg_replace( "/ type=(['\"])text\\/javascript\\1/", '', $tag ) );
}

/** Self-hosted SDK, three.js r113 and UI assets: no CDN, and what a strict CSP can allow by origin. */
function bimu_model_embed_asset_url( string $path ): string {
	return plugins_url( 'assets/vendor/' . $path, BIMU_MODEL_EMBED_FILE );
}

/**
 * Renders the element. `$options`: `modelId` (required), `auth` (`token` or `password`), `height` (a CSS
 * length), `timeout` (seconds, 0 disables the watchdog), `className`, `anchor`, `title`.
 */
function bimu_model_embed_render( array $options ): string {
	$model_id = (string) ( $options['modelId'] ?? '' );
	if ( ! bimu_model_embed_is_valid_model_id( $model_id ) ) {
		// Nothing a visitor could use; editors see the block's own notice in the editor.
		return current_user_can( 'edit_posts' ) ? '<p class="bimu-model-embed-missing">' . esc_html__( 'bimU.io model: no valid model id.', 'bimu-model-embed' ) . '</p>' : '';
	}
	wp_enqueue_script( 'bimu-model-embed' );
	$settings   = bimu_model_embed_settings();
	$attributes = array(
		'model-id'       => $model_id,
		'base-url'       => $settings['base_url'],
		'sdk-src'        => bimu_model_embed_asset_url( 'bimu/bimU.io.Viewer.umd.js' ),
		'three-src'      => bimu_model_embed_asset_url( 'three/three.min.js' ),
		'ui-assets-base' => bimu_model_embed_asset_url( '' ),
	);
	if ( 'password' === ( $options['auth'] ?? 'token' ) ) {
		$attributes['password-mode'] = '';
	} else {
		$attributes['token-url'] = rest_url( 'bimu/v1/token' );
	}
	$timeout = $options['timeout'] ?? '';
	if ( '' !== $timeout && null !== $timeout && is_numeric( $timeout ) && $timeout >= 0 && $timeout <= 2147483 ) {
		$attributes['timeout'] = (string) ( (int) $timeout * 1000 );
	}
	$style  = '';
	$height = trim( (string) ( $options['height'] ?? '' ) );
	if ( 1 === preg_match( '/^\d{1,5}(\.\d{1,3})?(px|em|rem|vh|svh|dvh)$/D', $height ) ) {
		$style = 'height:' . $height . ';';
	}
	$extra_style = trim( (string) ( $options['style'] ?? '' ) );
	if ( '' !== $extra_style ) {
		// The same CSS filter kses applies to authors' `style` attributes.
		$style .= safecss_filter_attr( $extra_style );
	}
	if ( '' !== $style ) {
		$attributes['style'] = $style;
	}
	$class = trim( 'wp-block-bimu-model ' . (string) ( $options['className'] ?? '' ) );
	$attributes['class'] = implode( ' ', array_map( 'sanitize_html_class', preg_split( '/\s+/', $class ) ) );
	foreach ( array( 'anchor' => 'id', 'title' => 'title' ) as $option => $name ) {
		if ( ! empty( $options[ $option ] ) && is_string( $options[ $option ] ) ) {
			$attributes[ $name ] = $options[ $option ];
		}
	}
	$html = '<model-viewer-embed';
	foreach ( $attributes as $name => $value ) {
		$html .= '' === $value && 'password-mode' === $name ? ' ' . $name : ' ' . $name . '="' . esc_attr( $value ) . '"';
	}
	return $html . '></model-viewer-embed>';
}

function bimu_model_embed_render_block( array $attributes ): string {
	return bimu_model_embed_render( $attributes );
}

/** `[bimu_model id="small-office" auth="password" height="480px" timeout="60"]` for the classic editor. */
function bimu_model_embed_render_shortcode( $atts ): string {
	$atts = shortcode_atts(
		array(
			'id'      => '',
			'auth'    => 'token',
			'height'  => '',
			'timeout' => '',
			'class'   => '',
		),
		$atts,
		'bimu_model'
	);
	return bimu_model_embed_render(
		array(
			'modelId'   => $atts['id'],
			'auth'      => $atts['auth'],
			'height'    => $atts['height'],
			'timeout'   => $atts['timeout'],
			'className' => $atts['class'],
		)
	);
}

/**
 * The attributes of a raw element's start tag, by lower-case name.
 *
 * @return array<string, string>
 */
function bimu_model_embed_raw_attributes( string $attributes ): array {
	$parsed = array();
	foreach ( wp_kses_hair( $attributes, array( 'http', 'https' ) ) as $name => $attribute ) {
		$parsed[ strtolower( $name ) ] = 'y' === $attribute['vless'] ? '' : html_entity_decode( $attribute['value'], ENT_QUOTES );
	}
	return $parsed;
}

/**
 * Raw `<model-viewer-embed>` elements that authors typed (kses kept them, with their own attributes only) are
 * rendered like the block: the plugin adds the token route and the self-hosted SDK, and any other attribute
 * (an administrator's `sdk-src` included) is dropped. Runs before blocks and shortcodes are rendered, so their
 * output is never rewritten.
 */
function bimu_model_embed_render_raw_elements( string $content ): string {
	if ( false === stripos( $content, '<model-viewer-embed' ) ) {
		return $content;
	}
	return preg_replace_callback(
		'#<model-viewer-embed\b([^>]*)>(.*?)</model-viewer-embed\s*>#is',
		static function ( array $match ): string {
			$raw = bimu_model_embed_raw_attributes( $match[1] );
			return bimu_model_embed_render(
				array(
					'modelId'   => $raw['model-id'] ?? '',
					'auth'      => array_key_exists( 'password-mode', $raw ) ? 'password' : 'token',
					'timeout'   => isset( $raw['timeout'] ) && is_numeric( $raw['timeout'] ) ? (int) $raw['timeout'] / 1000 : '',
					'className' => $raw['class'] ?? '',
					'anchor'    => $raw['id'] ?? '',
					'title'     => $raw['title'] ?? '',
					'style'     => $raw['style'] ?? '',
				)
			);
		},
		$content
	) ?? $content;
}

/**
 * Lets authors without `unfiltered_html` keep `<model-viewer-embed>` in posts, with the attributes that
 * choose a model and how it is shown, and none that load code or redirect credentials.
 */
function bimu_model_embed_kses_allowed_html( array $tags, $context ): array {
	if ( 'post' === $context ) {
		$tags['model-viewer-embed'] = array_fill_keys( BIMU_MODEL_EMBED_AUTHOR_ATTRIBUTES, true );
	}
	return $tags;
}
