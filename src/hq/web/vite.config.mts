import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// HQ's overview page: a small page of its own, served by the HQ service from dist/hq-web.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, '../../../dist/hq-web'),
    emptyOutDir: true,
    sourcemap: false,
    // the login form loads the page's frame; its tabs (the overview with its charts) are scripts of their own
    chunkSizeWarningLimit: 4096,
  },
});
