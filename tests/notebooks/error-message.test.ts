/**
 * The numerics core's errors in the reader's language: every code src/ (or a component) gives an error has a
 * template in both catalogues; each bad input below raises its coded error with the English text unchanged, the
 * English template rebuilding that text from the error's values, and a Chinese rendering with no English words
 * left but the reader's own input, the families' and functions' names, and numbers.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { coded, CodedError, type Coded, type CodedValue } from '../../src/distributions/coded.ts';
import { Distribution, type ComponentSpec } from '../../src/distributions/distribution.ts';
import { FAMILY_NAMES } from '../../src/distributions/families.ts';
import { ALLOWED_FUNCTIONS, compileFormula, compileMap } from '../../src/distributions/formula.ts';
import { parseDistribution } from '../../src/distributions/spec.ts';
import { checkPlottable } from '../../src/numerics/plottable.ts';
import { codedMessage, errorMessage } from '../../notebooks/components/error-message.ts';
import { interpolate, missing, setLocale } from '../../notebooks/i18n.ts';
import en from '../../notebooks/messages/en/errors.json';
import zh from '../../notebooks/messages/zh-CN/errors.json';

const ROOT = join(import.meta.dirname, '../..');
const EN: Readonly<Record<string, string>> = en;
const ZH: Readonly<Record<string, string>> = zh;

/** Every .ts file under a folder of the repository. */
function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((f) => f.isFile() && f.name.endsWith('.ts'))
    .map((f) => readFileSync(join(f.parentPath, f.name), 'utf8'));
}

/**
 * The codes written in the sources: each `coded('…'` call, each `problem(component, part, '…'` of findProblem, and
 * the parser messages' table in formula.ts.
 */
const CODE_PATTERNS = [/coded\(\s*'([\w.]+)'/g, /problem\([^,()]+,\s*'\w+',\s*'([\w.]+)'/g, /'(parser\.\w+)'/g];
const USED = new Set([...sources('src'), ...sources('notebooks')].flatMap((text) => CODE_PATTERNS.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]!))));

/** The pages' way in for a spec: parsed, then checked against what every cell can draw. */
const spec = (text: string) => () => checkPlottable(parseDistribution(text));
const components = (list: readonly ComponentSpec[]) => () => new Distribution(list);
const normal = (params: [number, number], weight = 1): ComponentSpec => ({ family: 'normal', params, weight });
const fake = (quantile: (p: number) => number, pdf = (_x: number) => 0.1) =>
  ({ ...parseDistribution('normal(0, 1)'), quantile, pdf, logPdf: (x: number) => Math.log(pdf(x)), support: [[-Infinity, Infinity]] }) as never;

interface Case {
  /** What the reader typed (the only English, with names and numbers, a Chinese message may quote). */
  readonly input: string;
  readonly run: () => unknown;
  /** The English message word for word, where the case pins it. */
  readonly english?: string;
  /** Why this case's Chinese rendering may quote other text (it cannot come from a page's text field). */
  readonly quotes?: string;
}

const twentyOne = Array.from({ length: 21 }, (_, i) => `0.05*normal(${i}, 1)`).join(' + ');
const longFormula = `density("${'x+'.repeat(260)}x", -1, 1)`;

