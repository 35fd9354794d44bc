#!/usr/bin/env node
// The installed `gan-theory` command. It runs the bundle in dist-cli/ (built from src/ at `npm install`/`npm ci`
// by the `prepare` script, and rebuilt by scripts/ensure-installed.mjs when stale), so a call starts in plain
// Node without compiling TypeScript.
//
// When the bundle is missing or older than the sources (an edited checkout), it runs the sources through tsx
// instead, if tsx is installed (a development checkout): slower, but never stale numbers. It says so on a
// terminal's stderr only, so that a test or a script reading stderr sees the command's own output.
// Without tsx (an install without dev dependencies) a missing bundle is an error that says how to build it.
import { bundleState, BUNDLE_ENTRY, ROOT } from '../scripts/cli-bundle.mjs';
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';

// A closed pipe (`gan-theory … | head`) is not an error worth a stack trace.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const state = bundleState();
let entry = pathToFileURL(BUNDLE_ENTRY).href;
if (state === 'missing' || state === 'stale') {
  let register;
  try {
    ({ register } = await import('tsx/esm/api'));
  } catch {
    if (state === 'missing') {
      process.stderr.write('gan-theory: the built command line (dist-cli/main.js) is missing; build it with `npm run build:cli` (npm install does it too)\n');
      process.exit(1);
    }
  }
  if (register) {
    register();
    if (process.stderr.isTTY) process.stderr.write(`gan-theory: dist-cli/ is ${state === 'missing' ? 'not built' : 'older than src/'}, so running the sources with tsx (slow start); \`npm run build:cli\` rebuilds it\n`);
    entry = pathToFileURL(join(ROOT, 'src/cli/main.ts')).href;
  }
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
