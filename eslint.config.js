import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronImport = { name: 'electron', message: 'Only src/main/desktop and src/main/index.ts may import electron.' };
const re2jsImport = { name: 're2js', message: 'In shared/, only template-pattern.ts may import re2js; import that file instead.' };
const sharedPatterns = { group: ['node:*', '../main/*', '../renderer/*'], message: 'shared/ imports only zod.' };

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.rig/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node, parserOptions: { project: false, projectService: false } },
  },
  {
    files: ['src/shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [electronImport, re2jsImport], patterns: [sharedPatterns] },
      ],
    },
  },
  {
    // The one exception to "shared/ imports only zod": template patterns must be judged by the same
    // linear-time engine in the core and in the renderer, and re2js is pure JavaScript.
    files: ['src/shared/template-pattern.ts', 'src/shared/template-pattern.test.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [sharedPatterns] }] },
  },
  {
    files: ['src/main/core/**', 'src/main/serve/**'],
    rules: { 'no-restricted-imports': ['error', { paths: [electronImport] }] },
  },
  {
    files: ['src/renderer/**'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronImport],
          patterns: [{ group: ['node:*', '**/main/**', '**/preload/**'], message: 'The renderer reaches the core only through the contract.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
