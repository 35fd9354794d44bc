/**
 * A page's trainer: a RemoteTrainer whose worker is the site's training worker (worker.ts, bundled by Vite), which
 * loads the MNIST assets from the site's data/ folder. The page keeps a list of its live trainers so the browser
 * tests can make a worker crash (`__trainingWorkers.crash()`) and see the page report it.
 */
import type { KindName } from './protocol.ts';
import { RemoteTrainer } from './remote-trainer.ts';

const live = new Set<RemoteTrainer<KindName>>();

function spawnWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'gan-theory training' });
}

export function pageTrainer<K extends KindName>(kind: K): RemoteTrainer<K> {
  const trainer = new RemoteTrainer(kind, { spawn: spawnWorker, dataUrl: new URL('data/', document.baseURI).href });
  live.add(trainer as unknown as RemoteTrainer<KindName>);
  const dispose = trainer.dispose.bind(trainer);
  trainer.dispose = () => {
    live.delete(trainer as unknown as RemoteTrainer<KindName>);
    dispose();
  };
  return trainer;
}

/** For the browser tests: crash the workers, count them, read a trainer's step records by its kind. */
(globalThis as unknown as { __trainingWorkers: unknown }).__trainingWorkers = {
  crash: () => live.forEach((t) => t.crash()),
  count: () => live.size,
  history: (kind: KindName) => [...live].find((t) => t.kind === kind)?.value.history ?? [],
  snapshots: (kind: KindName) => [...live].find((t) => t.kind === kind)?.value.snapshots ?? [],
};