const CASES: readonly Case[] = [
  { input: 'normal(0, -1)', run: spec('normal(0, -1)'), english: 'normal: sd must be positive, got -1 (at position 7)' },
  { input: 'foo(1)', run: spec('foo(1)'), english: "unknown family 'foo' at position 1 (expected one of normal, laplace, logistic, cauchy, uniform, or density)" },
  { input: '0.5*normal(0,1)', run: spec('0.5*normal(0,1)'), english: 'weights sum to 0.5, not 1' },
  { input: 'density("x.constructor", -1, 1)', run: spec('density("x.constructor", -1, 1)'), english: 'density: property access and indexing are not allowed (at position 8)' },
  { input: 'normal(0)', run: spec('normal(0)'), english: 'normal takes 2 arguments (mean, sd), got 1' },
  { input: 'density("exp(-x^2/2", -5, 5)', run: spec('density("exp(-x^2/2", -5, 5)'), english: 'density: cannot read the formula: Parenthesis ) expected (char 11) (at position 8)' },
  { input: 'uniform(1, 1)', run: spec('uniform(1, 1)'), english: 'uniform: high must be greater than low, got low = 1, high = 1 (at position 8)' },
  { input: 'normal(0, 1) + cauchy(0,1)', run: spec('normal(0, 1) + cauchy(0,1)'), english: 'component 1 (normal) has no weight: every component of a mixture needs one, as in 0.5*normal(…)' },
  { input: 'laplace(0, 0)', run: spec('laplace(0, 0)') },
  { input: 'normal(0, 1e-320)', run: spec('normal(0, 1e-320)') },
  { input: 'uniform(0, 1e-320)', run: spec('uniform(0, 1e-320)') },
  { input: 'uniform(1)', run: spec('uniform(1)') },
  { input: 'density("x", 1)', run: spec('density("x", 1)') },
  { input: 'normal(1e301, 1)', run: spec('normal(1e301, 1)') },
  { input: 'normal(0, 1e301)', run: spec('normal(0, 1e301)') },
  { input: 'normal(1e20, 1)', run: spec('normal(1e20, 1)') },
  { input: '0.5*normal(0,1) + -0.5*normal(1,1)', run: spec('0.5*normal(0,1) + -0.5*normal(1,1)') },
  { input: 'laplace(Infinity, 1)', run: spec('laplace(Infinity, 1)') },
  { input: 'density("x", -1', run: spec('density("x", -1') },
  { input: 'normal(0 1)', run: spec('normal(0 1)') },
  { input: 'normal(0, 1) normal', run: spec('normal(0, 1) normal') },
  { input: 'density(exp, -5, 5)', run: spec('density(exp, -5, 5)') },
  { input: '', run: spec('') },
  { input: 'normal(0, 1) $', run: spec('normal(0, 1) $') },
  { input: 'normal 0', run: spec('normal 0') },
  { input: '0.5 normal(0,1)', run: spec('0.5 normal(0,1)') },
  { input: '*normal(0, 1)', run: spec('*normal(0, 1)') },
  { input: '0.5*(0, 1)', run: spec('0.5*(0, 1)') },
  { input: 'density("x" 1, 1)', run: spec('density("x" 1, 1)') },
  { input: 'density(x^2, -1, 1)', run: spec('density(x^2, -1, 1)') },
  { input: 'density("x, -1, 1)', run: spec('density("x, -1, 1)') },
  { input: `normal(0, 1)${' '.repeat(12_000)}`, run: spec(`normal(0, 1)${' '.repeat(12_000)}`) },
  { input: twentyOne, run: spec(twentyOne) },
  { input: 'density("x", 1, -1)', run: spec('density("x", 1, -1)') },
  { input: 'density("x", -1e301, 1)', run: spec('density("x", -1e301, 1)') },
  { input: 'density("x", -1e308, 1e308)', run: spec('density("x", -1e308, 1e308)') },
  { input: 'density("-1", -1, 1)', run: spec('density("-1", -1, 1)') },
  { input: 'density("1/x", 0, 1)', run: spec('density("1/x", 0, 1)') },
  { input: 'density("0", -1, 1)', run: spec('density("0", -1, 1)') },
  { input: 'density("1e-320", -1, 1)', run: spec('density("1e-320", -1, 1)') },
  { input: 'density("abs(x-0.00012345)^-0.9999", -1, 1)', run: spec('density("abs(x-0.00012345)^-0.9999", -1, 1)') },
  { input: 'density("x == 0 ? 1 : 0", -1, 1)', run: spec('density("x == 0 ? 1 : 0", -1, 1)') },
  { input: 'density("sin(1e5*x)^2*(abs(x)<0.001)", -1, 1)', run: spec('density("sin(1e5*x)^2*(abs(x)<0.001)", -1, 1)') },
  { input: 'density("y", -1, 1)', run: spec('density("y", -1, 1)') },
  { input: 'density("foo(x)", -1, 1)', run: spec('density("foo(x)", -1, 1)') },
  { input: 'density("sin()", -1, 1)', run: spec('density("sin()", -1, 1)') },
  { input: 'density("atan2(x)", -1, 1)', run: spec('density("atan2(x)", -1, 1)') },
  { input: 'density("min()", -1, 1)', run: spec('density("min()", -1, 1)') },
  { input: 'density("a = 1", -1, 1)', run: spec('density("a = 1", -1, 1)') },
  { input: 'density("", -1, 1)', run: spec('density("", -1, 1)') },
  { input: longFormula, run: spec(longFormula) },
  { input: "density(\"'abc\", -1, 1)", run: spec("density(\"'abc\", -1, 1)") },
  ...['true', 'x!', 'x.y(1)', '[1, 2]', '{a: 1}', 'x; 1', '1:3', 'exp(', '*x', 'x ? 1', 'x ? : 1', '1 = x', '(x', 'x[1', '[1', 'x)', '1.2.3', '1e+'].map(
    (formula): Case => ({ input: formula, run: () => compileFormula(formula) }),
  ),
  { input: '', run: () => compileMap('') },
  { input: 'y', run: () => compileMap('y') },
  { input: '[NaN, 1]', run: components([normal([NaN, 1])]) },
  { input: '[Infinity, 1]', run: components([{ family: 'cauchy', params: [Infinity, 1], weight: 1 }]) },
  { input: '', run: components([]) },
  { input: 'gamma', run: components([{ family: 'gamma' as never, params: [1, 1], weight: 1 }]) },
  { input: '', run: () => checkPlottable(new Distribution(Array.from({ length: 21 }, (_, i) => normal([i, 1], 1 / 21)))) },
  { input: '', run: () => checkPlottable(fake(() => Infinity)) },
  { input: '', run: () => checkPlottable(fake((p) => 1e20 + (p < 0.5 ? 0 : 65536))) },
  { input: '', run: () => checkPlottable(fake((p) => p, () => NaN)) },
  { input: '', run: () => checkPlottable(fake(() => { throw new RangeError('no quantile'); })), quotes: 'the plot range search’s own failure, quoted as it is' },
  { input: '42', run: () => parseDistribution(42 as never), quotes: 'the JavaScript type of a value that is not text' },
  { input: '42', run: () => compileFormula(42 as never) },
];

