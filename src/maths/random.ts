/**
 * A seeded, reproducible random source: xoshiro128** (Blackman & Vigna 2018) seeded through splitmix32.
 *
 * Hand-written rather than imported: it is twenty lines, it runs in the sampling hot loops, and its state
 * is four 32-bit words that can be copied, so a training cell or a test can be replayed exactly.
 *
 * @example
 * const rng = createRandom(42);
 * rng.uniform();      // a double in (0, 1), never 0 or 1
 * rng.normal();       // a standard normal draw
 */
export interface Random {
  /** A double strictly inside (0, 1) with 52 random bits. */
  uniform(): number;
  /** A standard normal draw (Marsaglia's polar method). */
  normal(): number;
  /** An integer in [0, n). */
  integer(n: number): number;
  /** An independent copy of the current state. */
  clone(): Random;
  /** The state as plain numbers, to save in a checkpoint ({@link restoreRandom} resumes from it). */
  state(): number[];
}

/**
 * A random source that continues exactly where the one that produced `state` was.
 *
 * @throws {RangeError} naming what is wrong unless `state` is four 32-bit words, not all zero (xoshiro's one
 * fixed point: from there every draw is 0 forever), and a spare normal draw that is a finite number, or null/NaN
 * for none.
 */
export function restoreRandom(state: readonly unknown[]): Random {
  if (!Array.isArray(state) || state.length !== 5) {
    throw new RangeError(`not a saved random state: expected 5 numbers, got ${Array.isArray(state) ? `${state.length} values` : typeof state}`);
  }
  const words = state.slice(0, 4);
  const bad = words.findIndex((w) => !(typeof w === 'number' && Number.isInteger(w) && w >= 0 && w <= 0xffffffff));
  if (bad >= 0) throw new RangeError(`not a saved random state: word ${bad + 1} is ${String(words[bad]).slice(0, 24)}, not a 32-bit unsigned integer`);
  if (words.every((w) => w === 0)) throw new RangeError('not a saved random state: all four words are 0, a state xoshiro128** never leaves (every draw would be the same)');
  const spare = state[4];
  if (!(spare === null || (typeof spare === 'number' && (Number.isNaN(spare) || Number.isFinite(spare))))) {
    throw new RangeError(`not a saved random state: the spare normal draw is ${String(spare).slice(0, 24)}, not a finite number or null`);
  }
  return fromState(Uint32Array.from(words as number[]), spare === null ? NaN : (spare as number));
}

/**
 * The polar method accepts a pair with probability π/4, so 64 rejections in a row happen with probability
 * (1 − π/4)^64 ≈ 2e-43 on a working stream: past that the stream is degenerate and normal() says so instead of
 * looping forever.
 */
const MAX_POLAR_TRIES = 64;

export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new RangeError(`invalid seed: ${seed} (seeds are integers)`);
  // Seeds are taken modulo 2^32.
  let s = ((seed % 4294967296) ^ 0x9e3779b9) >>> 0;
  const state = new Uint32Array(4);
  for (let i = 0; i < 4; i++) {
    // splitmix32 spreads a small seed over the whole state (xoshiro must not start at all zeros).
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    state[i] = (z ^ (z >>> 15)) >>> 0;
  }
  return fromState(state);
}

/**
 * Two independent standard normal draws from a stream of uniforms on (0, 1) (Marsaglia's polar method).
 *
 * @throws {Error} when the stream is degenerate: {@link MAX_POLAR_TRIES} pairs in a row rejected (a constant
 * stream such as () => 0.99 would otherwise loop forever).
 */
export function polarNormalPair(uniform: () => number): [number, number] {
  for (let tries = 0; tries < MAX_POLAR_TRIES; tries++) {
    const u = 2 * uniform() - 1;
    const v = 2 * uniform() - 1;
    const r2 = u * u + v * v;
    if (r2 < 1 && r2 > 0) {
      const f = Math.sqrt((-2 * Math.log(r2)) / r2);
      return [u * f, v * f];
    }
  }
  throw new Error(`the random stream is degenerate: ${MAX_POLAR_TRIES} pairs of uniforms in a row fell outside the unit disc`);
}

function fromState(state: Uint32Array, initialSpare = NaN): Random {
  let spare = initialSpare;

  function next(): number {
    const s0 = state[0]!, s1 = state[1]!, s2 = state[2]!, s3 = state[3]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    let n2 = (s2 ^ s0) >>> 0;
    let n3 = (s3 ^ s1) >>> 0;
    const n1 = (s1 ^ n2) >>> 0;
    const n0 = (s0 ^ n3) >>> 0;
    n2 = (n2 ^ t) >>> 0;
    n3 = rotl(n3, 11);
    state[0] = n0; state[1] = n1; state[2] = n2; state[3] = n3;
    return r;
  }

  function uniform(): number {
    const hi = next() >>> 6; // 26 bits
    const lo = next() >>> 6; // 26 bits
    // (k + 0.5) / 2^52 with k < 2^52 is exact and lies in [2^−53, 1 − 2^−53]: never 0 or 1, so inverse-CDF
    // sampling never hits ±∞.
    return (hi * 67108864 + lo + 0.5) / 4503599627370496;
  }

  function normal(): number {
    if (!Number.isNaN(spare)) {
      const z = spare;
      spare = NaN;
      return z;
    }
    const [z, other] = polarNormalPair(uniform);
    spare = other;
    return z;
  }

  function integer(n: number): number {
    if (!(n >= 1) || !Number.isInteger(n)) throw new RangeError(`invalid integer range: ${n}`);
    return Math.floor(uniform() * n);
  }

  function clone(): Random {
    return fromState(new Uint32Array(state), spare);
  }

  function saved(): number[] {
    return [...state, spare];
  }

  return { uniform, normal, integer, clone, state: saved };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
