/** What a subcommand needs from the outside world, so tests can run commands in-process and read what they print. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

export const processIo: Io = {
  out: (text) => void process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => void process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

/** An error that ends the command with a message and an exit status (2 for bad input, 1 for a failed check). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** Lines of columns, padded to line up. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, [...cell].length)));
  return rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - [...cell].length))).join('  ').trimEnd()).join('\n');
}

/** The most characters of a failure's message that reach stderr. */
export const MAX_MESSAGE = 400;

/** A message as one line of at most {@link MAX_MESSAGE} characters (a long one cut with an ellipsis). */
export function oneLine(message: string): string {
  const line = message.split('\n')[0]!.trimEnd();
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
}

/** A piece of user input as a message quotes it: at most 40 characters. */
export function quoteArgument(text: string): string {
  return text.length > 40 ? `${text.slice(0, 36)}…` : text;
}

/**
 * A seed option: an integer from 0 to 2^32 − 1 written in decimal. Seeds are used modulo 2^32, so larger ones
 * would only repeat smaller ones, and past 2^53 − 1 a double cannot even hold the number typed: it is refused by
 * its own text, not by the number it would round to.
 */
export function parseSeed(text: string, option = '--seed'): number {
  const t = text.trim();
  if (!/^\+?\d+$/.test(t) || BigInt(t) > 4294967295n) {
    throw new CliError(`${option} must be an integer from 0 to 4294967295, got '${quoteArgument(text)}'`, 2);
  }
  return Number(t);
}

/** A count option: an integer in [min, max], or a message naming the option, the range and what was given. */
export function checkCount(value: number, option: string, min: number, max: number, why = ''): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CliError(`${option} must be an integer from ${min} to ${max}${why ? ` (${why})` : ''}, got ${quoteArgument(String(value))}`, 2);
  }
  return value;
}
