import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The core, the shell and HQ never import the renderer: it is the untrusted side. */
const NOT_RENDERER = { regex: '^(\\.\\./)+(renderer|hq/web)/', message: 'The core and the shell do not import the renderer.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.tsbuild/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Data is always rendered as text.' },
      ],
    },
  },
  // the renderer and shared blocks below narrow this further
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/main/shell/**', 'src/preload/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src/main/shell and src/preload import electron.' }], patterns: [NOT_RENDERER] },
      ],
    },
  },
  {
    files: ['src/main/shell/**/*.ts', 'src/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [NOT_RENDERER] }] },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|fs$|path$|child_process$|typeorm|sqlite3|electron$|fastify)', message: 'The renderer reaches the core only through the API client.' },
            { regex: '^(\\.\\./)+(main|hq|preload)/', message: 'The renderer reaches the core only through the API client and src/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src/hq/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // src/shared imports only src/shared (and pure libraries): a relative path may not climb out of it
  ...['src/shared/*.ts', 'src/shared/*/*.ts', 'src/shared/*/*/*.ts'].map((files, depth) => ({
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(node:|react|antd|electron$|typeorm|sqlite3|fastify)', message: 'src/shared is pure TypeScript.' },
            { regex: `^(\\.\\./){${depth + 1},}`, message: 'src/shared imports nothing outside src/shared.' },
          ],
        },
      ],
    },
  })),
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
