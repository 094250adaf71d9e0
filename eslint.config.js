import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const electronImport = {
  name: 'electron',
  message: 'Only src/main/desktop and src/main/index.ts may import electron.',
};
const re2jsImport = {
  name: 're2js',
  message: 'In shared/, only template-pattern.ts may import re2js; import that file instead.',
};
const sharedPatterns = {
  group: ['node:*', '../main/*', '../renderer/*'],
  message: 'shared/ imports only zod.',
};

// Core feature boundaries (src/main/core/README.md). A folder with an index.ts is a feature: other
// code reaches it through that index only. The others are platform folders (db, ssh, events…) that
// features use by file and that never import a feature. Which feature may import which is listed in
// src/main/core/architecture.test.ts; this rule holds the line against reaching into internals.
const coreDir = 'src/main/core';
const coreFolders = readdirSync(join(import.meta.dirname, coreDir), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const coreFeatures = coreFolders.filter((name) =>
  existsSync(join(import.meta.dirname, coreDir, name, 'index.ts')),
);
const climb = (depth) => (depth === 0 ? '\\./' : `(?:\\.\\./){${String(depth)}}`);
const anyOf = (names) => `(?:${names.join('|')})`;
const coreBoundary = (files, pattern) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { paths: [electronImport], patterns: [pattern] }] },
});
// Files sit at most a few folders below their feature; each depth climbs back to core/ its own way.
const coreDepths = [1, 2, 3, 4];
const coreBoundaries = [
  coreBoundary([`${coreDir}/*.ts`], {
    regex: `^${climb(0)}${anyOf(coreFeatures)}/`,
    message: 'Import a core feature through its index.ts (./name), never its files.',
  }),
  ...coreFolders.flatMap((folder) =>
    coreDepths.map((depth) => {
      const files = [`${coreDir}/${folder}/${'*/'.repeat(depth - 1)}*.ts`];
      if (!coreFeatures.includes(folder)) {
        return coreBoundary(files, {
          regex: `^${climb(depth)}${anyOf(coreFeatures)}(?:/|$)`,
          message: 'A platform folder of the core never imports a feature; pass what it needs in.',
        });
      }
      const others = coreFeatures.filter((name) => name !== folder);
      return coreBoundary(files, {
        // Tests may borrow another feature's test-support file (generated hostile templates).
        regex: `^${climb(depth)}${anyOf(others)}/(?!test-support$)`,
        message: "Import another feature through its index.ts ('../name'), never its files.",
      });
    }),
  ),
];

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
    // Small modules and short functions a newcomer reads top to bottom (tests included).
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    rules: {
      'max-lines': ['error', { max: 300 }],
      'max-lines-per-function': ['error', { max: 60 }],
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
  ...coreBoundaries,
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
          patterns: [
            {
              group: ['node:*', '**/main/**', '**/preload/**'],
              message: 'The renderer reaches the core only through the contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
