/**
 * User-typed formulas in x (for custom densities), parsed by mathjs in a locked-down instance. Two layers, after
 * mathjs's own security guide (https://mathjs.org/docs/expressions/security.html):
 *
 * 1. A private mathjs instance whose `import`, `createUnit`, `evaluate`, `parse`, `simplify`, `derivative`,
 *    `compile`, `resolve` and `reviver` are replaced by functions that throw, so an expression cannot reach them.
 * 2. Before anything is compiled, the parse tree is walked and only constants, the symbol x, the constants pi and
 *    e, arithmetic and comparison operators, parentheses, conditionals and a short list of elementary functions
 *    are allowed — no property access, indexing, assignment, function definition, matrices, objects or strings.
 *
 * The checked tree is then turned into plain closures over Math functions (below), not evaluated by mathjs:
 * every node type that can appear has been whitelisted, so the closures can do nothing else, and they are ~50×
 * faster than mathjs's typed dispatch, which matters because quadrature evaluates a density thousands of times
 * per redraw. The allowed expressions have no loops or recursion, so an evaluation is bounded by the formula's
 * length (≤ 500 characters).
 */
import erf from '@stdlib/math-base-special-erf';
import type { MathNode } from 'mathjs';
// The number-only build: smaller and quicker to load than the full library.
import { addDependencies, compileDependencies, create, multiplyDependencies, parseDependencies } from 'mathjs/number';
import { coded, CodedError, type Coded } from './coded.ts';

// Only the parser, the compiler and + and × (which evaluateInSandbox below uses): a fraction of mathjs's size.
const math = create({ parseDependencies: parseDependencies!, compileDependencies: compileDependencies!, addDependencies: addDependencies!, multiplyDependencies: multiplyDependencies! }, { number: 'number', predictable: true });
// Keep a private reference before the public name is replaced (a checked tree compiles itself).
const parse = math.parse.bind(math);

const refuse = (name: string) => () => {
  throw new Error(`${name} is disabled`);
};
math.import(
  {
    import: refuse('import'),
    createUnit: refuse('createUnit'),
    evaluate: refuse('evaluate'),
    parse: refuse('parse'),
    simplify: refuse('simplify'),
    derivative: refuse('derivative'),
    compile: refuse('compile'),
    resolve: refuse('resolve'),
    reviver: refuse('reviver'),
  },
  { override: true },
);

export const MAX_FORMULA_LENGTH = 500;

export const ALLOWED_FUNCTIONS: readonly string[] = [
  'exp', 'log', 'log1p', 'log2', 'log10', 'expm1', 'sqrt', 'cbrt', 'abs', 'sign', 'pow', 'min', 'max', 'floor', 'ceil',
  'round', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'atan2', 'sinh', 'cosh', 'tanh', 'erf', 'mod',
];
const FUNCTIONS = new Set(ALLOWED_FUNCTIONS);
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'unaryMinus', 'unaryPlus', 'mod',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not',
]);

/** A formula the sandbox refused, with a message that names what is wrong (and its code and values, when coded). */
export class FormulaError extends CodedError {
  override readonly name = 'FormulaError';
}

/** The kinds of expression outside the whitelist that mathjs can parse, as the refusal names them. */
const EXPRESSION_KINDS: Readonly<Record<string, Coded>> = {
  array: coded('expression.array', {}, 'array'),
  object: coded('expression.object', {}, 'object'),
  block: coded('expression.block', {}, 'block'),
  range: coded('expression.range', {}, 'range'),
};

/**
 * mathjs's syntax errors, each with its code and the values it quotes (the character position, the token); one
 * not listed stays plain text.
 */
const PARSER_MESSAGES: readonly (readonly [RegExp, string, readonly string[]])[] = [
  [/^Unexpected end of expression \(char (\d+)\)$/, 'parser.end', ['char']],
  [/^Value expected \(char (\d+)\)$/, 'parser.value', ['char']],
  [/^Parenthesis \) expected \(char (\d+)\)$/, 'parser.parenthesis', ['char']],
  [/^Parenthesis \] expected \(char (\d+)\)$/, 'parser.bracket', ['char']],
  [/^End of matrix \] expected \(char (\d+)\)$/, 'parser.matrix', ['char']],
  [/^Unexpected operator (.*) \(char (\d+)\)$/, 'parser.operator', ['token', 'char']],
  [/^Unexpected part "(.*)" \(char (\d+)\)$/, 'parser.part', ['token', 'char']],
  [/^Syntax error in part "(.*)" \(char (\d+)\)$/, 'parser.syntax', ['token', 'char']],
  [/^Digit expected, got "(.*)" \(char (\d+)\)$/, 'parser.digit', ['token', 'char']],
  [/^False part of conditional expression expected \(char (\d+)\)$/, 'parser.conditional', ['char']],
  [/^The true-expression of a conditional operator may not be empty \(char (\d+)\)$/, 'parser.emptyTrue', ['char']],
  [/^Invalid left hand side of assignment operator = \(char (\d+)\)$/, 'parser.assignment', ['char']],
  [/^End of string (.) expected \(char (\d+)\)$/, 'parser.string', ['quote', 'char']],
];

