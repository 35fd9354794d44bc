import { describe, expect, it } from 'vitest';
import { Notebook } from '../../notebooks/notebook.ts';

/** A stand-in for an input element: a value and input events. */
class FakeInput<T> extends EventTarget {
  constructor(public value: T) {
    super();
  }
  change(value: T): void {
    this.value = value;
    this.dispatchEvent(new Event('input'));
  }
}

function wiredNotebook() {
  const a = new FakeInput(1), b = new FakeInput(10);
  const changed: string[] = [];
  const nb = new Notebook({ onInput: (name) => changed.push(name) });
  nb.input('a', a, { serialize: String, parse: (t) => { const v = Number(t); if (!Number.isFinite(v)) throw new RangeError(`'${t}' is not a number`); return v; } })
    .input('b', b, { serialize: String, parse: Number })
    .cell('double', ['a'], (x: number) => 2 * x)
    .cell('sum', ['a', 'b'], (x: number, y: number) => x + y)
    .view('showB', ['b'], (y: number) => `b = ${y}`)
    .view('showAll', ['double', 'sum'], (d: number, s: number) => `${d} ${s}`);
  return { nb, a, b, changed };
}

describe('Notebook', () => {
  it('re-runs only the cells downstream of the input that changed', async () => {
    const { nb, b } = wiredNotebook();
    await nb.idle();
    expect(Object.fromEntries(nb.runs)).toEqual({ double: 1, sum: 1, showB: 1, showAll: 1 });
    b.change(20);
    await nb.idle();
    // double depends only on a: it must not re-run.
    expect(Object.fromEntries(nb.runs)).toEqual({ double: 1, sum: 2, showB: 2, showAll: 2 });
    expect(await nb.value('showAll')).toBe('2 21');
    nb.dispose();
  });

  it('set() behaves like the reader changing the input, and reports it', async () => {
    const { nb, changed } = wiredNotebook();
    nb.set('a', 5);
    await nb.idle();
    expect(await nb.value('showAll')).toBe('10 15');
    expect(changed).toEqual(['a']);
    expect(() => nb.set('nope', 1)).toThrow(/no input named nope/);
    nb.dispose();
  });

  it('serialises its inputs and restores them, reporting what it could not read', async () => {
    const { nb } = wiredNotebook();
    expect(nb.state()).toEqual({ a: '1', b: '10' });
    const problems = nb.restore({ a: 'banana', b: '3', c: '1' });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/a = “banana” could not be read \('banana' is not a number\); showing the default/);
    expect(problems[1]).toMatch(/'c', which this page does not have/);
    await nb.idle();
    expect(await nb.value('showAll')).toBe('2 4');
    expect(nb.state()).toEqual({ a: '1', b: '3' });
    nb.dispose();
  });

  it('a failing cell rejects its dependents without stopping the others', async () => {
    const x = new FakeInput(0);
    const nb = new Notebook()
      .input('x', x)
      .cell('bad', ['x'], (v: number) => {
        if (v < 0) throw new RangeError('x must not be negative');
        return v;
      })
      .view('fromBad', ['bad'], (v: number) => String(v))
      .view('fine', ['x'], (v: number) => `x = ${v}`);
    x.change(-1);
    await nb.idle();
    await expect(nb.value('fromBad')).rejects.toThrow(/must not be negative/);
    expect(await nb.value('fine')).toBe('x = -1');
    nb.dispose();
  });

  it('a deferred cell waits until its inputs are still, and skips the values it never needed', async () => {
    const x = new FakeInput(0);
    const seen: number[] = [];
    const nb = new Notebook()
      .input('x', x)
      .cell('slow', ['x'], (v: number) => {
        seen.push(v);
        return v * v;
      }, { defer: 30 })
      .view('showSlow', ['slow'], (v: number) => String(v));
    await nb.idle();
    for (let v = 1; v <= 5; v++) {
      x.change(v);
      await new Promise((r) => setTimeout(r, 5));
    }
    await nb.idle();
    expect(await nb.value('showSlow')).toBe('25');
    // 0 at start and 5 at the end; the intermediate values were superseded before their wait ended.
    expect(seen).toEqual([0, 5]);
    expect(nb.deferred.has('slow')).toBe(true);
    nb.dispose();
  });

  it('draws each view of a live input in a task of its own, and drops a version overtaken before its turn', async () => {
    const state = new FakeInput(0);
    const nb = new Notebook();
    nb.input('state', state, { live: true })
      .view('first', ['state'], (v: number) => `first ${v}`)
      .view('second', ['state'], (v: number) => `second ${v}`);
    await nb.idle();
    expect(Object.fromEntries(nb.runs)).toEqual({ first: 1, second: 1 });
    const ticks: string[] = [];
    state.change(1);
    state.change(2);
    // Within the task that changed the input, nothing has drawn yet.
    await Promise.resolve();
    ticks.push(`${nb.runs.get('first')}/${nb.runs.get('second')}`);
    await new Promise((r) => setTimeout(r, 20));
    expect(ticks).toEqual(['1/1']);
    expect(await nb.value('first')).toBe('first 2');
    expect(await nb.value('second')).toBe('second 2');
    // The version for state = 1 was overtaken before its turn and never drew.
    expect(Object.fromEntries(nb.runs)).toEqual({ first: 2, second: 2 });
    nb.dispose();
  });
});
