/** `npm run bench [section…]`: speed figures, printed beside the reference figures of ../shared/BENCH.md. */
import { benchBrowser } from './browser.ts';
import { benchNumerics } from './numerics.ts';
import { benchMnist } from './mnist.ts';
import { benchMnistQuality } from './mnist-quality.ts';
import { benchTraining1d } from './training1d.ts';
import { benchTrainingPages } from './training-pages.ts';

const sections: Record<string, () => void | Promise<void>> = {
  'training-pages': () => benchTrainingPages(),
  numerics: () => benchNumerics(),
  browser: () => benchBrowser(),
  'training-1d': () => benchTraining1d(),
  mnist: () => benchMnist(),
  // About 40 minutes: only when asked for by name.
  'mnist-quality': () => benchMnistQuality(),
};
const byDefault = ['training-pages', 'numerics', 'browser', 'training-1d', 'mnist'];

const asked = process.argv.slice(2);
const unknown = asked.filter((s) => !(s in sections));
if (unknown.length) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; known: ${Object.keys(sections).join(', ')}`);
  process.exit(2);
}
console.log(`# gan-theory benchmarks — Node ${process.version}, ${new Date().toISOString()}`);
for (const name of asked.length ? asked : byDefault) await sections[name]!();