/** A mathjs parse error's message, coded where {@link PARSER_MESSAGES} knows it. */
function parserMessage(message: string): Coded | string {
  for (const [pattern, code, names] of PARSER_MESSAGES) {
    const m = pattern.exec(message);
    if (m) return coded(code, Object.fromEntries(names.map((name, i) => [name, name === 'char' ? Number(m[i + 1]) : m[i + 1]!])), message);
  }
  return message;
}

type Fn = (x: number) => number;

/** A condition's truth as mathjs reads it: non-zero and not NaN. */
const truthy = (v: number) => v !== 0 && !Number.isNaN(v);

/**
 * x^y as mathjs computes it with `predictable: true`: a negative base with a fractional exponent n/d of odd
 * denominator gives the real root ((−8)^(1/3) = −2); other fractional powers of negatives are NaN.
 */
function realPow(x: number, y: number): number {
  if (x >= 0 || Number.isInteger(y) || !Number.isFinite(y)) return Math.pow(x, y);
  // Continued-fraction convergents of y, up to denominators of 10^6.
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let r = y;
  for (let i = 0; i < 40; i++) {
    const a = Math.floor(r);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (k1 > 1e6) break;
    if (Math.abs(h1 / k1 - y) <= 1e-14 * Math.abs(y)) {
      if (k1 % 2 === 1) return (Math.abs(h1) % 2 === 0 ? 1 : -1) * Math.pow(-x, y);
      return NaN;
    }
    if (r === a) break;
    r = 1 / (r - a);
  }
  return NaN;
}

/** mathjs's mod is floored (the sign of the divisor), unlike JavaScript's %. */
const floorMod = (a: number, b: number) => (b === 0 ? a : a - b * Math.floor(a / b));

const UNARY: Readonly<Record<string, (a: number) => number>> = {
  exp: Math.exp, log: Math.log, log1p: Math.log1p, log2: Math.log2, log10: Math.log10, expm1: Math.expm1,
  sqrt: Math.sqrt, cbrt: Math.cbrt, abs: Math.abs, sign: Math.sign, floor: Math.floor, ceil: Math.ceil,
  round: (a) => Math.sign(a) * Math.round(Math.abs(a)), // mathjs rounds halves away from zero
  sin: Math.sin, cos: Math.cos, tan: Math.tan, asin: Math.asin, acos: Math.acos, atan: Math.atan,
  sinh: Math.sinh, cosh: Math.cosh, tanh: Math.tanh, erf,
};
const BINARY: Readonly<Record<string, (a: number, b: number) => number>> = {
  add: (a, b) => a + b, subtract: (a, b) => a - b, multiply: (a, b) => a * b, divide: (a, b) => a / b,
  pow: realPow, mod: floorMod, atan2: Math.atan2,
  smaller: (a, b) => +(a < b), larger: (a, b) => +(a > b), smallerEq: (a, b) => +(a <= b), largerEq: (a, b) => +(a >= b),
  equal: (a, b) => +(a === b), unequal: (a, b) => +(a !== b), and: (a, b) => +(truthy(a) && truthy(b)), or: (a, b) => +(truthy(a) || truthy(b)),
};

