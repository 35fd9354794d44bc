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

/** A random source that continues exactly where the one that produced `state` was. */
export function restoreRandom(state: readonly number[]): Random {
  if (state.length !== 5 || !state.slice(0, 4).every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
    throw new RangeError('not a saved random state');
  }
  return fromState(Uint32Array.from(state.slice(0, 4)), state[4] === null ? NaN : state[4]!);
}

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
    let u: number, v: number, r2: number;
    do {
      u = 2 * uniform() - 1;
      v = 2 * uniform() - 1;
      r2 = u * u + v * v;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    spare = v * f;
    return u * f;
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
