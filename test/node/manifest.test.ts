/**
 * The custom-elements manifest is generated from the element's JSDoc (never written by hand). Editors,
 * Storybook and framework wrappers read it, so this checks that what it says matches the public API.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { SETTINGS } from '../../src/internal/settings-table.js';

interface Attribute {
  name: string;
  fieldName?: string;
  description?: string;
}

interface Declaration {
  tagName?: string;
  customElement?: boolean;
  attributes?: Attribute[];
  events?: { name: string }[];
  cssParts?: { name: string }[];
  members?: {
    name: string;
    privacy?: string;
    description?: string;
    attribute?: string;
    type?: { text: string };
  }[];
}

test('the generated manifest describes <model-viewer-embed>', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'cem-'));
  try {
    // The analyzer joins --outdir to the working directory, so it must be relative.
    const analyzer = 'node_modules/@custom-elements-manifest/analyzer/cem.js';
    execFileSync(process.execPath, [analyzer, 'analyze', '--outdir', relative(process.cwd(), outdir)], {
      stdio: 'pipe',
    });
    const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8')) as {
      modules: { path: string; declarations?: Declaration[] }[];
    };
    const elements = manifest.modules
      .flatMap((module) => module.declarations ?? [])
      .filter((d) => d.customElement);
    assert.equal(elements.length, 1);
    // Only the public modules: src/internal and src/features are private code, not API.
    const privatePaths = manifest.modules
      .map((module) => module.path)
      .filter((path) => /^src\/(internal|features)\//.test(path));
    assert.deepEqual(privatePaths, []);
    const [element] = elements as [Declaration];
    assert.equal(element.tagName, 'model-viewer-embed');
    assert.deepEqual(element.attributes?.map((attribute) => attribute.name).sort(), [
      'access-token',
      'alt',
      'background',
      'base-url',
      'button-color',
      'gestures',
      'isolation',
      'loading',
      'model-id',
      'password-mode',
      'poster',
      'reveal',
      'sdk-src',
      'three-src',
      'timeout',
      'token-url',
      'toolbar',
      'ui-assets-base',
      'viewpoint',
    ]);
    // The password is a property only: an attribute would put it in outerHTML.
    assert.ok(!element.attributes?.some((attribute) => attribute.name === 'password'));
    assert.deepEqual(element.events?.map((event) => event.name).sort(), [
      'camera-change',
      'context-lost',
      'context-restored',
      'error',
      'loaded',
      'progress',
      'select',
    ]);
    const members = new Set(element.members?.map((member) => member.name));
    for (const name of [
      'status',
      'progress',
      'error',
      'viewer',
      'reload',
      'dismissPoster',
      'password',
      'tokenProvider',
      'getViewpoint',
      'setViewpoint',
      'snapshot',
    ]) {
      assert.ok(members.has(name), `manifest lists ${name}`);
    }
    // The setting properties exist only as rows of the settings table; the manifest must still document each.
    for (const [name, row] of Object.entries(SETTINGS)) {
      const member = element.members?.find((candidate) => candidate.name === name);
      assert.ok(member?.description && member.type?.text, `manifest documents the ${name} property`);
      assert.equal(member.attribute, row.attribute || undefined, `${name}'s attribute`);
      if (row.attribute) {
        const declared: Attribute | undefined = element.attributes?.find(
          (candidate) => candidate.name === row.attribute,
        );
        assert.equal(declared?.fieldName, name);
        assert.equal(declared?.description, member.description);
      }
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
});

// The framework type entries (react-jsx, svelte, vue) derive each attribute's name from its property's name at
// the type level (`KebabCase`); this keeps the table to that rule.
test('every setting attribute is its property name in kebab-case; only password, strings and tokenProvider have none', () => {
  const propertyOnly: string[] = [];
  for (const [name, row] of Object.entries(SETTINGS)) {
    if (row.attribute === false) propertyOnly.push(name);
    else
      assert.equal(
        row.attribute,
        name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
        name,
      );
  }
  // `strings` is an object of texts: a property, and page-wide through configure({ strings }).
  assert.deepEqual(propertyOnly.sort(), ['password', 'strings', 'tokenProvider']);
});