/** Checks one node against the whitelist and returns its closure; throws FormulaError for anything else. */
function build(node: MathNode, variable = 'x'): Fn {
  const sub = (n: MathNode) => build(n, variable);
  switch (node.type) {
    case 'ConstantNode': {
      const value = (node as MathNode & { value: unknown }).value;
      if (typeof value !== 'number') throw new FormulaError(coded('formula.constant', { value: String(JSON.stringify(value)) }, `only numbers are allowed as constants, not ${JSON.stringify(value)}`));
      return () => value;
    }
    case 'SymbolNode': {
      const name = (node as MathNode & { name: string }).name;
      if (name === variable) return (x) => x;
      if (name === 'pi') return () => Math.PI;
      if (name === 'e') return () => Math.E;
      throw new FormulaError(coded('formula.unknownName', { name, variable }, `unknown name '${name}': a formula may use ${variable}, pi and e`));
    }
    case 'ParenthesisNode':
      return sub((node as MathNode & { content: MathNode }).content);
    case 'OperatorNode': {
      const op = node as MathNode & { fn: string; op: string; args: MathNode[] };
      if (!OPERATORS.has(op.fn)) throw new FormulaError(coded('formula.operator', { op: op.op }, `the operator '${op.op}' is not allowed`));
      const args = op.args.map(sub);
      if (args.length === 1) {
        const a = args[0]!;
        if (op.fn === 'unaryMinus') return (x) => -a(x);
        if (op.fn === 'unaryPlus') return a;
        if (op.fn === 'not') return (x) => +!truthy(a(x));
        throw new FormulaError(coded('formula.operands', { op: op.op }, `the operator '${op.op}' needs two operands`));
      }
      const f = BINARY[op.fn];
      if (!f || args.length !== 2) throw new FormulaError(coded('formula.operatorHere', { op: op.op }, `the operator '${op.op}' is not allowed here`));
      const [a, b] = args as [Fn, Fn];
      return (x) => f(a(x), b(x));
    }
    case 'ConditionalNode': {
      const c = node as MathNode & { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      const [test, yes, no] = [sub(c.condition), sub(c.trueExpr), sub(c.falseExpr)];
      return (x) => (truthy(test(x)) ? yes(x) : no(x));
    }
    case 'RelationalNode': {
      const r = node as MathNode & { conditionals: string[]; params: MathNode[] };
      const params = r.params.map(sub);
      const tests = r.conditionals.map((name) => {
        const f = BINARY[name];
        if (!f || !OPERATORS.has(name)) throw new FormulaError(coded('formula.comparison', { name }, `the comparison '${name}' is not allowed`));
        return f;
      });
      return (x) => {
        for (let i = 0; i < tests.length; i++) if (!tests[i]!(params[i]!(x), params[i + 1]!(x))) return 0;
        return 1;
      };
    }
    case 'FunctionNode': {
      const f = node as MathNode & { fn: MathNode; args: MathNode[] };
      // The callee must be a plain name from the list: `x.constructor(…)` or `f(1)(2)` never get here as names.
      if (f.fn.type !== 'SymbolNode') throw new FormulaError(coded('formula.namedFunctions', {}, 'only named functions may be called'));
      const name = (f.fn as MathNode & { name: string }).name;
      if (!FUNCTIONS.has(name)) throw new FormulaError(coded('formula.function', { name, allowed: ALLOWED_FUNCTIONS.join(', ') }, `the function '${name}' is not allowed (allowed: ${ALLOWED_FUNCTIONS.join(', ')})`));
      const args = f.args.map(sub);
      if (name === 'min' || name === 'max') {
        if (args.length === 0) throw new FormulaError(coded('formula.noArguments', { name }, `${name} needs at least one argument`));
        const m = name === 'min' ? Math.min : Math.max;
        return (x) => m(...args.map((a) => a(x)));
      }
      const unary = UNARY[name];
      if (unary) {
        if (args.length !== 1) throw new FormulaError(coded('formula.oneArgument', { name, count: args.length }, `${name} takes 1 argument, got ${args.length}`));
        const a = args[0]!;
        return (x) => unary(a(x));
      }
      const binary = BINARY[name]!;
      if (args.length !== 2) throw new FormulaError(coded('formula.twoArguments', { name, count: args.length }, `${name} takes 2 arguments, got ${args.length}`));
      const [a, b] = args as [Fn, Fn];
      return (x) => binary(a(x), b(x));
    }
    case 'AccessorNode':
    case 'IndexNode':
      throw new FormulaError(coded('formula.access', {}, 'property access and indexing are not allowed'));
    case 'AssignmentNode':
    case 'FunctionAssignmentNode':
      throw new FormulaError(coded('formula.assignment', {}, 'assignments and function definitions are not allowed'));
    default: {
      const kind = node.type.replace(/Node$/, '').toLowerCase();
      throw new FormulaError(coded('formula.expression', { kind: EXPRESSION_KINDS[kind] ?? kind }, `${kind} expressions are not allowed`));
    }
  }
}

/** Parses a formula after the length and emptiness checks; the tree is not yet checked against the whitelist. */
function parseFormula(text: string, what: Coded): MathNode {
  if (typeof text !== 'string') throw new FormulaError(coded('formula.notText', {}, 'the formula must be text'));
  const source = text.trim();
  if (source === '') throw new FormulaError(coded('formula.empty', { what }, `the formula is empty: write ${what.message}`));
  if (source.length > MAX_FORMULA_LENGTH) throw new FormulaError(coded('formula.tooLong', { length: source.length, limit: MAX_FORMULA_LENGTH }, `the formula is ${source.length} characters long; the limit is ${MAX_FORMULA_LENGTH}`));
  try {
    return parse(source);
  } catch (e) {
    throw new FormulaError(coded('formula.unreadable', { detail: parserMessage((e as Error).message) }, `cannot read the formula: ${(e as Error).message}`));
  }
}

/**
 * Compiles a formula in x into a function returning a number (NaN where the formula is undefined).
 *
 * @throws {FormulaError} for a formula that is empty, too long, does not parse, or uses anything outside the
 * allowed set: `compileFormula('exp(-x^2/2)')` works; `compileFormula('import({}, {})')` and
 * `compileFormula('x.constructor')` throw.
 */
export function compileFormula(text: string): (x: number) => number {
  return build(parseFormula(text, coded('formula.example.density', {}, 'a density in x, e.g. exp(-x^2/2)')));
}

/** A map of the line written as a formula, with its derivative. */
export interface CompiledMap {
  readonly value: (z: number) => number;
  readonly derivative: (z: number) => number;
}

/**
 * Compiles a formula in one variable (default z) with its exact derivative, for generators written as formulas
 * (`gan-theory pushforward --g 'z^3 - 2*z'`). The same whitelist as {@link compileFormula}; the derivative is
 * taken on the checked tree by the chain rule, node by node, into closures like the value's. mathjs's own
 * `derivative` is not used: it does not know erf, log1p, min, max, atan2 or conditionals, and it writes sech,
 * which is outside the whitelist. Where the formula is not differentiable (|z| at 0, a conditional's switch,
 * floor) the derivative is the one-sided value the closures meet; a step function has derivative 0 there, so its
 * flat pieces become atoms of the push-forward.
 *
 * @example compileMap('z^3 - 2*z').derivative(1) // 1
 */
export function compileMap(text: string, variable = 'z'): CompiledMap {
  const tree = parseFormula(text, coded('formula.example.map', { variable }, `a map in ${variable}, e.g. sin(2*${variable}) + 0.3*${variable}`));
  return { value: build(tree, variable), derivative: derive(tree, variable) };
}

const ZERO: Fn = () => 0;
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Whether a checked tree depends on the variable (so its derivative is not identically 0). */
function dependsOn(node: MathNode, variable: string): boolean {
  let found = false;
  node.traverse((n) => {
    if (n.type === 'SymbolNode' && (n as MathNode & { name: string }).name === variable) found = true;
  });
  return found;
}

/** The derivative of a tree that {@link build} has accepted, as a closure. */
function derive(node: MathNode, variable: string): Fn {
  if (!dependsOn(node, variable)) return ZERO;
  const value = (n: MathNode) => build(n, variable);
  const d = (n: MathNode) => derive(n, variable);
  switch (node.type) {
    case 'SymbolNode':
      return () => 1;
    case 'ParenthesisNode':
      return d((node as MathNode & { content: MathNode }).content);
    case 'OperatorNode': {
      const op = node as MathNode & { fn: string; args: MathNode[] };
      const [u, v] = op.args.map(value) as [Fn, Fn];
      const [du, dv] = op.args.map(d) as [Fn, Fn];
      switch (op.fn) {
        case 'unaryMinus': return (x) => -du(x);
        case 'unaryPlus': return du;
        case 'add': return (x) => du(x) + dv(x);
        case 'subtract': return (x) => du(x) - dv(x);
        case 'multiply': return (x) => du(x) * v(x) + u(x) * dv(x);
        case 'divide': return (x) => { const b = v(x); return (du(x) * b - u(x) * dv(x)) / (b * b); };
        case 'pow': return powDerivative(op.args[1]!, variable, u, v, du, dv);
        case 'mod': return (x) => du(x) - dv(x) * Math.floor(u(x) / v(x));
        default: return ZERO; // comparisons and logic are piecewise constant
      }
    }
    case 'ConditionalNode': {
      const c = node as MathNode & { condition: MathNode; trueExpr: MathNode; falseExpr: MathNode };
      const [test, yes, no] = [value(c.condition), d(c.trueExpr), d(c.falseExpr)];
      return (x) => (truthy(test(x)) ? yes(x) : no(x));
    }
    case 'FunctionNode': {
      const f = node as MathNode & { fn: MathNode & { name: string }; args: MathNode[] };
      const args = f.args.map(value);
      const ds = f.args.map(d);
      const name = f.fn.name;
      if (name === 'min' || name === 'max') {
        // The derivative of the argument that is selected.
        const pick = name === 'min' ? (a: number, b: number) => a < b : (a: number, b: number) => a > b;
        return (x) => {
          let best = 0;
          let bestValue = args[0]!(x);
          for (let i = 1; i < args.length; i++) {
            const y = args[i]!(x);
            if (pick(y, bestValue)) [best, bestValue] = [i, y];
          }
          return ds[best]!(x);
        };
      }
      if (name === 'atan2' || name === 'pow' || name === 'mod') {
        const [u, v] = args as [Fn, Fn];
        const [du, dv] = ds as [Fn, Fn];
        if (name === 'atan2') return (x) => { const a = u(x), b = v(x); return (b * du(x) - a * dv(x)) / (a * a + b * b); };
        if (name === 'pow') return powDerivative(f.args[1]!, variable, u, v, du, dv);
        return (x) => du(x) - dv(x) * Math.floor(u(x) / v(x));
      }
      const u = args[0]!;
      const du = ds[0]!;
      const outer = OUTER_DERIVATIVE[name];
      if (!outer) return ZERO; // sign, floor, ceil, round: piecewise constant
      return (x) => outer(u(x)) * du(x);
    }
    default:
      return ZERO; // constants (and nothing else reaches here: build has checked the tree)
  }
}

/** d/dx u^v: v·u^(v−1)·u′ when the exponent is constant (real odd roots of negatives included), else the general rule. */
function powDerivative(exponent: MathNode, variable: string, u: Fn, v: Fn, du: Fn, dv: Fn): Fn {
  if (!dependsOn(exponent, variable)) return (x) => { const b = v(x); return b === 0 ? 0 : b * realPow(u(x), b - 1) * du(x); };
  return (x) => { const a = u(x), b = v(x); return Math.pow(a, b) * (dv(x) * Math.log(a) + (b * du(x)) / a); };
}

/** f′ for each one-argument function with a non-zero derivative. */
const OUTER_DERIVATIVE: Readonly<Record<string, (a: number) => number>> = {
  exp: Math.exp, expm1: Math.exp, log: (a) => 1 / a, log1p: (a) => 1 / (1 + a), log2: (a) => 1 / (a * Math.LN2), log10: (a) => 1 / (a * Math.LN10),
  sqrt: (a) => 0.5 / Math.sqrt(a), cbrt: (a) => 1 / (3 * Math.cbrt(a) ** 2), abs: (a) => (a < 0 ? -1 : 1),
  sin: Math.cos, cos: (a) => -Math.sin(a), tan: (a) => 1 / Math.cos(a) ** 2, asin: (a) => 1 / Math.sqrt(1 - a * a), acos: (a) => -1 / Math.sqrt(1 - a * a),
  atan: (a) => 1 / (1 + a * a), sinh: Math.cosh, cosh: Math.sinh, tanh: (a) => 1 - Math.tanh(a) ** 2, erf: (a) => TWO_OVER_SQRT_PI * Math.exp(-a * a),
};

/**
 * Evaluates a formula with the locked-down mathjs instance itself (its first layer alone, without the tree check):
 * the tests use it to show that the disabled functions stay disabled even there. The instance holds only the
 * parser, the compiler and arithmetic.
 */
export function evaluateInSandbox(text: string, x: number): number {
  const value = parse(text).compile().evaluate({ x });
  return typeof value === 'boolean' ? +value : typeof value === 'number' ? value : NaN;
}

/**
 * The formula with x replaced by (x − delta): the density moved right by delta. The result is checked again.
 *
 * @example shiftFormula('exp(-x^2/2)', 1.5) // 'exp(-(x - 1.5) ^ 2 / 2)'
 */
export function shiftFormula(text: string, delta: number): string {
  if (!Number.isFinite(delta)) throw new RangeError(`invalid shift: ${delta}`);
  compileFormula(text);
  if (delta === 0) return text.trim();
  const replacement = parse(`(x - ${delta})`);
  const shifted = parse(text.trim()).transform((node) => (node.type === 'SymbolNode' && (node as MathNode & { name: string }).name === 'x' ? replacement : node));
  const out = shifted.toString();
  compileFormula(out);
  return out;
}
