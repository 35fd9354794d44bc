/**
 * Messages as data, so a page can show them in the reader's language: a short code (a page looks it up in its
 * own catalogue; src/ holds none), the values the message quotes, and the English text that the command line and
 * the tests read. A value may itself be a coded message (a problem inside a problem) or a list of them.
 *
 * @example coded('parameter.notPositive', { name: 'sd', value: -1 }, 'sd must be positive, got -1')
 */
export type CodedValue = string | number | Coded | readonly Coded[];
export type CodedParams = Readonly<Record<string, CodedValue>>;

export interface Coded {
  readonly code: string;
  readonly params: CodedParams;
  /** The English text, word for word what the message says without a catalogue. */
  readonly message: string;
}

export function coded(code: string, params: CodedParams, message: string): Coded {
  return { code, params, message };
}

/** An error that carries its message's code and values beside the English text (when it was given them). */
export class CodedError extends Error {
  readonly code: string | undefined;
  readonly params: CodedParams | undefined;
  constructor(message: string | Coded) {
    super(typeof message === 'string' ? message : message.message);
    this.code = typeof message === 'string' ? undefined : message.code;
    this.params = typeof message === 'string' ? undefined : message.params;
  }

  /** The coded message, or undefined for an error made from plain text. */
  get coded(): Coded | undefined {
    return this.code === undefined ? undefined : { code: this.code, params: this.params ?? {}, message: this.message };
  }
}

/** An error's message as a value inside another message: coded where the error is, its plain text otherwise. */
export function codedOrText(e: unknown): CodedValue {
  return (e instanceof CodedError && e.coded) || (e instanceof Error ? e.message : String(e));
}
