import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { mnistAssets } from './site/build/mnist-plugin.ts';
import { theoryPages } from './site/build/theory-plugin.ts';

export default defineConfig({
  root: 'site',
  publicDir: 'public',
  plugins: [theoryPages(), mnistAssets(fileURLToPath(new URL('./site/public/data', import.meta.url)))],
  // GAN_OUT_DIR lets a second build (a parallel test run, a benchmark) use its own folder.
  build: { outDir: process.env.GAN_OUT_DIR ?? '../dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  // The training worker is an ES module (it imports TensorFlow.js, which Vite splits into chunks).
  worker: { format: 'es' },
  server: { port: 5173, strictPort: true, fs: { allow: ['..'] } },
  preview: { port: 5173, strictPort: true },
});
