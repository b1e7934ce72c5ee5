// Types of scripts/minify-css-literals.mjs, for vite.config.ts, the bench build and the tests.
import type { Plugin } from 'vite';

/** Minifies one run of CSS text (the text between a template literal's interpolations). */
export function minifyCss(text: string): string;
/** Minifies every CSS literal of one module's source; returns it unchanged when there is none. */
export function minifyCssLiterals(source: string): string;
/** The Vite plugin that minifies the CSS literals of the element's modules in a build. */
export function minifyCssLiteralsPlugin(): Plugin;
