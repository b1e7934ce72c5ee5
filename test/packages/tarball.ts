/**
 * The package as users get it: `npm pack` (which runs `prepack`, the full build) into a temporary directory,
 * once per run. scripts/test-packages.sh packs before the tests and passes the tarball in
 * MODEL_VIEWER_EMBED_TARBALL, so the test files, each in its own process, share one build.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO = resolve(import.meta.dirname, '../..');

export interface PackedFile {
  path: string;
  size: number;
}

export interface Packed {
  tarball: string;
  files: PackedFile[];
}

export function packTarball(): Packed {
  const destination = mkdtempSync(join(tmpdir(), 'mve-pack-'));
  process.once('exit', () => rmSync(destination, { recursive: true, force: true }));
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: REPO,
    encoding: 'utf8',
    // The build's own output (vite, tsc, the analyzer) goes to stderr; stdout is the JSON.
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // The `prepack` build prints to stdout before npm's JSON, which is last and starts a line with `[`.
  const json = output.startsWith('[') ? output : output.slice(output.lastIndexOf('\n[') + 1);
  const [result] = JSON.parse(json) as {
    filename: string;
    files: PackedFile[];
  }[];
  if (!result) throw new Error('npm pack printed no result');
  return { tarball: join(destination, result.filename), files: result.files };
}

let packed: Packed | undefined;

/** The tarball given by the driver script, or one packed now. */
export function tarball(): string {
  const given = process.env.MODEL_VIEWER_EMBED_TARBALL;
  if (given) return given;
  packed ??= packTarball();
  return packed.tarball;
}
