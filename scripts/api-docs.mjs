// The README's API reference, generated from the custom-elements manifest (which the analyzer builds from the
// element's JSDoc), so the two cannot drift apart the way a hand-kept table does.
//
//   node scripts/api-docs.mjs            writes the block between the markers in README.md
//   node scripts/api-docs.mjs --check    exits 1, saying why, when the block is stale, README.md is over its
//                                        size budget, or a relative link in the docs points at nothing
//   --root <dir>                         the project to work on (default: this repository)
//
// Both read custom-elements.json: `npm run analyze` writes it (`npm run docs:api` runs both).
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const START = '<!-- api:start -->';
export const END = '<!-- api:end -->';
/** The README is the first ten minutes of a reader; the rest lives in docs/. */
export const README_BUDGET_BYTES = 15_000;

// The element redeclares these DOM methods only to type its events; they are not API of its own.
const EVENT_TARGET_METHODS = new Set(['addEventListener', 'removeEventListener']);

/** The custom element declarations of a manifest. */
function customElements(manifest) {
  return manifest.modules.flatMap((module) => module.declarations ?? []).filter((d) => d.customElement);
}

/** JSDoc text as one line of a Markdown list. */
function oneLine(text) {
  return (text ?? '').replace(/\s*\n\s*/g, ' ').trim();
}

/** The first sentence of JSDoc text (up to the first period that ends a sentence outside parentheses and code). */
function firstSentence(text) {
  const line = oneLine(text);
  let depth = 0;
  let code = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '`') code = !code;
    else if (!code && c === '(') depth++;
    else if (!code && c === ')') depth = Math.max(0, depth - 1);
    else if (!code && depth === 0 && c === '.' && (i + 1 === line.length || line[i + 1] === ' ')) {
      return line.slice(0, i + 1);
    }
  }
  return line;
}

/** A list rather than a table: a table pads every row to its longest description, tripling the bytes. */
function list(heading, items, describe = oneLine) {
  return items.length === 0
    ? []
    : [heading, items.map(([name, text]) => `- ${name}: ${describe(text)}`).join('\n')];
}

/** The full reference, docs/api.md: every description whole. */
export const API_REFERENCE = 'docs/api.md';

/**
 * The API block (without markers) for the manifest's custom element. `summary` gives each item's first sentence
 * only (the README's block, within its byte budget) and points at the full reference.
 */
export function renderApi(manifest, { summary = false } = {}) {
  // JSDoc links are relative to the repository's root (the README's folder); docs/api.md sits in docs/.
  const describe = summary ? firstSentence : (text) => oneLine(text).replaceAll('](docs/', '](');
  const elements = customElements(manifest);
  if (elements.length !== 1)
    throw new Error(`expected one custom element in the manifest, found ${elements.length}`);
  const [element] = elements;
  const isPublic = (member) => !member.privacy || member.privacy === 'public';
  const own = (member) => isPublic(member) && !member.name.startsWith('#');
  const fields = element.members.filter((m) => m.kind === 'field' && !m.static && own(m));
  const methods = element.members.filter(
    (m) => m.kind === 'method' && own(m) && !EVENT_TARGET_METHODS.has(m.name),
  );

  const fieldName = (field) => {
    // Attribute and property, or one name where they are spelt alike (`timeout`).
    const names =
      field.attribute && field.attribute !== field.name
        ? `\`${field.attribute}\` / \`${field.name}\``
        : `\`${field.name}\``;
    const kind = field.attribute ? '' : field.readonly ? 'read-only, ' : 'property only, ';
    return `${names} (${kind}\`${field.type?.text ?? 'unknown'}\`)`;
  };
  const signature = (method) => {
    const parameters = (method.parameters ?? []).map((parameter) => parameter.name).join(', ');
    return `\`${method.static ? `${element.name}.` : ''}${method.name}(${parameters})\``;
  };
  return [
    summary
      ? `Generated from the element's JSDoc by \`npm run docs:api\`; do not edit by hand. First sentences only: every detail is in [${API_REFERENCE}](${API_REFERENCE}).`
      : "Generated from the element's JSDoc by `npm run docs:api`; do not edit by hand.",
    ...list(
      '### Attributes and properties',
      fields.map((field) => [fieldName(field), field.description]),
      describe,
    ),
    ...list(
      '### Methods',
      methods.map((method) => [signature(method), method.description]),
      describe,
    ),
    ...list(
      '### Events',
      (element.events ?? []).map((event) => [`\`${event.name}\``, event.description]),
      describe,
    ),
    ...list(
      '### CSS parts',
      (element.cssParts ?? []).map((part) => [`\`${part.name}\``, part.description]),
      describe,
    ),
    ...list(
      '### CSS custom properties',
      (element.cssProperties ?? []).map((property) => [
        `\`${property.name}\`${property.default ? ` (default \`${property.default}\`)` : ''}`,
        property.description,
      ]),
      describe,
    ),
    ...list(
      '### Slots',
      (element.slots ?? []).map((slot) => [slot.name ? `\`${slot.name}\`` : 'default', slot.description]),
      describe,
    ),
  ].join('\n\n');
}

