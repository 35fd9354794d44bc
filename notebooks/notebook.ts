/**
 * A thin layer over @observablehq/runtime for the pages' cells. A cell is a named value with named inputs; the
 * runtime recomputes a cell only when one of its inputs changes, so moving one slider re-runs only what depends
 * on it. Three kinds of cell:
 *
 * - `input(name, element)`: an element with a `.value` that fires `input` events (a slider, the distribution
 *   editor); mounted into the page's `[data-cell=name]` placeholder when there is one.
 * - `cell(name, inputs, fn)`: a computed value (no DOM), evaluated only when something needs it.
 * - `view(name, inputs, fn)`: a computed DOM node, mounted into `[data-cell=name]`; if the computation throws, the
 *   placeholder shows the error instead (the rest of the page keeps working).
 *
 * Works without a DOM (root undefined), which is how the wiring is unit-tested in Node.
 */
import { Runtime, type Module, type Observer } from '@observablehq/runtime';
import { errorMessage } from './components/error-message.ts';
import { t } from './components/messages.ts';

/** Anything with a value and input events: a native <input>, or one of the site's components. */
export interface InputElement<T> {
  value: T;
  addEventListener(type: 'input', listener: () => void): void;
  removeEventListener(type: 'input', listener: () => void): void;
}

export interface InputOptions<T> {
  /** How the value goes into the page's URL (omit for inputs that are not part of the shared state). */
  readonly serialize?: (value: T) => string;
  /** The inverse of serialize; throws on text it cannot read. */
  readonly parse?: (text: string) => T;
  /**
   * An input that changes many times a second (a training run's state): every view that reads it draws in a task
   * of its own, so a snapshot's redraw never blocks the page for the sum of all its figures.
   */
  readonly live?: boolean;
  /**
   * For an input that is not an element (a trainer): the views that operate it (its buttons), so an embedded
   * figure that reads it comes with them.
   */
  readonly controls?: readonly string[];
}

/**
 * URL parameters that choose how the shell shows a page, not what its cells compute: `embed` (one cell alone),
 * `hide` (cells a lesson link hides) and `lang` (the language). `restore` leaves them to the shell.
 */
export const VIEW_PARAMETERS: ReadonlySet<string> = new Set(['embed', 'hide', 'lang']);

interface BoundInput {
  readonly name: string;
  readonly element: InputElement<unknown>;
  readonly options: InputOptions<unknown>;
}

export interface NotebookOptions {
  /** Where the `[data-cell=…]` placeholders are; none in Node tests. */
  readonly root?: ParentNode;
  /** Called after an input changes (the page writes its URL here). */
  readonly onInput?: (name: string) => void;
  /** Called after a view has drawn into its placeholder (the shell enables a figure's downloads here). */
  readonly onRender?: (name: string, slot: Element) => void;
}

export class Notebook {
  readonly #runtime = new Runtime();
  readonly #module: Module = this.#runtime.module();
  readonly #root: ParentNode | undefined;
  readonly #onInput: ((name: string) => void) | undefined;
  readonly #onRender: ((name: string, slot: Element) => void) | undefined;
  /** Each cell's and view's inputs, as defined (the dependency graph `dependencies` walks). */
  readonly #graph = new Map<string, readonly string[]>();
  readonly #inputs = new Map<string, BoundInput>();
  readonly #views: string[] = [];
  readonly #live = new Set<string>();
  readonly #cleanups: (() => void)[] = [];
  /** How many times each cell's function has run (the tests use it to show what re-runs). */
  readonly runs = new Map<string, number>();
  /** Milliseconds spent inside cell functions so far, in all and per cell (the benchmark reads them). */
  cellTime = 0;
  readonly cellTimes = new Map<string, number>();
  /** The cells defined with `defer`. */
  readonly deferred = new Set<string>();

  constructor(options: NotebookOptions = {}) {
    this.#root = options.root;
    this.#onInput = options.onInput;
    this.#onRender = options.onRender;
  }

