/** `gan-theory train-1d`: the 1-D GAN of the training page, from a terminal; the same seed gives the same numbers. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useBackend } from '../gan/backend.ts';
import { DEFAULT_GAN1D, Gan1d, type Gan1dConfig } from '../gan/gan1d.ts';
import { TRICK_RANGES, tricksOf } from '../gan/gan1d-config.ts';
import type { LatentKind } from '../gan/latent.ts';
import type { GeneratorLossVariant } from '../gan/losses.ts';
import { formatNumber } from '../format.ts';
import { modeMassesRecord } from '../gan/mode-masses.ts';
import { describeTricks, runSweep1d } from './sweep1d.ts';
import { parseSpecOption } from './divergence.ts';
import { CliError, table, type Io } from './io.ts';

export interface Train1dOptions {
  readonly pdata: string;
  readonly steps: number;
  readonly k: number;
  readonly freezeG?: boolean;
  readonly seed: number;
  readonly json?: boolean;
  readonly batch: number;
  readonly lrD: number;
  readonly lrG: number;
  readonly loss: string;
  readonly labelSmoothing?: number;
  readonly labelNoise?: number;
  readonly dropoutD?: number;
  readonly instanceNoise?: number;
  readonly instanceNoiseSteps?: number;
  readonly latent?: string;
  readonly every?: number;
  readonly backend: string;
  /** A grid of settings to train over several seeds instead of one run (see sweep1d.ts). */
  readonly sweep?: string;
  readonly seeds?: number;
  /** Write the trained generator's exact density on the figures' grid: {"x", "density", "mass", "atoms"}. */
  readonly densityOut?: string;
  /** Save the trained generator as a TensorFlow.js layers model mapping z [n, 1] to x in data units. */
  readonly generatorOut?: string;
}

/**
 * The tricks' flags as configuration, each checked with a message that names the flag.
 *
 * @throws {CliError} (status 2) for a value out of its range.
 */
export function tricksFromOptions(options: Pick<Train1dOptions, 'labelSmoothing' | 'labelNoise' | 'dropoutD' | 'instanceNoise' | 'instanceNoiseSteps' | 'latent'>): Required<Pick<Gan1dConfig, 'labelSmoothing' | 'labelNoise' | 'dropoutD' | 'instanceNoise' | 'instanceNoiseSteps' | 'latent'>> {
  const t = tricksOf(options as Partial<Gan1dConfig>);
  for (const [key, ok, range] of TRICK_RANGES) {
    if (!ok(t[key])) throw new CliError(`--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} must be ${range}, got ${t[key]}`, 2);
  }
  if (t.latent !== 'normal' && t.latent !== 'uniform') throw new CliError(`--latent must be normal or uniform, got ${String(t.latent).slice(0, 40)}`, 2);
  return t;
}

/** Saves a layers model as model.json + weights.bin in dir (the layout tf.loadLayersModel('file://…') reads). */
async function saveModel(model: tf.LayersModel, dir: string, latent: LatentKind): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      writeFileSync(join(dir, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({ modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }], format: 'layers-model', generatedBy: `gan-theory train-1d: x = G(${latent === 'uniform' ? 'u), u ~ U(−1, 1)' : 'z), z ~ N(0, 1)'}, in data units` }),
      );
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
}

