/**
 * The spec language for 1-D distributions:
 *
 *   spec      := component ('+' component)*
 *   component := [number '*'] family '(' number ',' number ')'
 *              | [number '*'] 'density' '(' string ',' number ',' number ')'
 *   family    := normal | laplace | logistic | cauchy | uniform
 *   number    := ['+'|'-'] digits ['.' digits] [('e'|'E') ['+'|'-'] digits]
 *   string    := '"' formula in x '"'
 *
 * Whitespace is free. A mixture of several components needs a weight on each; weights are positive and sum to 1.
 * `density("exp(-x^2/2) * (1 + sin(3*x)^2)", -6, 6)` is a custom density: the formula, normalised on [low, high].
 */
import { FAMILIES, FAMILY_NAMES, isFamilyName, type ParametricFamilyName } from './families.ts';
import { coded, type Coded } from './coded.ts';
import { Distribution, findProblem, SpecError, type ComponentSpec } from './distribution.ts';
import { parameterName } from './family.ts';

interface Token {
  readonly kind: 'number' | 'name' | 'string' | '(' | ')' | ',' | '*' | '+' | 'end';
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

/**
 * The most components a spec may have. The numerics cost grows with the square of the component count (each of
 * the O(n) quadrature pieces evaluates all n components), so past this a page would stall; 20 already covers
 * every mixture a derivation needs.
 */
export const MAX_COMPONENTS = 20;

/** The longest spec text: 20 components with custom formulas of up to 500 characters each, and room to spare. */
export const MAX_SPEC_LENGTH = 12_000;

/** A piece of the input as a message quotes it: at most 24 characters, cut with an ellipsis. */
export function quoteInput(text: string): string {
  return text.length > 24 ? `${text.slice(0, 20)}…` : text;
}
const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = text.slice(i);
    // A sign starts a number only where a number may stand (not as the '+' between components).
    const previous = tokens[tokens.length - 1];
    const numberAllowed = !previous || previous.kind === '(' || previous.kind === ',' || previous.kind === '+' || previous.kind === '*';
    const num = (numberAllowed || !/[+-]/.test(ch)) && NUMBER.exec(rest);
    if (num) {
      tokens.push({ kind: 'number', text: num[0], start: i, end: i + num[0].length });
      i += num[0].length;
      continue;
    }
    if (ch === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new SpecError(coded('spec.unclosedFormula', { position: i + 1 }, `the formula that starts at position ${i + 1} has no closing '"'`), i, text.length);
      tokens.push({ kind: 'string', text: text.slice(i + 1, close), start: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', text: name[0], start: i, end: i + name[0].length });
      i += name[0].length;
      continue;
    }
    if ('(),*+'.includes(ch)) {
      tokens.push({ kind: ch as Token['kind'], text: ch, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (/density\s*\(\s*[^"]*$/.test(text.slice(0, i))) {
      throw new SpecError(coded('spec.unquotedFormula', { char: ch, position: i + 1 }, `unexpected character '${ch}' at position ${i + 1}: the formula in density(…) must be in double quotes, as in density("exp(-x^2/2)", -5, 5)`), i, i + 1);
    }
    throw new SpecError(coded('spec.unexpectedCharacter', { char: ch, position: i + 1 }, `unexpected character '${ch}' at position ${i + 1}`), i, i + 1);
  }
  tokens.push({ kind: 'end', text: '', start: text.length, end: text.length });
  return tokens;
}

interface ParsedComponent extends ComponentSpec {
  readonly explicitWeight: boolean;
  readonly span: readonly [number, number];
  readonly weightSpan: readonly [number, number];
  readonly paramsSpan: readonly [number, number];
}

function describe(token: Token): Coded {
  if (token.kind === 'end') return coded('token.end', {}, 'the end of the text');
  const quoted = quoteInput(token.kind === 'string' ? `"${token.text}"` : token.text);
  return coded('token.at', { text: quoted, position: token.start + 1 }, `'${quoted}' at position ${token.start + 1}`);
}

/** What the parser expected where it stopped, as the "expected …" message quotes it. */
const EXPECTED = {
  weightStar: coded('expected.weightStar', {}, "'*' after the weight"),
  familyExample: coded('expected.familyExample', {}, 'a family name such as normal'),
  family: coded('expected.family', {}, 'a family name'),
  open: (name: string) => coded('expected.open', { name }, `'(' after ${name}`),
  formula: coded('expected.formula', {}, 'a formula in double quotes, as in density("exp(-x^2/2)", -5, 5)'),
  formulaComma: coded('expected.formulaComma', {}, "',' after the formula"),
  number: (name: string) => coded('expected.number', { name }, `a number in ${name}(…)`),
  commaOrClose: (name: string) => coded('expected.commaOrClose', { name }, `',' or ')' in ${name}(…)`),
};

/**
 * Parses a spec into its components without building the distribution; throws a {@link SpecError} that names
 * the problem and its position.
 */
export function parseComponents(text: string): ComponentSpec[] {
  if (typeof text !== 'string') throw new SpecError(coded('spec.notText', { type: typeof text }, `a distribution spec must be text, got ${typeof text}`));
  if (text.trim() === '') throw new SpecError(coded('spec.empty', {}, 'the distribution is empty: write e.g. normal(0, 1)'), 0, text.length);
  if (text.length > MAX_SPEC_LENGTH) {
    const params = { length: text.length, limit: MAX_SPEC_LENGTH, max: MAX_COMPONENTS };
    throw new SpecError(coded('spec.tooLong', params, `the spec is ${text.length} characters long; the limit is ${MAX_SPEC_LENGTH} (at most ${MAX_COMPONENTS} components)`), MAX_SPEC_LENGTH, text.length);
  }
  const tokens = tokenize(text);
  let k = 0;
  const peek = (): Token => tokens[k]!;
  const expect = (kind: Token['kind'], what: Coded): Token => {
    const t = tokens[k]!;
    if (t.kind !== kind) {
      const found = describe(t);
      throw new SpecError(coded('spec.expected', { what, found }, `expected ${what.message} but found ${found.message}`), t.start, Math.max(t.end, Math.min(t.start + 1, text.length)));
    }
    k++;
    return t;
  };

  const components: ParsedComponent[] = [];
  for (;;) {
    const first = peek();
    let weight = 1;
    let explicitWeight = false;
    let weightSpan: readonly [number, number] = [first.start, first.start];
    if (first.kind === 'number') {
      k++;
      weight = Number(first.text);
      explicitWeight = true;
      weightSpan = [first.start, first.end];
      expect('*', EXPECTED.weightStar);
    }
    const name = expect('name', components.length === 0 && !explicitWeight ? EXPECTED.familyExample : EXPECTED.family);
    const isDensity = name.text === 'density';
    if (!isDensity && !isFamilyName(name.text)) {
      const params = { name: quoteInput(name.text), position: name.start + 1, families: FAMILY_NAMES.join(', ') };
      throw new SpecError(coded('spec.unknownFamily', params, `unknown family '${quoteInput(name.text)}' at position ${name.start + 1} (expected one of ${FAMILY_NAMES.join(', ')}, or density)`), name.start, name.end);
    }
    const parameters = isDensity ? ['formula', 'low', 'high'] : FAMILIES[name.text as ParametricFamilyName].parameters;
    const open = expect('(', EXPECTED.open(name.text));
    let formula: Token | undefined;
    if (isDensity) {
      formula = expect('string', EXPECTED.formula);
      expect(',', EXPECTED.formulaComma);
    }
    const args: number[] = [];
    if (peek().kind !== ')') {
      for (;;) {
        const t = expect('number', EXPECTED.number(name.text));
        args.push(Number(t.text));
        if (peek().kind === ',') {
          k++;
          continue;
        }
        break;
      }
    }
    const close = expect(')', EXPECTED.commaOrClose(name.text));
    if (args.length !== 2) {
      const got = args.length + (formula ? 1 : 0);
      throw new SpecError(
        coded('spec.argumentCount', { family: name.text, count: parameters.length, parameters: parameters.map(parameterName), got }, `${name.text} takes ${parameters.length} arguments (${parameters.join(', ')}), got ${got}`),
        open.start,
        close.end,
      );
    }
    components.push({
      family: isDensity ? 'density' : (name.text as ParametricFamilyName),
      ...(formula ? { formula: formula.text } : {}),
      params: [args[0]!, args[1]!],
      weight,
      explicitWeight,
      span: [first.start, close.end],
      weightSpan,
      paramsSpan: [open.start, close.end],
    });
    if (components.length > MAX_COMPONENTS) {
      const params = { max: MAX_COMPONENTS, n: components.length, position: first.start + 1 };
      throw new SpecError(coded('spec.tooManyComponents', params, `a mixture may have at most ${MAX_COMPONENTS} components; component ${components.length} starts at position ${first.start + 1}`), first.start, close.end);
    }
    const next = peek();
    if (next.kind === 'end') break;
    if (next.kind !== '+') {
      const found = describe(next);
      throw new SpecError(coded('spec.unexpected', { found }, `unexpected ${found.message}: expected '+' or the end`), next.start, Math.max(next.end, Math.min(next.start + 1, text.length)));
    }
    k++;
  }

  if (components.length > 1) {
    const missing = components.findIndex((c) => !c.explicitWeight);
    if (missing >= 0) {
      const c = components[missing]!;
      throw new SpecError(coded('spec.missingWeight', { n: missing + 1, family: c.family }, `component ${missing + 1} (${c.family}) has no weight: every component of a mixture needs one, as in 0.5*${c.family}(…)`), c.span[0], c.span[1]);
    }
  }
  const problem = findProblem(components);
  if (problem) {
    const c = components[problem.component];
    const span = !c ? [0, text.length] : problem.part === 'weight' ? c.weightSpan : problem.part === 'params' ? c.paramsSpan : c.span;
    const located = c ? coded('spec.at', { problem, position: span[0]! + 1 }, `${problem.message} (at position ${span[0]! + 1})`) : problem;
    throw new SpecError(located, span[0], span[1]);
  }
  return components.map(({ family, params, weight, formula }) => ({ family, params, weight, ...(formula !== undefined ? { formula } : {}) }));
}

/**
 * Parses spec text such as `0.3*normal(-2, 0.5) + 0.7*laplace(1.5, 1)` into a {@link Distribution}.
 *
 * @throws {SpecError} naming the problem and where it is: `parseDistribution("0.5*normal(0, 1) + 0.47*cauchy(0, 1)")`
 * throws "weights sum to 0.97, not 1".
 */
export function parseDistribution(text: string): Distribution {
  return new Distribution(parseComponents(text));
}

/** The spec text of a distribution (inverse of {@link parseDistribution}). */
export function formatDistribution(d: Distribution): string {
  return d.toString();
}
