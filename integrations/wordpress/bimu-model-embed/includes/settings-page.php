<?php
/**
 * Settings → bimU.io (capability `manage_options`). The form never prints a stored secret back: the API key
 * and each model password are write-only fields (empty keeps the stored value), and the page shows only which
 * models have a password.
 *
 * @package BimuModelEmbed
 */

defined( 'ABSPATH' ) || exit;

function bimu_model_embed_add_settings_page(): void {
	add_options_page( 'bimU.io', 'bimU.io', 'manage_options', 'bimu-model-embed', 'bimu_model_embed_settings_page' );
}

function bimu_model_embed_settings_page(): void {
	if ( ! current_user_can( 'manage_options' ) ) {
		return;
	}
	$settings = bimu_model_embed_settings();
	$errors   = get_transient( 'bimu_model_embed_settings_errors_' . get_current_user_id() );
	delete_transient( 'bimu_model_embed_settings_errors_' . get_current_user_id() );
	?>
	<div class="wrap">
		<h1><?php esc_html_e( 'bimU.io models', 'bimu-model-embed' ); ?></h1>
		<?php if ( is_array( $errors ) && $errors ) : ?>
			<div class="notice notice-error"><?php foreach ( $errors as $error ) : ?><p><?php echo esc_html( $error ); ?></p><?php endforeach; ?></div>
		<?php elseif ( isset( $_GET['updated'] ) ) : // phpcs:ignore WordPress.Security.NonceVerification ?>
			<div class="notice notice-success"><p><?php esc_html_e( 'Settings saved.', 'bimu-model-embed' ); ?></p></div>
		<?php endif; ?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" autocomplete="off">
			<input type="hidden" name="action" value="bimu_model_embed_save">
			<?php wp_nonce_field( 'bimu_model_embed_save' ); ?>
			<table class="form-table" role="presentation">
				<tr>
					<th scope="row"><label for="bimu-base-url"><?php esc_html_e( 'REST API base', 'bimu-model-embed' ); ?></label></th>
					<td><input id="bimu-base-url" name="base_url" type="url" class="regular-text" value="<?php echo esc_attr( $settings['base_url'] ); ?>"></td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Tokens', 'bimu-model-embed' ); ?></th>
					<td>
						<label><input type="radio" name="scope" value="model" <?php checked( 'model', $settings['scope'] ); ?>> <?php esc_html_e( 'Model tokens (recommended): each token opens one model; minted with that model’s password below.', 'bimu-model-embed' ); ?></label><br>
						<label><input type="radio" name="scope" value="account" <?php checked( 'account', $settings['scope'] ); ?>> <?php esc_html_e( 'Account token: opens every model of the channel, for every visitor who gets it.', 'bimu-model-embed' ); ?></label><br>
						<label><input type="checkbox" name="public_account_token" value="1" <?php checked( $settings['public_account_token'] ); ?>> <?php esc_html_e( 'Every model of the channel is public (required for account tokens unless code adds a bimu_model_embed_authorize filter).', 'bimu-model-embed' ); ?></label>
					</td>
				</tr>
				<tr>
					<th scope="row"><?php esc_html_e( 'Model passwords', 'bimu-model-embed' ); ?></th>
					<td>
						<?php if ( $settings['model_passwords'] ) : ?>
							<ul>
							<?php foreach ( array_keys( $settings['model_passwords'] ) as $model_id ) : ?>
								<li><code><?php echo esc_html( $model_id ); ?></code> — <?php esc_html_e( 'password set', 'bimu-model-embed' ); ?>
									<label><input type="checkbox" name="remove_models[]" value="<?php echo esc_attr( $model_id ); ?>"> <?php esc_html_e( 'remove', 'bimu-model-embed' ); ?></label></li>
							<?php endforeach; ?>
							</ul>
						<?php endif; ?>
						<p><label for="bimu-add-model-id"><?php esc_html_e( 'Add or replace: model id', 'bimu-model-embed' ); ?></label>
							<input id="bimu-add-model-id" name="add_model_id" type="text" class="regular-text"></p>
						<p><label for="bimu-add-model-password"><?php esc_html_e( 'its sharing password (empty for a model shared without one)', 'bimu-model-embed' ); ?></label>
							<input id="bimu-add-model-password" name="add_model_password" type="password" class="regular-text" autocomplete="new-password"></p>
					</td>
				</tr>
				<tr>
					<th scope="row"><label for="bimu-account-name"><?php esc_html_e( 'Account name', 'bimu-model-embed' ); ?></label></th>
					<td><input id="bimu-account-name" name="account_name" type="text" class="regular-text" value="<?php echo esc_attr( $settings['account_name'] ); ?>"></td>
				</tr>
				<tr>
					<th scope="row"><label for="bimu-api-key"><?php esc_html_e( 'API key', 'bimu-model-embed' ); ?></label></th>
					<td>
						<input id="bimu-api-key" name="api_key" type="password" class="regular-text" value="" autocomplete="new-password"
							placeholder="<?php echo esc_attr( '' !== $settings['api_key'] ? __( 'stored — leave empty to keep', 'bimu-model-embed' ) : __( 'not set', 'bimu-model-embed' ) ); ?>">
						<p class="description"><?php esc_html_e( 'Only account tokens use it. It stays on this server and is never shown again.', 'bimu-model-embed' ); ?></p>
						<label><input type="checkbox" name="remove_api_key" value="1"> <?php esc_html_e( 'remove the stored API key', 'bimu-model-embed' ); ?></label>
					</td>
				</tr>
			</table>
			<?php submit_button(); ?>
		</form>
	</div>
	<?php
}

function bimu_model_embed_save_settings(): void {
	if ( ! current_user_can( 'manage_options' ) ) {
		wp_die( esc_html__( 'You may not change these settings.', 'bimu-model-embed' ), 403 );
	}
	check_admin_referer( 'bimu_model_embed_save' );
	$input     = wp_unslash( $_POST );
	$passwords = bimu_model_embed_settings()['model_passwords'];
	foreach ( (array) ( $input['remove_models'] ?? array() ) as $model_id ) {
		unset( $passwords[ (string) $model_id ] );
	}
	$add_id = trim( (string) ( $input['add_model_id'] ?? '' ) );
	if ( '' !== $add_id ) {
		$passwords[ $add_id ] = (string) ( $input['add_model_password'] ?? '' );
	}
	$api_key = (string) ( $input['api_key'] ?? '' );
	$errors  = bimu_model_embed_update_settings(
		array(
			'base_url'             => (string) ( $input['base_url'] ?? '' ),
			'scope'                => 'account' === ( $input['scope'] ?? '' ) ? 'account' : 'model',
			'public_account_token' => ! empty( $input['public_account_token'] ),
			'account_name'         => (string) ( $input['account_name'] ?? '' ),
			// Empty keeps the stored key: the form never holds it.
			'api_key'              => ! empty( $input['remove_api_key'] ) ? '' : ( '' === $api_key ? null : $api_key ),
			'model_passwords'      => $passwords,
		)
	);
	if ( $errors ) {
		set_transient( 'bimu_model_embed_settings_errors_' . get_current_user_id(), $errors, 60 );
	}
	wp_safe_redirect( add_query_arg( $errors ? array() : array( 'updated' => '1' ), admin_url( 'options-general.php?page=bimu-model-embed' ) ) );
	exit;
}