/**
 * Codes no bad input above raises, and why. A new code must be raised by a case or listed here (with a reason).
 */
const NOT_RAISED: Readonly<Record<string, string>> = {
  'formula.operands': 'every unary operator mathjs parses is either refused earlier or has a closure',
  'formula.operatorHere': 'every whitelisted binary operator has a closure',
  'formula.comparison': 'every comparison mathjs parses is whitelisted',
  'parser.syntax': 'a mathjs message no formula here was found to give',
  'density.integration': 'quadrature failing with an error of its own, which no formula here was found to cause',
  'parameter.other': 'no family has a parameter outside the list',
  'editor.tooManyComponents': "the editor's own limit on rows, reached by adding rows in the browser",
};

/** Names a message may quote in any language: the families, the functions a formula may call, its variables and constants. */
const NAMES = new Set<string>([...FAMILY_NAMES, 'density', ...ALLOWED_FUNCTIONS, 'pi', 'e', 'x', 'z']);

function errorOf(run: () => unknown): CodedError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(CodedError);
    return e as CodedError;
  }
  throw new Error('expected an error, but none was thrown');
}

/** The English template of a coded message filled with its values, an independent route to its text. */
function english(message: Coded): string {
  const template = EN[message.code];
  expect(template, message.code).toBeDefined();
  const value = (v: CodedValue): string | number =>
    typeof v === 'string' || typeof v === 'number' ? v : Array.isArray(v) ? (v as readonly Coded[]).map(english).join(EN['list.separator']) : english(v as Coded);
  return interpolate(template!, Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, value(v)])));
}

/** The codes of a message and of every message inside it. */
function codesOf(message: Coded): string[] {
  const inner = Object.values(message.params).flatMap((v) => (typeof v === 'object' ? (Array.isArray(v) ? (v as readonly Coded[]) : [v as Coded]) : []));
  return [message.code, ...inner.flatMap(codesOf)];
}

