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
  plugins: [settingsTablePlugin({ className: 'ModelViewerEmbed' }), publicModulesOnly()],
};

/**
 * Keeps the published manifest to the public modules. The analyzer has to read `src/internal/` and
 * `src/features/` (the settings table, the controllers' types), but listing them documented private code as if
 * it were API and made the manifest 172 kB, most of it internal.
 */
function publicModulesOnly() {
  return {
    name: 'model-viewer-embed-public-modules-only',
    packageLinkPhase({ customElementsManifest }) {
      customElementsManifest.modules = customElementsManifest.modules.filter(
        (module) => !/^src\/(internal|features)\//.test(module.path),
      );
    },
  };
}
