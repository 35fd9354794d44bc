#!/usr/bin/env node
// Runs before `npm start` and `npm test` so that each works as the first command on a fresh clone:
// installs the locked npm packages when node_modules is missing or older than the lockfile, and (for the tests)
// Debian's chromium, which the browser tests drive, when it is missing and this user may install it; and rebuilds
// the bundled command line (dist-cli/, see cli-bundle.mjs) when the sources have changed since it was built.
// Only Node built-ins at the top: this runs before anything is installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const installed = join(root, 'node_modules', '.package-lock.json');
const lock = join(root, 'package-lock.json');
if (!existsSync(installed) || statSync(installed).mtimeMs < statSync(lock).mtimeMs) {
  console.error('[setup] installing npm packages from package-lock.json (npm ci)…');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
}

// npm ci's `prepare` builds it; this catches edits to src/ since (the CLI tests spawn the built command).
const cli = await import('./cli-bundle.mjs');
const state = cli.bundleState();
if (state === 'missing' || state === 'stale') {
  console.error(`[setup] building the command line into dist-cli/ (${state === 'missing' ? 'not built yet' : 'src/ changed since'})…`);
  await cli.buildCliBundle();
}

if (process.argv.includes('--browser')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    const apt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
    if (root && apt) {
      console.error("[setup] the browser tests need Debian's chromium; installing it with apt-get…");
      const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
      execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env });
    } else {
      console.error(`[setup] the browser tests need chromium at ${chromium}: install it with 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH).`);
      process.exit(1);
    }
  }
}
