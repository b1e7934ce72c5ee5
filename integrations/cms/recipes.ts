/**
 * What a rich-text editor or an HTML sanitiser must let through for `<model-viewer-embed>` in user content,
 * and what it must not. docs/cms.md quotes these; test/integration/cms-editors.test.ts checks them in
 * CKEditor 5, TinyMCE and DOMPurify. Plain data, no imports: copy what you need.
 */

/** The element's tag. */
export const TAG = 'model-viewer-embed';

/**
 * The attributes an author may set: which model, whether visitors type its password, the watchdog, and
 * presentation (`style` as filtered by the sanitiser, `class`, `id`, `title`).
 */
export const AUTHOR_ATTRIBUTES = [
  'model-id',
  'password-mode',
  'timeout',
  'class',
  'id',
  'title',
  'style',
] as const;

/**
 * Attributes of the element that a CMS must never take from content, and why. The page's own templates (or
 * `<meta name="model-viewer-embed:…">`, or `ModelViewerEmbed.configure()`) set them; `on*` handlers and
 * anything not in {@link AUTHOR_ATTRIBUTES} go too.
 */
export const FORBIDDEN_ATTRIBUTES: Readonly<Record<string, string>> = {
  'sdk-src': 'loads and runs a script: any script, on every visitor’s page',
  'three-src': 'loads and runs a script',
  'ui-assets-base': 'loads a script (Materialize) and a stylesheet from that base',
  'base-url': 'where visitors’ browsers send the bimU.io token and what model data they load',
  'token-url':
    'the element POSTs to it with the visitor’s same-origin cookies: an author could aim that request at any endpoint of the site',
  'access-token': 'a credential in content, readable by everyone who sees the page source',
};

/**
 * CKEditor 5 `htmlSupport` (General HTML Support): keeps the element. GHS handles unknown tags through its
 * `$customElement` definition, which a rule enables only when its `name` matches that pseudo-name too. Once
 * enabled, CKEditor keeps any unknown element (attributes filtered, inner HTML raw): sanitise the saved HTML
 * with {@link DOMPURIFY_CONFIG} before display, as for any user HTML.
 */
export const CKEDITOR5_HTML_SUPPORT = {
  allow: [
    {
      name: /^(\$customElement|model-viewer-embed)$/,
      attributes: Object.fromEntries(
        AUTHOR_ATTRIBUTES.filter((name) => name !== 'class' && name !== 'style').map((name) => [
          name,
          true as const,
        ]),
      ),
      classes: true as const,
      styles: true as const,
    },
  ],
};

/**
 * TinyMCE options: the element is a block (no `~` prefix in `custom_elements`) with the author attributes
 * only.
 */
export const TINYMCE_OPTIONS = {
  custom_elements: TAG,
  extended_valid_elements: `${TAG}[${AUTHOR_ATTRIBUTES.join('|')}]`,
};

/**
 * DOMPurify config for apps that sanitise user HTML: custom elements are dropped by default, and
 * `CUSTOM_ELEMENT_HANDLING` lets this one through with the author attributes (DOMPurify's own allow-list adds
 * `class`, `id`, `title`, `style`; never an `on*` handler or an attribute of {@link FORBIDDEN_ATTRIBUTES}).
 */
export const DOMPURIFY_CONFIG = {
  CUSTOM_ELEMENT_HANDLING: {
    tagNameCheck: (tagName: string) => tagName === TAG,
    attributeNameCheck: (name: string) => (AUTHOR_ATTRIBUTES as readonly string[]).includes(name),
    allowCustomizedBuiltInElements: false,
  },
};

/**
 * After sanitising, the page (not the author) says where tokens come from: run over the container that
 * displays the content. Elements in password mode need none.
 */
export function connectEmbeds(container: ParentNode, tokenUrl: string): void {
  for (const element of container.querySelectorAll(TAG)) {
    if (!element.hasAttribute('password-mode')) element.setAttribute('token-url', tokenUrl);
  }
}
