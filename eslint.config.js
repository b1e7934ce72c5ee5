// ESLint flat config: TypeScript, Lit and web-component rules at zero warnings (`npm run lint`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import lit from 'eslint-plugin-lit';
import wc from 'eslint-plugin-wc';
import globals from 'globals';

export default tseslint.config(
  // The package-test apps are checked by their own toolchains (tsc, vue-tsc, svelte-check) after installing the tarball.
  { ignores: ['dist/**', 'node_modules/**', 'custom-elements.json', 'coverage/**', 'test/packages/apps/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['src/**/*.ts'],
    ignores: ['src/server/**'],
    languageOptions: { globals: globals.browser },
    plugins: { lit, wc },
    rules: {
      ...lit.configs.recommended.rules,
      ...wc.configs.recommended.rules,
      ...wc.configs['best-practice'].rules,
      'no-console': 'error',
    },
  },
  {
    files: [
      'src/server/**/*.ts',
      'demo/platform/**/*.ts',
      'demo/*.ts',
      'test/runner/**/*.ts',
      'test/platform/**/*.ts',
      'test/server/**/*.ts',
      'test/packages/**/*.ts',
      'scripts/**',
      'bench/**/*.ts',
      '*.config.ts',
      '*.config.js',
    ],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['test/**/*.ts', 'test/**/fixtures/*.js', 'bench/**/*.ts', 'demo/**/*.ts'],
    languageOptions: { globals: { ...globals.browser, ...globals.mocha } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      // Chai's property assertions (`expect(x).to.be.true`) are expressions by design.
      '@typescript-eslint/no-unused-expressions': 'off',
      // @open-wc's waitUntil gives up after 1 s, which a busy machine breaks: test/helpers/wait.ts says why.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@open-wc/testing',
              importNames: ['waitUntil'],
              message: "Use waitUntil from test/helpers/wait.ts: @open-wc's gives up after 1 s.",
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    // Type-level tests: declarations exist only to be checked by the compiler.
    files: ['test/types/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-vars': 'off' },
  },
);
