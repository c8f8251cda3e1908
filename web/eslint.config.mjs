// The web app's lint: ESLint's recommended rules, typescript-eslint's and
// the Vue plugin's (flat/recommended) over src, tests and the browser tests.
// Formatting is left to the editor; these catch mistakes.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-output/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      // Layout is not lint's business (the codebase is formatted by hand, 120 columns).
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/multiline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
      'vue/html-indent': 'off',
      'vue/html-closing-bracket-newline': 'off',
      'vue/attributes-order': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // The service worker's template: `__SHELL__` is filled in by the build.
    files: ['src/sw.template.js'],
    languageOptions: { globals: { ...globals.serviceworker, __SHELL__: 'readonly' } },
  },
  {
    files: ['e2e/**/*.mjs', 'scripts/**', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
);
