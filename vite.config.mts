import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The renderer is one build for both the Electron window and browser mode: relative asset paths
// and hash routing work from a file, a custom protocol or an HTTP server alike.
export default defineConfig({
  root: 'src/renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
  },
  server: { port: 5173, proxy: { '/api': 'http://127.0.0.1:4310' } },
});
