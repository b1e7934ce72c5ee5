// Copies the hand-written type entries (`model-viewer-embed/vue`, `/svelte`) next to the declarations tsc emits.
// They are written as .d.ts because they augment Vue's and Svelte's types, which this repository does not
// install; the package tests check them with vue-tsc and svelte-check against the installed tarball.
import { copyFileSync } from 'node:fs';

for (const name of ['vue.d.ts', 'svelte.d.ts']) copyFileSync(`src/${name}`, `dist/types/${name}`);
