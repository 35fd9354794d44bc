/**
 * The generator last trained on the 1-D page, for the pushforward page's "the generator just trained": a store the
 * training page writes (its generator's layers, fetched from the worker after a snapshot) and any page reads as a
 * notebook input (`.value` and an `input` event when it changes). It is kept in sessionStorage as well, so a reload
 * of the pushforward page in the same tab still finds it; what is read back is checked before it is used.
 */
import { throughUniformLatent, type LatentMap } from '../../src/gan/latent.ts';
import { denseMap, type DenseLayer } from '../../src/maths/dense-network.ts';
import type { GeneratorLayers } from './protocol.ts';

/** A trained generator with where it came from. */
export interface TrainedGenerator extends GeneratorLayers {
  /** Training steps it had had. */
  readonly step: number;
  /** The data distribution it was trained on, as a spec. */
  readonly pData: string;
}

const STORAGE_KEY = 'gan-theory:trained-generator';

/** The generator's map z ↦ x in data units, with its derivative and fold-safe difference, on a normal latent. */
export function trainedGeneratorMap(t: GeneratorLayers): Required<LatentMap> {
  const net = denseMap(t.layers, t.affine);
  return t.latent === 'uniform' ? throughUniformLatent(net) : net;
}

function finiteArray(v: unknown): v is readonly number[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** A stored generator read back, or undefined when it is missing or not what was written. */
export function parseStoredGenerator(text: string | null): TrainedGenerator | undefined {
  if (!text) return undefined;
  try {
    const o = JSON.parse(text) as { layers?: unknown; affine?: unknown; latent?: unknown; step?: unknown; pData?: unknown };
    if (!Array.isArray(o.layers) || (o.latent !== 'normal' && o.latent !== 'uniform') || typeof o.step !== 'number' || typeof o.pData !== 'string') return undefined;
    const layers: DenseLayer[] = o.layers.map((l: { inputs?: unknown; units?: unknown; weights?: unknown; bias?: unknown; activation?: unknown }) => {
      if (!finiteArray(l.weights) || !finiteArray(l.bias) || typeof l.inputs !== 'number' || typeof l.units !== 'number') throw new Error('bad layer');
      return { inputs: l.inputs, units: l.units, weights: Float64Array.from(l.weights), bias: Float64Array.from(l.bias), activation: l.activation as DenseLayer['activation'] };
    });
    const affine = (o.affine ?? {}) as Record<string, unknown>;
    for (const v of Object.values(affine)) if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
    const t: TrainedGenerator = { layers, affine, latent: o.latent, step: o.step, pData: o.pData };
    denseMap(t.layers, t.affine); // throws on layers that do not chain
    return t;
  } catch {
    return undefined;
  }
}

/** The text kept in sessionStorage (typed arrays as plain arrays). */
export function serializeGenerator(t: TrainedGenerator): string {
  return JSON.stringify({ ...t, layers: t.layers.map((l) => ({ ...l, weights: Array.from(l.weights), bias: Array.from(l.bias) })) });
}

class TrainedGeneratorStore extends EventTarget {
  #value: TrainedGenerator | undefined;
  #loaded = false;

  get value(): TrainedGenerator | undefined {
    if (!this.#loaded) {
      this.#loaded = true;
      try {
        this.#value = parseStoredGenerator(globalThis.sessionStorage?.getItem(STORAGE_KEY) ?? null);
      } catch {
        // Storage can be refused (a sandboxed iframe): the generator then lives only as long as the page.
      }
    }
    return this.#value;
  }
  set value(_: TrainedGenerator | undefined) {
    throw new Error('publish a generator with publish()');
  }

  publish(t: TrainedGenerator): void {
    this.#loaded = true;
    this.#value = t;
    try {
      globalThis.sessionStorage?.setItem(STORAGE_KEY, serializeGenerator(t));
    } catch {
      // As above: kept in memory only.
    }
    this.dispatchEvent(new Event('input'));
  }
}

/** The one store of the site. */
export const trainedGenerator = new TrainedGeneratorStore();
