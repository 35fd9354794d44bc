/**
 * TensorFlow.js's WebAssembly backend in the browser: Vite serves the three .wasm builds as assets and tfjs is told
 * where they are. The multi-threaded build needs cross-origin isolation and breaks when minified, so it is turned
 * off (../shared/STACK.md). If WebAssembly cannot start, the plain `cpu` backend is used and the page says so.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import { useBackend } from '../src/gan/backend.ts';

let ready: Promise<string> | undefined;

/** Starts the fastest backend that works here (once per page load) and returns its name. */
export function startBackend(): Promise<string> {
  ready ??= (async () => {
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setWasmPaths({ 'tfjs-backend-wasm.wasm': wasmPlain, 'tfjs-backend-wasm-simd.wasm': wasmSimd, 'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded });
    try {
      return await useBackend('wasm');
    } catch {
      return useBackend('cpu');
    }
  })();
  return ready;
}
