/**
 * An error as the reader sees it, in the page's language. The numerics core's errors (a bad spec, a custom
 * formula the sandbox refuses, a distribution the pages cannot draw) carry a code and the values they quote beside
 * their English text; here the code picks the template in notebooks/messages/<locale>/errors.json and the values
 * fill its `{name}` placeholders (a value that is itself a coded message is rendered the same way first). English,
 * and any error without a code, shows its own message unchanged.
 */
import { CodedError, type Coded, type CodedValue } from '../../src/distributions/coded.ts';
import { locale, messages, type Params } from '../i18n.ts';
import en from '../messages/en/errors.json';
import zh from '../messages/zh-CN/errors.json';

const catalogue: Readonly<Record<string, string>> = en;
const t = messages({ en, 'zh-CN': zh });

/** A coded message in the current language; the English text where the catalogue has no template for its code. */
export function codedMessage(message: Coded): string {
  if (locale() === 'en' || !Object.hasOwn(catalogue, message.code)) return message.message;
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(message.params)) params[name] = rendered(value);
  try {
    return t(message.code as keyof typeof en, params as Params);
  } catch {
    // A catalogue whose placeholders disagree with the code's values (the catalogue test catches it first).
    return message.message;
  }
}

function rendered(value: CodedValue): string | number {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(codedMessage).join(t('list.separator'));
  return codedMessage(value as Coded);
}

/** What to show the reader for an error thrown anywhere: its coded message in the page's language, or its text. */
export function errorMessage(error: unknown): string {
  if (error instanceof CodedError && error.coded) return codedMessage(error.coded);
  return error instanceof Error ? error.message : String(error);
}
