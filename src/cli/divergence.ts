import { readFileSync } from 'node:fs';
import { parseDistribution } from '../distributions/spec.ts';
import { SpecError } from '../distributions/distribution.ts';
import { divergencePanel, type DivergencePanel } from '../numerics/panel.ts';
import { formatNumber } from '../format.ts';
import { CliError, table, type Io } from './io.ts';

export interface DivergenceOptions {
  readonly pdata?: string;
  readonly pg?: string;
  readonly json?: boolean;
  readonly batch?: string;
}

/** The four numbers as JSON: infinities become the string "Infinity" (JSON has no ∞). */
export interface DivergenceJson {
  readonly kl_data_g: number | 'Infinity';
  readonly kl_g_data: number | 'Infinity';
  readonly jsd: number;
  readonly c_of_g: number | '-Infinity';
}

const jsonNumber = (x: number) => (x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x) as never;

export function panelJson(panel: DivergencePanel): DivergenceJson {
  return {
    kl_data_g: jsonNumber(panel.klDataG.value),
    kl_g_data: jsonNumber(panel.klGData.value),
    jsd: panel.jsd.value,
    c_of_g: jsonNumber(panel.cOfG.value),
  };
}

/** Parses a spec given on the command line; a bad one ends the command with status 2 and a caret under the problem. */
export function parseSpecOption(text: string, name: string) {
  try {
    return parseDistribution(text);
  } catch (e) {
    if (e instanceof SpecError) {
      const caret = e.start >= 0 ? `\n  ${text}\n  ${' '.repeat(e.start)}${'^'.repeat(Math.max(1, e.end - e.start))}` : '';
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
  if (options.json) {
    io.out(JSON.stringify(panelJson(panel)));
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
      ]),
      ...(reasons.length ? ['', 'Why infinite (KL(P ‖ Q) with P the first argument):', ...reasons.map((r) => `  ${r}`)] : []),
      '',
      `${panel.evaluations} density evaluations; quadrature error estimates ≤ ${formatNumber(
        Math.max(panel.klDataG.error, panel.klGData.error, panel.jsd.error, panel.cOfG.error),
        2,
      )}`,
    ].join('\n'),
  );
}

function runBatch(file: string, io: Io): void {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read batch file ${file}: ${(e as Error).message}`, 2);
  }
  let entries: unknown;
  try {
    entries = JSON.parse(text);
  } catch (e) {
    throw new CliError(`batch file ${file} is not valid JSON: ${(e as Error).message}`, 2);
  }
  if (!Array.isArray(entries)) throw new CliError(`batch file ${file} must hold a JSON array of {"pdata": SPEC, "pg": SPEC}`, 2);
  const started = performance.now();
  let failures = 0;
  const results = entries.map((entry: unknown, i) => {
    try {
      if (typeof entry !== 'object' || entry === null) throw new Error(`entry ${i} is not an object`);
      const { pdata, pg } = entry as { pdata?: unknown; pg?: unknown };
      if (typeof pdata !== 'string') throw new Error(`entry ${i}: "pdata" must be a spec string`);
      if (typeof pg !== 'string') throw new Error(`entry ${i}: "pg" must be a spec string`);
      return panelJson(divergencePanel(parseSpecOption(pdata, 'pdata'), parseSpecOption(pg, 'pg')));
    } catch (e) {
      failures++;
      const message = (e as Error).message.split('\n')[0]!;
      io.err(`entry ${i}: ${message}`);
      return { error: message };
    }
  });
  io.out(JSON.stringify(results, null, 2));
  io.err(`${entries.length} pairs (${failures} with errors) in ${Math.round(performance.now() - started)} ms`);
}
