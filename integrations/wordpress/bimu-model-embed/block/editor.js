/*
 * The "bimU.io model" block in the editor: settings in the sidebar and a placeholder that says what will load.
 * The model itself is not loaded in the editor (the token route hands out tokens only for published models);
 * the page renders the element on the server (render.php), so the block saves no markup of its own.
 * Plain JavaScript on WordPress's global packages, so that the plugin installs without a build step.
 */
/* global wp */
(function () {
  const { registerBlockType } = wp.blocks;
  const { createElement: h, Fragment } = wp.element;
  const { InspectorControls, useBlockProps } = wp.blockEditor;
  const { PanelBody, TextControl, SelectControl } = wp.components;
  const { __, sprintf } = wp.i18n;

  const ID_PATTERN = /^[A-Za-z0-9._~-]{1,128}$/;
  const isValidId = (id) => ID_PATTERN.test(id) && id !== '.' && id !== '..';

  function Edit({ attributes, setAttributes }) {
    const { modelId, auth, height, timeout } = attributes;
    const blockProps = useBlockProps({
      className: 'bimu-model-embed-placeholder',
      style: { height: height || undefined },
    });
    const what = !modelId
      ? h(
          'p',
          { className: 'is-warning' },
          __('Enter the bimU.io model id in the block settings.', 'bimu-model-embed'),
        )
      : !isValidId(modelId)
        ? h(
            'p',
            { className: 'is-warning' },
            __('This model id cannot be valid: use letters, digits and . _ ~ - only.', 'bimu-model-embed'),
          )
        : h(
            'p',
            null,
            sprintf(
              auth === 'password'
                ? /* translators: %s: model id */ __(
                    'The page will show model “%s” and ask each visitor for its password.',
                    'bimu-model-embed',
                  )
                : /* translators: %s: model id */ __(
                    'The page will show model “%s”, with a token from this site (Settings → bimU.io).',
                    'bimu-model-embed',
                  ),
              modelId,
            ),
          );
    return h(
      Fragment,
      null,
      h(
        InspectorControls,
        null,
        h(
          PanelBody,
          { title: __('Model', 'bimu-model-embed') },
          h(TextControl, {
            label: __('Model id', 'bimu-model-embed'),
            value: modelId,
            onChange: (value) => setAttributes({ modelId: value.trim() }),
          }),
          h(SelectControl, {
            label: __('Authentication', 'bimu-model-embed'),
            value: auth,
            options: [
              { label: __('Token from this site', 'bimu-model-embed'), value: 'token' },
              { label: __('Visitor enters the password', 'bimu-model-embed'), value: 'password' },
            ],
            onChange: (value) => setAttributes({ auth: value }),
          }),
          h(TextControl, {
            label: __('Height (CSS length, e.g. 480px)', 'bimu-model-embed'),
            value: height,
            onChange: (value) => setAttributes({ height: value.trim() }),
          }),
          h(TextControl, {
            label: __('Give up after (seconds without progress; empty: 60, 0: never)', 'bimu-model-embed'),
            type: 'number',
            min: 0,
            value: timeout,
            onChange: (value) => setAttributes({ timeout: value }),
          }),
        ),
      ),
      h('div', blockProps, h('strong', null, __('bimU.io model', 'bimu-model-embed')), what),
    );
  }

  registerBlockType('bimu/model', { edit: Edit, save: () => null });
})();
