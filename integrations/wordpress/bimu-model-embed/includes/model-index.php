<?php
/**
 * Which models the site's published content embeds: the token route's default rule hands out tokens for
 * those only. Each post keeps one `_bimu_model_id` meta row per model its blocks, shortcodes or raw elements
 * name, updated whenever the post is saved.
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

/**
 * The model ids a post's content embeds (blocks, including nested ones; shortcodes; raw elements).
 *
 * @return string[]
 */
function bimu_model_embed_model_ids_in( string $content ): array {
	$ids   = array();
	$visit = static function ( array $blocks ) use ( &$visit, &$ids ): void {
		foreach ( $blocks as $block ) {
			if ( 'bimu/model' === $block['blockName'] ) {
				$ids[] = $block['attrs']['modelId'] ?? '';
			}
			$visit( $block['innerBlocks'] ?? array() );
		}
	};
	$visit( parse_blocks( $content ) );
	if ( preg_match_all( '/' . get_shortcode_regex( array( 'bimu_model' ) ) . '/', $content, $matches, PREG_SET_ORDER ) ) {
		foreach ( $matches as $match ) {
			$ids[] = shortcode_parse_atts( $match[3] )['id'] ?? '';
		}
	}
	if ( preg_match_all( '/<model-viewer-embed\b([^>]*)>/i', $content, $matches ) ) {
		foreach ( $matches[1] as $attributes ) {
			$ids[] = bimu_model_embed_raw_attributes( $attributes )['model-id'] ?? '';
		}
	}
	return array_values( array_unique( array_filter( $ids, 'bimu_model_embed_is_valid_model_id' ) ) );
}

/** Keeps a post's model index in step with its content; revisions and autosaves are not content anyone sees. */
function bimu_model_embed_index_post( int $post_id, WP_Post $post ): void {
	if ( wp_is_post_revision( $post_id ) || wp_is_post_autosave( $post_id ) ) {
		return;
	}
	delete_post_meta( $post_id, '_bimu_model_id' );
	foreach ( bimu_model_embed_model_ids_in( $post->post_content ) as $model_id ) {
		add_post_meta( $post_id, '_bimu_model_id', $model_id );
	}
}

/** True when a published, publicly viewable post without a post password embeds the model. */
function bimu_model_embed_is_published_model( string $model_id ): bool {
	$query = new WP_Query(
		array(
			'post_type'              => get_post_types( array( 'public' => true ) ),
			'post_status'            => 'publish',
			'has_password'           => false,
			// BINARY: ids are case-sensitive, the database's default collation is not.
			'meta_query'             => array( // phpcs:ignore WordPress.DB.SlowDBQuery
				array(
					'key'   => '_bimu_model_id',
					'value' => $model_id,
					'type'  => 'BINARY',
				),
			),
			'posts_per_page'         => 1,
			'fields'                 => 'ids',
			'no_found_rows'          => true,
			'suppress_filters'       => true,
			'update_post_meta_cache' => false,
			'update_post_term_cache' => false,
		)
	);
	return count( $query->posts ) > 0;
}