function writeOut(file: string, text: string, option: string): void {
  try {
    writeFileSync(file, text);
  } catch (e) {
    throw new CliError(`${option}: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 2);
  }
}

export async function runTrain1d(options: Train1dOptions, io: Io): Promise<void> {
  const pData = parseSpecOption(options.pdata, '--pdata');
  if (!Number.isInteger(options.steps) || options.steps < 1) throw new CliError(`--steps must be a positive integer, got ${options.steps}`, 2);
  if (options.loss !== 'saturating' && options.loss !== 'non-saturating') throw new CliError(`--loss must be saturating or non-saturating, got ${options.loss}`, 2);
  if (options.backend !== 'wasm' && options.backend !== 'cpu') throw new CliError(`--backend must be wasm or cpu, got ${options.backend}`, 2);
  const every = options.every ?? Math.max(1, Math.round(options.steps / 20));
  if (!Number.isInteger(every) || every < 1) throw new CliError(`--every must be a positive integer, got ${options.every}`, 2);
  const tricks = tricksFromOptions(options);
  const backend = await useBackend(options.backend as 'wasm' | 'cpu');
  if (options.sweep !== undefined) {
    const base = { k: options.k, learningRateD: options.lrD, learningRateG: options.lrG, batchSize: options.batch, loss: options.loss as GeneratorLossVariant, ...tricks, freezeG: options.freezeG ?? false };
    io.err(`sweeping ${options.sweep} over seeds 1–${options.seeds ?? 5} on ${pData}, ${options.steps} steps each (TensorFlow.js ${backend})`);
    runSweep1d(pData, { sweep: options.sweep, seeds: options.seeds ?? 5, steps: options.steps, base, json: options.json }, io);
    return;
  }
  let gan: Gan1d;
  try {
    gan = new Gan1d({
      ...DEFAULT_GAN1D,
      pData,
      k: options.k,
      freezeG: options.freezeG ?? false,
      seed: options.seed,
      batchSize: options.batch,
      learningRateD: options.lrD,
      learningRateG: options.lrG,
      loss: options.loss as GeneratorLossVariant,
      ...tricks,
    });
  } catch (e) {
    throw new CliError((e as Error).message, 2);
  }
  const on = describeTricks(tricks);
  io.err(`training a 1-D GAN on ${pData} for ${options.steps} steps (k = ${options.k}, ${gan.config.freezeG ? 'G frozen' : `${options.loss} generator loss`}${on ? `, ${on}` : ''}, seed ${options.seed}, TensorFlow.js ${backend})`);
  const rows: string[][] = [['step', 'loss D', 'loss G', 'V(G, D) batch', 'V(G, D) quad.', 'JSD', 'C(G)', 'mean |D − D*|', 'max |D − D*|', 'modes covered']];
  // One basin per mode of p_data, cut at the density's lowest point between neighbouring modes.
  const basins = gan.basins;
  const started = performance.now();
  try {
    for (let s = 1; s <= options.steps; s++) {
      const r = gan.step();
      if (s % every !== 0 && s !== options.steps) continue;
      const snap = gan.snapshot();
      const record = {
        step: s,
        loss_d: r.lossD,
        loss_g: Number.isFinite(r.lossG) ? r.lossG : null,
        value: snap.value,
        value_se: snap.valueStandardError,
        value_quadrature: snap.valueQuadrature,
        value_quadrature_error: snap.valueQuadratureError,
        jsd: snap.jsd,
        jsd_error: snap.jsdError,
        c_of_g: snap.cOfG,
        c_of_g_error: snap.cOfGError,
        jsd_lower_bound: snap.jsdLowerBound,
        jsd_lower_bound_quadrature: snap.jsdLowerBoundQuadrature,
        d_distance_mean: snap.distance.mean,
        d_distance_max: snap.distance.max,
        mass: snap.mass,
        atoms: Array.from({ length: snap.atoms.length / 2 }, (_, i) => ({ x: snap.atoms[2 * i]!, mass: snap.atoms[2 * i + 1]! })),
        ...modeMassesRecord(snap.modes),
      };
      if (options.json) io.out(JSON.stringify(record));
      else {
        const f = (x: number | null) => (x === null ? '—' : formatNumber(x, 5));
        rows.push([String(s), f(record.loss_d), f(record.loss_g), f(record.value), f(record.value_quadrature), f(record.jsd), f(record.c_of_g), f(record.d_distance_mean), f(record.d_distance_max), `${record.modes_covered} of ${basins.length}`]);
        io.err(`step ${s}/${options.steps}`);
      }
    }
    if (options.densityOut !== undefined) {
      const grid = gan.defaultGrid();
      const pG = gan.generatorDistribution();
      const mass = 'mass' in pG ? (pG.mass as { total: number }).total : 1;
      const atoms = (pG.atoms ?? []).map((a) => ({ x: a.x, mass: a.mass }));
      writeOut(options.densityOut, JSON.stringify({ x: Array.from(grid), density: Array.from(grid, (x) => pG.pdf(x)), mass, atoms }), '--density-out');
    }
    if (options.generatorOut !== undefined) {
      const model = gan.generatorInDataUnits();
      try {
        await saveModel(model, options.generatorOut, tricks.latent);
      } catch (e) {
        throw new CliError(`--generator-out: cannot write ${options.generatorOut}: ${(e as Error).message}`, 2);
      } finally {
        model.dispose();
      }
    }
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (!options.json) io.out(table(rows));
    throw new CliError((e as Error).message, 1);
  } finally {
    gan.dispose();
  }
  if (!options.json) io.out(table(rows));
  io.err(`${options.steps} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

