/**
 * A test app as a user would have it: the app folder from test/packages/apps/ copied to a temporary directory,
 * then `npm install <tarball>` there, which also installs the app's own dependencies from the npm registry
 * (npm's cache serves repeated runs).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, tarball } from './tarball.js';

export interface InstalledApp {
  dir: string;
  remove(): void;
}

export function installApp(name: string): InstalledApp {
  const dir = mkdtempSync(join(tmpdir(), `mve-${name}-`));
  cpSync(join(REPO, 'test/packages/apps', name), dir, { recursive: true });
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', tarball()],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return {
    dir,
    remove: () => {
      if (!process.env.KEEP_PACKAGE_APPS) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a command; resolves with its exit code and output, so a failing type-check can be asserted on. */
export function run(command: string, args: string[], cwd: string): { code: number; output: string } {
  try {
    const output = execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { code: 0, output };
  } catch (error) {
    const failure = error as { status?: number; stdout?: string; stderr?: string };
    return { code: failure.status ?? 1, output: `${failure.stdout ?? ''}${failure.stderr ?? ''}` };
  }
}

/** The repository's TypeScript compiler (the apps need none of their own: tsc resolves from the checked files). */
export const TSC = join(REPO, 'node_modules/typescript/bin/tsc');
