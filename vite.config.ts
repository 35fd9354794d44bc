import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistAssets } from './site/build/mnist-plugin.ts';
import { theoryPages } from './site/build/theory-plugin.ts';

export default defineConfig({
  root: 'site',
  publicDir: 'public',
  plugins: [theoryPages(), mnistAssets(fileURLToPath(new URL('./site/public/data', import.meta.url)))],
  build: { outDir: '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { port: 5173, strictPort: true, fs: { allow: ['..'] } },
  preview: { port: 5173, strictPort: true },
});