  #placeholder(name: string): Element | null {
    return this.#root?.querySelector(`[data-cell="${name}"]`) ?? null;
  }

  #counted<A extends unknown[], R>(name: string, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.runs.set(name, (this.runs.get(name) ?? 0) + 1);
      const start = performance.now();
      try {
        return fn(...args);
      } finally {
        const spent = performance.now() - start;
        this.cellTime += spent;
        this.cellTimes.set(name, (this.cellTimes.get(name) ?? 0) + spent);
      }
    };
  }

  input<T>(name: string, element: InputElement<T>, options: InputOptions<T> = {}): this {
    this.#inputs.set(name, { name, element: element as InputElement<unknown>, options: options as InputOptions<unknown> });
    if (options.live) this.#live.add(name);
    const slot = this.#placeholder(name);
    if (slot && element instanceof Node) slot.replaceChildren(element);
    if (slot) (slot as HTMLElement).dataset.role = 'input';
    this.#graph.set(name, []);
    this.#module.define(name, [], () => element.value);
    const listener = () => {
      this.#module.redefine(name, [], () => element.value);
      this.#onInput?.(name);
    };
    element.addEventListener('input', listener);
    this.#cleanups.push(() => element.removeEventListener('input', listener));
    return this;
  }

  /**
   * A computed value. With `defer`, a slow cell waits until its inputs have been still for that many
   * milliseconds (a new change cancels the wait), so a drag keeps redrawing the fast cells every frame and the
   * slow ones catch up when the reader pauses.
   */
  cell<R>(name: string, inputs: readonly string[], fn: (...args: never[]) => R, options: { defer?: number } = {}): this {
    const counted = this.#counted(name, fn);
    this.#graph.set(name, inputs);
    if (!options.defer) {
      this.#module.define(name, inputs, counted);
      return this;
    }
    const delay = options.defer;
    this.deferred.add(name);
    this.#module.define(name, [...inputs, 'invalidation'], (...args: unknown[]) => {
      const invalidation = args.pop() as Promise<void>;
      return new Promise<R>((resolve, reject) => {
        const timer = setTimeout(() => {
          try {
            resolve(counted(...(args as never[])));
          } catch (e) {
            reject(e);
          }
        }, delay);
        // Settle even when superseded: the runtime ignores a stale version's result, but anything awaiting
        // this promise (the page's idle check) must not wait forever.
        void invalidation.then(() => {
          clearTimeout(timer);
          reject(new Error(`${name} was superseded by newer inputs`));
        });
      });
    });
    return this;
  }

  view(name: string, inputs: readonly string[], fn: (...args: never[]) => Node | string): this {
    const slot = this.#placeholder(name);
    if (slot) (slot as HTMLElement).dataset.role = 'view';
    this.#graph.set(name, inputs);
    const observer: Observer<Node | string> = {
      pending: () => slot?.classList.add('running'),
      fulfilled: (value) => {
        if (!slot) return;
        slot.classList.remove('running', 'failed');
        slot.replaceChildren(value);
        this.#onRender?.(name, slot);
      },
      rejected: (error) => {
        if (!slot) return;
        slot.classList.remove('running');
        slot.classList.add('failed');
        const box = document.createElement('div');
        box.className = 'cell-error';
        box.setAttribute('role', 'alert');
        box.textContent = errorMessage(error);
        slot.replaceChildren(box);
      },
    };
    const counted = this.#counted(name, fn);
    const ownTask = inputs.some((i) => this.#live.has(i));
    // A macrotask before drawing: each live view is its own task, and the page handles input between them.
    // A version overtaken by newer inputs before its turn is dropped (the runtime ignores its result anyway).
    let latest = 0;
    const body = !ownTask
      ? counted
      : (...args: never[]) => {
          const version = ++latest;
          return new Promise<Node | string>((resolve, reject) =>
            setTimeout(() => {
              if (version !== latest) return reject(new Error(`${name} was superseded by newer inputs`));
              try {
                resolve(counted(...args));
              } catch (e) {
                reject(e);
              }
            }),
          );
        };
    this.#module.variable(observer).define(name, inputs, body);
    this.#views.push(name);
    return this;
  }

  /** Sets an input as if the reader had changed it. */
  set(name: string, value: unknown): void {
    const input = this.#inputs.get(name);
    if (!input) throw new RangeError(`no input named ${name}`);
    input.element.value = value;
    this.#module.redefine(name, [], () => input.element.value);
    this.#onInput?.(name);
  }

  /** The current value of a cell, once computed. */
  value(name: string): Promise<unknown> {
    return this.#module.value(name);
  }

  /** Resolves when every view has finished computing (failed views count as finished). */
  async idle(): Promise<void> {
    await Promise.all(this.#views.map((v) => this.#module.value(v).catch(() => undefined)));
  }

  /** Cell names that have a placeholder in the page but no cell, and inputs or views with no placeholder. */
  wiringProblems(): string[] {
    if (!this.#root) return [];
    // Inputs that are not elements (a training controller) have nothing to place.
    const placed = [...this.#inputs.values()].filter((i) => typeof Node !== 'undefined' && i.element instanceof Node).map((i) => i.name);
    const defined = new Set([...placed, ...this.#views]);
    const problems: string[] = [];
    for (const slot of this.#root.querySelectorAll<HTMLElement>('[data-cell]')) {
      if (!defined.has(slot.dataset.cell!)) problems.push(`the page has a placeholder for '${slot.dataset.cell}' but no cell defines it`);
    }
    for (const name of defined) {
      if (name !== 'width' && !this.#placeholder(name)) problems.push(`the cell '${name}' has no placeholder in the page`);
    }
    return problems;
  }

  /** The inputs that belong in the URL, serialised. */
  state(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { name, element, options } of this.#inputs.values()) if (options.serialize) out[name] = options.serialize(element.value);
    return out;
  }

  /** Every cell and input that `name` reads, directly or through other cells (not including `name`). */
  dependencies(name: string): Set<string> {
    const seen = new Set<string>();
    const visit = (n: string) => {
      for (const i of this.#graph.get(n) ?? []) {
        if (seen.has(i)) continue;
        seen.add(i);
        visit(i);
      }
    };
    visit(name);
    return seen;
  }

  /** The part of `state()` that a cell and its embed's controls depend on: what a figure of it was drawn for. */
  stateOf(name: string): Record<string, string> {
    const deps = new Set<string>();
    for (const shown of this.embedded(name)) for (const d of [shown, ...this.dependencies(shown)]) deps.add(d);
    return Object.fromEntries(Object.entries(this.state()).filter(([k]) => deps.has(k)));
  }

  /** Whether a cell, view or input of that name is defined. */
  has(name: string): boolean {
    return this.#graph.has(name);
  }

  /**
   * The cells an embed of `name` shows: the cell itself, the inputs with an element that it depends on, and for
   * an input without one (a trainer) the views that operate it, with their own inputs. Page order is the caller's.
   */
  embedded(name: string): Set<string> {
    const shown = new Set([name]);
    const pending = [name];
    while (pending.length) {
      for (const d of this.dependencies(pending.pop()!)) {
        const input = this.#inputs.get(d);
        if (!input || shown.has(d)) continue;
        if (typeof Node !== 'undefined' && input.element instanceof Node) shown.add(d);
        for (const view of input.options.controls ?? []) {
          if (shown.has(view)) continue;
          shown.add(view);
          pending.push(view);
        }
      }
    }
    return shown;
  }

  /**
   * Restores inputs from URL parameters; returns a message for each parameter it could not read (that input
   * keeps its default).
   */
  restore(params: Readonly<Record<string, string>>): string[] {
    const problems: string[] = [];
    for (const [name, text] of Object.entries(params)) {
      if (VIEW_PARAMETERS.has(name)) continue;
      const input = this.#inputs.get(name);
      if (!input?.options.parse) {
        problems.push(t('notebook.unknownParameter', { name }));
        continue;
      }
      try {
        const value = input.options.parse(text);
        input.element.value = value;
        this.#module.redefine(name, [], () => input.element.value);
      } catch (e) {
        problems.push(t('notebook.unreadable', { name, text: text.slice(0, 80), message: errorMessage(e) }));
      }
    }
    return problems;
  }

  /** Runs when the page is left (stop a training loop, free tensors). */
  onDispose(cleanup: () => void): this {
    this.#cleanups.push(cleanup);
    return this;
  }

  dispose(): void {
    for (const cleanup of this.#cleanups) cleanup();
    this.#runtime.dispose();
  }
}
