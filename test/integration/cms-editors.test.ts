/**
 * The CMS recipes of integrations/cms/recipes.ts in the real editors: CKEditor 5 (General HTML Support),
 * TinyMCE and DOMPurify keep `<model-viewer-embed>` with the author attributes through insert → save →
 * reload, drop every attribute a CMS must not take from content, and the saved content, displayed as a page
 * would display it, loads the model with the real SDK from the local platform.
 */
import { expect, fixture, html } from '@open-wc/testing';
import DOMPurify from 'dompurify';
import 'tinymce/tinymce.js';
import { ModelViewerEmbed } from '../../src/model-viewer-embed.js';
import {
  AUTHOR_ATTRIBUTES,
  CKEDITOR5_HTML_SUPPORT,
  connectEmbeds,
  DOMPURIFY_CONFIG,
  FORBIDDEN_ATTRIBUTES,
  TINYMCE_OPTIONS,
} from '../../integrations/cms/recipes.js';
import { LOCAL, nextOutcome } from './support.js';

// CKEditor's browser build: one ES module with its dependencies inside (the npm entry imports CommonJS
// packages, which the test server does not convert). The same code, typed by the npm entry.
const CKEDITOR_BROWSER_BUILD = '/node_modules/ckeditor5/dist/browser/ckeditor5.js';
const { ClassicEditor, Essentials, GeneralHtmlSupport, Paragraph } = (await import(
  /* @vite-ignore */ CKEDITOR_BROWSER_BUILD
)) as typeof import('ckeditor5');

/** The demo's token route on the test server (demo/local-backend.ts). */
const TOKEN_URL = '/api/bimu-token';
const LOAD_TIMEOUT_MS = 45_000;

/** What an author pastes: the allowed attributes, every forbidden one, and an event handler. */
const PASTED =
  '<model-viewer-embed model-id="small-office" timeout="30000" class="wide" title="Small office" ' +
  'style="height: 320px" ' +
  Object.keys(FORBIDDEN_ATTRIBUTES)
    .map((name) => `${name}="https://attacker.example/${name}"`)
    .join(' ') +
  ' onclick="alert(1)"></model-viewer-embed>';

/** The attributes of the first `<model-viewer-embed>` in `content`, by name. */
function attributesIn(content: string): Record<string, string> {
  const template = document.createElement('template');
  template.innerHTML = content;
  const element = template.content.querySelector('model-viewer-embed');
  expect(element !== null, `the element is in ${JSON.stringify(content)}`).to.equal(true);
  return Object.fromEntries(element!.getAttributeNames().map((name) => [name, element!.getAttribute(name)!]));
}

function expectOnlyAuthorAttributes(content: string): void {
  const attributes = attributesIn(content);
  expect(attributes['model-id']).to.equal('small-office');
  expect(attributes.timeout).to.equal('30000');
  for (const name of Object.keys(attributes)) {
    expect(AUTHOR_ATTRIBUTES as readonly string[], `attribute ${name} survived`).to.include(name);
  }
  expect(content).not.to.contain('attacker.example');
  expect(content).not.to.contain('alert(1)');
}

/** Shows saved content the way a page would: sanitised, then connected to the site's token route. */
async function display(content: string): Promise<void> {
  const page = await fixture<HTMLDivElement>(html`<div></div>`);
  page.innerHTML = DOMPurify.sanitize(content, DOMPURIFY_CONFIG);
  connectEmbeds(page, TOKEN_URL);
  const element = page.querySelector<ModelViewerEmbed>('model-viewer-embed');
  expect(element instanceof ModelViewerEmbed, 'an upgraded element').to.equal(true);
  const outcome = await nextOutcome(element!, LOAD_TIMEOUT_MS);
  expect(outcome.type, JSON.stringify(outcome)).to.equal('loaded');
}

describe('CMS recipes', () => {
  before(() => {
    // The page's own settings (a CMS template would use <meta> tags): never from content.
    ModelViewerEmbed.configure({ ...LOCAL });
  });

  it('DOMPurify keeps the element with the author attributes and drops the rest', async () => {
    const clean = DOMPurify.sanitize(PASTED, DOMPURIFY_CONFIG);
    expectOnlyAuthorAttributes(clean);
    // Without the recipe, DOMPurify drops the unknown element altogether.
    expect(DOMPurify.sanitize(PASTED)).not.to.contain('model-viewer-embed');
    await display(clean);
  });

  it('CKEditor 5 keeps it through insert, save and reload', async () => {
    const create = async (initialData: string) =>
      ClassicEditor.create(await fixture<HTMLDivElement>(html`<div></div>`), {
        licenseKey: 'GPL',
        plugins: [Essentials, Paragraph, GeneralHtmlSupport],
        htmlSupport: CKEDITOR5_HTML_SUPPORT,
        initialData,
      });
    const editor = await create('<p>Our new office:</p>');
    // What a paste does once the clipboard pipeline has the HTML: convert it and insert it into the model.
    editor.model.change(() => {
      editor.model.insertContent(editor.data.toModel(editor.data.processor.toView(PASTED)));
    });
    const saved = editor.getData();
    await editor.destroy();
    expectOnlyAuthorAttributes(saved);

    const reloaded = await create(saved);
    const again = reloaded.getData();
    await reloaded.destroy();
    expect(again).to.equal(saved);
    await display(again);
  });

  it('TinyMCE keeps it through insert, save and reload', async () => {
    const tinymce = (window as any).tinymce;
    const create = async (content: string) => {
      const target = await fixture<HTMLTextAreaElement>(html`<textarea></textarea>`);
      const [editor] = await tinymce.init({
        target,
        license_key: 'gpl',
        base_url: '/node_modules/tinymce',
        suffix: '.min',
        menubar: false,
        plugins: [],
        ...TINYMCE_OPTIONS,
      });
      editor.setContent(content);
      return editor;
    };
    const editor = await create('<p>Our new office:</p>');
    editor.selection.select(editor.getBody(), true);
    editor.selection.collapse(false);
    editor.insertContent(PASTED);
    const saved: string = editor.getContent();
    editor.remove();
    expectOnlyAuthorAttributes(saved);

    const reloaded = await create(saved);
    const again: string = reloaded.getContent();
    reloaded.remove();
    expect(again).to.equal(saved);
    await display(again);
  });
});
