import { verifyIdentities } from '../numerics/identities.ts';
import { formatNumber } from '../format.ts';
import { CliError, table, type Io } from './io.ts';

export interface VerifyCliOptions {
  readonly pairs: number;
  readonly seed: number;
  readonly json?: boolean;
}

export function runVerify(options: VerifyCliOptions, io: Io): void {
  if (!Number.isInteger(options.pairs) || options.pairs < 1) throw new CliError(`--pairs must be a positive integer, got ${options.pairs}`, 2);
  if (!Number.isInteger(options.seed)) throw new CliError(`--seed must be an integer, got ${options.seed}`, 2);
  const started = performance.now();
  const results = verifyIdentities({
    pairs: options.pairs,
    seed: options.seed,
    onResult: (r, i, n) => io.err(`[${i + 1}/${n}] ${r.passed ? 'pass' : 'FAIL'} ${r.id}`),
  });
  const failed = results.filter((r) => !r.passed);
  if (options.json) {
    io.out(JSON.stringify(results.map(({ id, statement, page, tolerance, cases, maxError, worstCase, passed }) => ({
      id, statement, page, tolerance, cases, max_error: Number.isFinite(maxError) ? maxError : String(maxError), worst_case: worstCase, passed,
    })), null, 2));
  } else {
    io.out(
      [
        `Checked ${results.length} identities over ${options.pairs} random mixture pairs (seed ${options.seed}) in ${(
          (performance.now() - started) / 1000
        ).toFixed(1)} s`,
        '',
        table([
          ['', 'identity', 'largest error', 'tolerance', 'statement'],
          ...results.map((r) => [r.passed ? 'pass' : 'FAIL', r.id, formatNumber(r.maxError, 3), formatNumber(r.tolerance, 3), r.statement]),
        ]),
        ...failed.map((r) => `\n${r.id} failed worst on: ${r.worstCase}`),
      ].join('\n'),
    );
  }
  if (failed.length) throw new CliError(`${failed.length} of ${results.length} identities failed`, 1);
}
