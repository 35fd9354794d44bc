import { readFileSync } from 'node:fs';
import { parseDistribution } from '../distributions/spec.ts';
import { SpecError } from '../distributions/distribution.ts';
import { divergencePanel, type DivergencePanel } from '../numerics/panel.ts';
import type { Estimate } from '../numerics/divergences.ts';
import { wasserstein1 } from '../numerics/wasserstein.ts';
import { formatNumber } from '../format.ts';
import { CliError, oneLine, table, type Io } from './io.ts';

export interface DivergenceOptions {
  readonly pdata?: string;
  readonly pg?: string;
  readonly json?: boolean;
  readonly batch?: string;
}

/** The numbers as JSON: infinities become the string "Infinity" (JSON has no ∞). */
export interface DivergenceJson {
  readonly kl_data_g: number | 'Infinity';
  readonly kl_g_data: number | 'Infinity';
  readonly jsd: number;
  readonly c_of_g: number | '-Infinity';
  /** W₁(P_data, P_G) = ∫|F_data − F_G| dx; +∞ where the Cauchy tails differ. */
  readonly wasserstein_1: number | 'Infinity';
}

/** A number for JSON: ±∞ as strings; NaN is a computation that failed, never written (JSON would say null). */
function jsonNumber(x: number, name: string): never {
  if (Number.isNaN(x)) throw new CliError(`the computation of ${name} failed (it gave NaN)`, 1);
  return (x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x) as never;
}

export function panelJson(panel: Pick<DivergencePanel, 'klDataG' | 'klGData' | 'jsd' | 'cOfG'>, w1: Estimate): DivergenceJson {
  return {
    kl_data_g: jsonNumber(panel.klDataG.value, 'KL(P_data ‖ P_G)'),
    kl_g_data: jsonNumber(panel.klGData.value, 'KL(P_G ‖ P_data)'),
    jsd: jsonNumber(panel.jsd.value, 'the JSD'),
    c_of_g: jsonNumber(panel.cOfG.value, 'C(G)'),
    wasserstein_1: jsonNumber(w1.value, 'W₁'),
  };
}

/** At most this many characters of a spec are shown around the place an error points at. */
const WINDOW = 30;

/** Parses a spec given on the command line; a bad one ends the command with status 2 and a caret under the problem. */
export function parseSpecOption(text: string, name: string) {
  try {
    return parseDistribution(text);
  } catch (e) {
    if (e instanceof SpecError) {
      // The spec and a caret under the problem, cut to a window around it for long specs.
      let caret = '';
      if (e.start >= 0) {
        const span = Math.min(Math.max(1, e.end - e.start), WINDOW);
        const from = Math.max(0, e.start - WINDOW), to = Math.min(text.length, e.start + span + WINDOW);
        const shown = `${from > 0 ? '…' : ''}${text.slice(from, to)}${to < text.length ? '…' : ''}`;
        const at = e.start - from + (from > 0 ? 1 : 0);
        const width = Math.max(1, Math.min(span, to - e.start));
        caret = `\n  ${shown}\n  ${' '.repeat(at)}${'^'.repeat(width)}`;
      }
      throw new CliError(`bad ${name}: ${e.message}${caret}`, 2);
    }
    throw e;
  }
}

export function runDivergence(options: DivergenceOptions, io: Io): void {
  if (options.batch !== undefined) {
    if (options.pdata !== undefined || options.pg !== undefined) throw new CliError('give either --batch FILE or --pdata and --pg, not both', 2);
    runBatch(options.batch, io);
    return;
  }
  if (options.pdata === undefined || options.pg === undefined) {
    throw new CliError('divergence needs --pdata SPEC and --pg SPEC (or --batch FILE); see gan-theory divergence --help', 2);
  }
  const pData = parseSpecOption(options.pdata, '--pdata');
  const pG = parseSpecOption(options.pg, '--pg');
  const panel = divergencePanel(pData, pG);
  const w1 = wasserstein1(pData, pG);
  if (options.json) {
    io.out(JSON.stringify(panelJson(panel, w1)));
    return;
  }
  const f = (x: number) => formatNumber(x, 15);
  const reasons: string[] = [];
  const row = (label: string, e: { value: number; reason?: string }, note = ''): string[] => {
    if (e.reason) reasons.push(`${label}: ${e.reason}`);
    return [label, f(e.value), note];
  };
  const difference = panel.cOfG.value - panel.cOfGFromJsd;
  io.out(
    [
      `P_data = ${pData}`,
      `P_G    = ${pG}`,
      '',
      table([
        ['quantity', 'value (nats)', ''],
        row('KL(P_data ‖ P_G)', panel.klDataG),
        row('KL(P_G ‖ P_data)', panel.klGData),
        row('JSD(P_data ‖ P_G)', panel.jsd, `= ${formatNumber(panel.jsd.value / Math.LN2, 10)} bits (JSD lies in [0, log 2] nats, [0, 1] bits)`),
        row('C(G) = V(G, D*)', panel.cOfG),
        ['−log 4 + 2·JSD', f(panel.cOfGFromJsd), `difference ${formatNumber(difference, 2)}`],
        row('W₁(P_data, P_G)', w1, '= ∫ |F_data − F_G| dx (a distance in x, not nats)'),
      ]),
      ...(reasons.length ? ['', 'Why infinite (KL(P ‖ Q) with P the first argument; W₁ with P = P_data):', ...reasons.map((r) => `  ${r}`)] : []),
      '',
      `${panel.evaluations} density evaluations; quadrature error estimates ≤ ${formatNumber(
        Math.max(panel.klDataG.error, panel.klGData.error, panel.jsd.error, panel.cOfG.error, w1.error),
        2,
      )}`,
    ].join('\n'),
  );
}

function runBatch(file: string, io: Io): void {
  let text: string;
  try {
    // A byte-order mark (as some editors write) is not part of the JSON.
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    throw new CliError(`cannot read batch file ${file}: ${oneLine((e as Error).message)}`, 2);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (e) {
    throw new CliError(`batch file ${file} is not valid JSON: ${oneLine((e as Error).message).slice(0, 120)}`, 2);
  }
  if (!Array.isArray(entries)) throw new CliError(`batch file ${file} must hold a JSON array of {"pdata": SPEC, "pg": SPEC}`, 2);
  const started = performance.now();
  let failures = 0;
  const results = entries.map((entry: unknown, i) => {
    try {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error('not an object {"pdata": SPEC, "pg": SPEC}');
      const { pdata, pg } = entry as { pdata?: unknown; pg?: unknown };
      if (typeof pdata !== 'string') throw new Error('"pdata" must be a spec string');
      if (typeof pg !== 'string') throw new Error('"pg" must be a spec string');
      const [p, q] = [parseSpecOption(pdata, 'pdata'), parseSpecOption(pg, 'pg')];
      return panelJson(divergencePanel(p, q), wasserstein1(p, q));
    } catch (e) {
      failures++;
      const message = oneLine((e as Error).message);
      io.err(`entry ${i}: ${message}`);
      return { error: message };
    }
  });
  io.out(JSON.stringify(results, null, 2));
  io.err(`${entries.length} pairs (${failures} with errors) in ${Math.round(performance.now() - started)} ms`);
  if (entries.length > 0 && failures === entries.length) throw new CliError(`every entry of ${file} failed`, 2);
}