/** The plain values a message quotes (strings and numbers, as they are written into it). */
function leavesOf(message: Coded): string[] {
  return Object.values(message.params).flatMap((v) =>
    typeof v === 'object' ? (Array.isArray(v) ? (v as readonly Coded[]) : [v as Coded]).flatMap(leavesOf) : [String(v)],
  );
}

afterEach(() => setLocale('en'));

describe('the error catalogues', () => {
  it('have a template in both languages for every code the sources use, and no template for a code they do not', () => {
    expect(USED.size).toBeGreaterThan(60);
    for (const code of USED) {
      expect(EN[code], `en: ${code}`).toBeTruthy();
      expect(ZH[code], `zh-CN: ${code}`).toBeTruthy();
    }
    expect(Object.keys(EN).filter((k) => k !== 'list.separator' && !USED.has(k))).toEqual([]);
  });

  it('raise every code from a bad input, except those listed with the reason none does', () => {
    const raised = new Set(CASES.flatMap((c) => codesOf(errorOf(c.run).coded!)));
    for (const code of Object.keys(NOT_RAISED)) expect(raised.has(code), `${code} is raised now: remove it from NOT_RAISED`).toBe(false);
    expect([...USED].filter((code) => !raised.has(code) && !(code in NOT_RAISED)).sort()).toEqual([]);
  });
});

describe('a bad input’s error', () => {
  for (const c of CASES) {
    const label = JSON.stringify(c.input.length > 60 ? `${c.input.slice(0, 57)}…` : c.input);
    it(`${label}: coded, its English unchanged and rebuilt by the English template`, () => {
      const e = errorOf(c.run);
      expect(e.code).toBeTruthy();
      if (c.english !== undefined) expect(e.message).toBe(c.english);
      expect(english(e.coded!)).toBe(e.message);
      expect(errorMessage(e)).toBe(e.message);
    });

    it(`${label}: in Chinese, with no English words but the input, names and numbers`, () => {
      const e = errorOf(c.run);
      missing.clear();
      setLocale('zh-CN');
      const text = errorMessage(e);
      expect([...missing]).toEqual([]);
      expect(text).toMatch(/[\u4e00-\u9fff]/);
      expect(text).not.toBe(e.message);
      let rest = text;
      for (const leaf of leavesOf(e.coded!).sort((a, b) => b.length - a.length)) {
        const allowed = c.input.includes(leaf) || /^[-+\d.e]*$|^(NaN|-?Infinity)$/.test(leaf) || leaf.split(', ').every((w) => NAMES.has(w));
        if (!c.quotes) expect(allowed, `the value “${leaf}” is neither the input, a name nor a number`).toBe(true);
        const escaped = leaf.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        rest = rest.replace(new RegExp(`${/^\w/.test(leaf) ? '\\b' : ''}${escaped}${/\w$/.test(leaf) ? '\\b' : ''}`, 'g'), ' ');
      }
      const words = (rest.match(/[A-Za-z]{2,}/g) ?? []).filter((w) => !NAMES.has(w));
      expect(words, text).toEqual([]);
    });
  }
});

describe('errorMessage', () => {
  it('quotes a list in the page’s language and falls back to the English text where it has no code or no template', () => {
    setLocale('zh-CN');
    expect(errorMessage(errorOf(spec('normal(0)')))).toBe('normal 需要 2 个参数（均值、标准差），而这里给了 1 个');
    expect(errorMessage(errorOf(spec('normal(0, -1)')))).toBe('normal：标准差必须为正数，而这里是 -1（在第 7 个字符处）');
    expect(errorMessage(new RangeError('plain English'))).toBe('plain English');
    expect(errorMessage('a string')).toBe('a string');
    expect(codedMessage(coded('no.such.code', {}, 'as written'))).toBe('as written');
    // A template whose placeholders disagree with the values shows the English text rather than a broken sentence.
    expect(codedMessage(coded('weights.sum', { total: 2 }, 'weights sum to 2, not 1'))).toBe('weights sum to 2, not 1');
  });
});
