/** Builds the site and serves it with `vite preview` on loopback for the browser tests; stops it afterwards. */
import { PORT, startPreview } from './browser.ts';

let stop: (() => void) | undefined;

export async function setup(): Promise<void> {
  stop = await startPreview(PORT);
}

export async function teardown(): Promise<void> {
  stop?.();
}
