import { defineConfig } from 'vite';
import { theoryPages } from './site/build/theory-plugin.ts';

export default defineConfig({
  root: 'site',
  publicDir: 'public',
  plugins: [theoryPages()],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: true, fs: { allow: ['..'] } },
  preview: { port: 5173, strictPort: true },
});
