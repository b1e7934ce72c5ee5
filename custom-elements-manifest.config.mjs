// Custom elements manifest, generated from the element's JSDoc (never hand-written): `npm run analyze`.
import { settingsTablePlugin } from './scripts/cem-settings-plugin.mjs';

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/server/**', 'src/**/*.test.ts', 'src/**/*.d.ts', 'src/react*.ts', 'src/angular.ts'],
  litelement: true,
  dependencies: false,
  // package.json already names the manifest; the analyzer would otherwise rewrite that field on every run.
  packagejson: false,
  // The setting properties are rows of src/internal/settings-table.ts, which the analyzer alone cannot see.
  plugins: [settingsTablePlugin({ className: 'ModelViewerEmbed' })],
};
