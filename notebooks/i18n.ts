/**
 * The pages' languages and their message catalogues. Every string a reader sees that is not maths or a number
 * lives in a catalogue, one JSON file per page (or component) and language under notebooks/messages/<locale>/, so
 * a translator works on plain files and the cells stay the same for every language.
 *
 * The language is chosen once per page view, by the shell, before the page's cells run (switching language
 * rebuilds the page from its URL), so a message is looked up when a cell draws it.
 *
 * A message may hold `{name}` placeholders; the caller formats the numbers it puts in them.
 */

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

/** The name of each language in itself, for the language switch. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(text: string): text is Locale {
  return (LOCALES as readonly string[]).includes(text);
}

let current: Locale = 'en';

/** The language the page is shown in. */
export function locale(): Locale {
  return current;
}

/** Sets the language for the cells defined from now on (the shell calls it before it builds a page). */
export function setLocale(next: Locale): void {
  if (!isLocale(next)) throw new RangeError(`unknown language: ${JSON.stringify(next)} (one of ${LOCALES.join(', ')})`);
  current = next;
}

export type Catalogue = Readonly<Record<string, string>>;
export type Params = Readonly<Record<string, string | number>>;

/**
 * `{name}` replaced by params.name. Braces around a name the caller does not pass are left as written, since a
 * message may quote notation such as E_{p_g}; a value passed for a placeholder the message lacks is an error (the
 * catalogue and its caller disagree).
 */
export function interpolate(message: string, params: Params = {}): string {
  for (const name of Object.keys(params)) {
    if (!message.includes(`{${name}}`)) throw new RangeError(`message “${message.slice(0, 40)}” has no placeholder {${name}}`);
  }
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The `{name}` placeholders of a message, sorted (the catalogue test compares them across languages). */
export function placeholders(message: string): string[] {
  return [...new Set([...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!))].sort();
}

/** Keys looked up in a language that lacks them, shown in English instead (the browser tests read this). */
export const missing = new Set<string>();

/**
 * A lookup function over one catalogue per language: `t(key, params)` in the current language, falling back to
 * English (and recording the key in `missing`) where a translation lacks it.
 *
 * @example const t = messages({ en: { hello: 'Hello, {name}' }, 'zh-CN': { hello: '你好，{name}' } }); t('hello', { name: 'G' })
 */
export function messages<C extends Catalogue>(catalogues: { readonly en: C } & { readonly [L in Locale]?: Partial<Record<keyof C, string>> }): (key: keyof C & string, params?: Params) => string {
  return (key, params) => {
    const translated = current === 'en' ? undefined : catalogues[current]?.[key];
    if (translated === undefined && current !== 'en') missing.add(`${current}:${key}`);
    const message = translated ?? catalogues.en[key];
    if (message === undefined) throw new RangeError(`no message '${key}'`);
    return interpolate(message, params);
  };
}