/** `readme` with the text between the markers replaced by `block`. */
export function withApiBlock(readme, block) {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end === -1 || end < start)
    throw new Error(`README.md needs the markers ${START} and ${END}, in that order`);
  return `${readme.slice(0, start + START.length)}\n\n${block}\n\n${readme.slice(end)}`;
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading) {
  return heading
    .replace(/`/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Markdown without its fenced code blocks and code spans, where a bracket is not a link. */
function prose(markdown) {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
}

function anchors(markdown) {
  const seen = new Map();
  const result = new Set();
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(heading);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    result.add(count === 0 ? base : `${base}-${count}`);
  }
  return result;
}

/** The Markdown files whose links are checked: the README, CONTRIBUTING, docs/ and every folder's README. */
export function markdownFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name.startsWith('.') || name === 'dist') continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.md')) files.push(path);
    }
  };
  walk(root);
  return files.sort();
}

/** Relative links (and their #anchors) in `file` that point at nothing, as `file: target` lines. */
export function brokenLinks(root, file) {
  const markdown = readFileSync(file, 'utf8');
  const problems = [];
  for (const [, target] of prose(markdown).matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …: not this check's business
    const [path, anchor] = target.split('#');
    const resolved = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
    const where = `${relative(root, file)}: ${target}`;
    if (!existsSync(resolved)) problems.push(`${where} (no such file)`);
    else if (anchor && resolved.endsWith('.md') && !anchors(readFileSync(resolved, 'utf8')).has(anchor)) {
      problems.push(`${where} (no such heading)`);
    }
  }
  return problems;
}

function readManifest(root) {
  const path = join(root, 'custom-elements.json');
  if (!existsSync(path)) throw new Error('custom-elements.json is missing: run `npm run analyze` first');
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Everything wrong with the docs of the project at `root`, as sentences; empty when all is well. */
export function docsProblems(root) {
  const readmePath = join(root, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const problems = [];
  const manifest = readManifest(root);
  const referencePath = join(root, API_REFERENCE);
  const reference = existsSync(referencePath) ? readFileSync(referencePath, 'utf8') : '';
  if (!existsSync(referencePath) || withApiBlock(reference, renderApi(manifest)) !== reference) {
    problems.push(
      `${API_REFERENCE} is stale or missing: the element's JSDoc changed. Run \`npm run docs:api\`.`,
    );
  }
  if (withApiBlock(readme, renderApi(manifest, { summary: true })) !== readme) {
    problems.push(
      "README.md's API block is stale: the element's JSDoc changed. Run `npm run docs:api` and commit.",
    );
  }
  const bytes = Buffer.byteLength(readme);
  if (bytes > README_BUDGET_BYTES) {
    problems.push(
      `README.md is ${bytes} bytes, over its budget of ${README_BUDGET_BYTES}: move details to docs/.`,
    );
  }
  const broken = markdownFiles(root).flatMap((file) => brokenLinks(root, file));
  if (broken.length > 0) problems.push(`Relative links that point at nothing:\n  ${broken.join('\n  ')}`);
  return problems;
}

function main(args) {
  const rootIndex = args.indexOf('--root');
  const root =
    rootIndex === -1 ? join(dirname(fileURLToPath(import.meta.url)), '..') : resolve(args[rootIndex + 1]);
  if (args.includes('--check')) {
    const problems = docsProblems(root);
    if (problems.length > 0) {
      console.error(`docs:check failed:\n- ${problems.join('\n- ')}`);
      return 1;
    }
    console.log(
      'docs:check: the API block is current, README.md is within its budget, every relative link resolves.',
    );
    return 0;
  }
  const manifest = readManifest(root);
  for (const [file, options] of [
    ['README.md', { summary: true }],
    [API_REFERENCE, {}],
  ]) {
    const path = join(root, file);
    const text = readFileSync(path, 'utf8');
    const updated = withApiBlock(text, renderApi(manifest, options));
    if (updated !== text) writeFileSync(path, updated);
    console.log(`${file}: API block ${updated === text ? 'already current' : 'written'}.`);
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.exitCode = main(process.argv.slice(2));
  } catch (error) {
    console.error(`docs: ${error.message}`);
    process.exitCode = 1;
  }
}
