/**
 * Choosing TensorFlow.js's backend in the training worker (or, in a test, the page). Image networks (the MNIST page) run on WebGL where the page has
 * a hardware GPU, and on WebAssembly otherwise: WebGL on a software renderer (SwiftShader, llvmpipe: what a
 * headless or GPU-less browser gets) is slower than WebAssembly. Tiny networks (the 1-D GAN) always take
 * WebAssembly, where a kernel launch costs microseconds rather than a GPU round trip. Vite serves the three .wasm
 * builds as assets; the multi-threaded build needs cross-origin isolation and breaks when minified, so it is
 * turned off (../shared/STACK.md). If WebAssembly cannot start either, the plain `cpu` backend is used; the pages
 * show which backend runs. A worker has no document: WebGL there runs on an OffscreenCanvas.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { useBackend } from '../../src/gan/backend.ts';
import { installWasmTrainingKernels } from '../../src/gan/wasm-kernels.ts';
import type { BackendChoice } from './protocol.ts';

export type Workload = 'tiny-networks' | 'image-networks';

let wasmConfigured = false;

/** Whether a WebGL renderer name is a software rasteriser. */
export function isSoftwareRenderer(renderer: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software|basic render driver|microsoft basic/i.test(renderer);
}

/** The WebGL renderer's name, or null where the page has no WebGL. */
function webglRenderer(): string | null {
  try {
    const canvas = typeof OffscreenCanvas !== 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return name;
  } catch {
    return null;
  }
}

/**
 * Starts the fastest backend for this workload here (or the one asked for) and returns its name. On WebAssembly the
 * project's training kernels are installed.
 */
export async function startBackend(workload: Workload, choice: BackendChoice = 'auto'): Promise<string> {
  if (choice === 'webgl' || choice === 'cpu') return useBackend(choice);
  const name = await startAutomatic(workload, choice);
  if (name === 'wasm') installWasmTrainingKernels();
  return name;
}

async function startAutomatic(workload: Workload, choice: 'auto' | 'wasm'): Promise<string> {
  if (workload === 'image-networks' && choice === 'auto') {
    const renderer = webglRenderer();
    if (renderer !== null && !isSoftwareRenderer(renderer)) {
      try {
        return await useBackend('webgl');
      } catch {
        // fall through to WebAssembly
      }
    }
  }
  if (!wasmConfigured) {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
    wasmConfigured = true;
  }
  try {
    return await useBackend('wasm');
  } catch {
    return useBackend('cpu');
  }
}
