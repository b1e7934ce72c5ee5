// `model-viewer-embed/angular`: compiles src/angular.ts with ngc in Angular's partial mode (tsconfig.angular.json),
// the format ng-packagr publishes and an app's Angular CLI links for its own Angular version. ngc emits the
// whole program it imports; only the component's module and its declarations (which carry the template
// type-checker's metadata, `ɵɵComponentDeclaration`) go into dist, next to the modules Vite and tsc built.
import { copyFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const out = 'build/angular';
rmSync(out, { recursive: true, force: true });
execFileSync(
  process.execPath,
  ['node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js', '-p', 'tsconfig.angular.json'],
  { stdio: 'inherit' },
);
copyFileSync(`${out}/angular.js`, 'dist/angular.js');
copyFileSync(`${out}/angular.d.ts`, 'dist/types/angular.d.ts');
rmSync('build', { recursive: true, force: true });
