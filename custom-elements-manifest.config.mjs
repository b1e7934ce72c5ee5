// Custom elements manifest, generated from the element's JSDoc (never hand-written): `npm run analyze`.
export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/server/**', 'src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
};
