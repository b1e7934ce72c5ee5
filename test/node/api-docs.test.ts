/**
 * `npm run docs:check` (scripts/api-docs.mjs --check) must fail when the README's generated API block no longer
 * matches the element's JSDoc, when the README outgrows its budget, or when a relative link points at nothing,
 * and pass once `npm run docs:api` has rewritten the block. Each case runs the script on a small project of
 * its own in a temporary folder.
 */
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, '../../scripts/api-docs.mjs');
const BUDGET = 15_000;

/** A manifest as the analyzer writes it, reduced to one element with one attribute, event and part. */
function manifest(attributeDoc: string) {
  return {
    schemaVersion: '1.0.0',
    modules: [
      {
        kind: 'javascript-module',
        path: 'src/x-thing.ts',
        declarations: [
          {
            kind: 'class',
            name: 'XThing',
            tagName: 'x-thing',
            customElement: true,
            members: [
              { kind: 'field', name: '#secret', privacy: 'private' },
              {
                kind: 'field',
                name: 'modelId',
                type: { text: 'string | null' },
                attribute: 'model-id',
                description: attributeDoc,
              },
              {
                kind: 'field',
                name: 'status',
                type: { text: 'string' },
                readonly: true,
                description: 'Where the load is.',
              },
              { kind: 'method', name: 'reload', description: 'Loads again.' },
              { kind: 'method', name: 'addEventListener', parameters: [{ name: 'type' }] },
            ],
            events: [{ name: 'loaded', description: 'Once per load.' }],
            cssParts: [{ name: 'frame', description: 'The box.' }],
          },
        ],
      },
    ],
  };
}

const README = `# x-thing

See [the guide](docs/guide.md#setup) and [the site](https://example.com/missing).

## API

<!-- api:start -->
<!-- api:end -->
`;

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'api-docs-'));
  mkdirSync(join(root, 'docs'));
  writeFileSync(
    join(root, 'docs/guide.md'),
    '# Guide\n\n## Setup\n\nBack to [the README](../README.md#api).\n',
  );
  writeFileSync(join(root, 'README.md'), README);
  writeFileSync(join(root, 'docs/api.md'), '# API\n\n<!-- api:start -->\n<!-- api:end -->\n');
  writeManifest('The model id (attribute `model-id`).');
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function writeManifest(attributeDoc: string): void {
  writeFileSync(join(root, 'custom-elements.json'), JSON.stringify(manifest(attributeDoc)));
}

function run(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [SCRIPT, ...args, '--root', root], { encoding: 'utf8' });
  return { status: result.status, output: result.stdout + result.stderr };
}

function readme(): string {
  return readFileSync(join(root, 'README.md'), 'utf8');
}

test('docs:api writes the block from the JSDoc, and docs:check passes on it', () => {
  assert.equal(run().status, 0);
  const text = readme();
  assert.match(
    text,
    /- `model-id` \/ `modelId` \(`string \| null`\): The model id \(attribute `model-id`\)\./,
  );
  assert.match(text, /- `status` \(read-only, `string`\): Where the load is\./);
  assert.match(text, /- `reload\(\)`: Loads again\./);
  assert.match(text, /- `loaded`: Once per load\./);
  assert.match(text, /- `frame`: The box\./);
  assert.doesNotMatch(text, /#secret|addEventListener/);
  const check = run('--check');
  assert.equal(check.status, 0, check.output);
});

test('docs:check fails on a stale block, naming the command that fixes it', () => {
  assert.equal(run().status, 0);
  writeManifest('The model id (attribute `model-id`), now documented differently.');
  const check = run('--check');
  assert.equal(check.status, 1);
  assert.match(check.output, /API block is stale.*npm run docs:api/);
  assert.equal(run().status, 0);
  assert.equal(run('--check').status, 0);
});

test('docs:check fails on a README without its markers', () => {
  writeFileSync(join(root, 'README.md'), '# x-thing\n');
  const check = run('--check');
  assert.equal(check.status, 1);
  assert.match(check.output, /<!-- api:start -->/);
});

test('docs:check fails when README.md is over 15,000 bytes', () => {
  assert.equal(run().status, 0);
  const text = readme();
  writeFileSync(join(root, 'README.md'), text + 'x'.repeat(BUDGET + 1 - Buffer.byteLength(text)) + '\n');
  const check = run('--check');
  assert.equal(check.status, 1);
  assert.match(check.output, /README\.md is 15002 bytes, over its budget of 15000/);
});

test('docs:check fails on a relative link to a missing file or heading, and ignores links in code', () => {
  assert.equal(run().status, 0);
  writeFileSync(
    join(root, 'docs/guide.md'),
    '# Guide\n\n## Setup\n\n[gone](old.md), [no heading](../README.md#nowhere), `[code](not-a-link.md)`\n\n' +
      '```md\n[fenced](not-a-link-either.md)\n```\n',
  );
  const check = run('--check');
  assert.equal(check.status, 1);
  assert.match(check.output, /docs\/guide\.md: old\.md \(no such file\)/);
  assert.match(check.output, /docs\/guide\.md: \.\.\/README\.md#nowhere \(no such heading\)/);
  assert.doesNotMatch(check.output, /not-a-link/);
});

test('the README lists first sentences; docs/api.md has every description whole, its links relative to docs/', () => {
  writeManifest(
    'The model id (attribute `model-id`, e.g. `a.b`). See [the guide](docs/guide.md#setup) for more.',
  );
  assert.equal(run().status, 0);
  assert.match(
    readme(),
    /- `model-id` \/ `modelId` \(`string \| null`\): The model id \(attribute `model-id`, e\.g\. `a\.b`\)\.\n/,
  );
  assert.match(readme(), /\[docs\/api\.md\]\(docs\/api\.md\)/);
  const reference = readFileSync(join(root, 'docs/api.md'), 'utf8');
  assert.match(reference, /\. See \[the guide\]\(guide\.md#setup\) for more\./);
  assert.equal(run('--check').status, 0);
  writeFileSync(join(root, 'docs/api.md'), reference.replace('for more', 'for less'));
  const check = run('--check');
  assert.equal(check.status, 1);
  assert.match(check.output, /docs\/api\.md is stale/);
});
