/**
 * The machinery behind lesson links and files to take away: CSV of records, PNG text chunks, a training run as
 * CSV/JSON, and what the notebook tells the shell (which parameters are the shell's, what a cell depends on, what
 * an embed of it shows).
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { scalarFields, toCsv } from '../../src/csv.ts';
import { crc32, readTextChunks, withTextChunks } from '../../notebooks/components/png-text.ts';
import { Notebook, VIEW_PARAMETERS } from '../../notebooks/notebook.ts';
import { historyCsv, historyJson, snapshotsCsv } from '../../notebooks/training/history-export.ts';

class FakeInput<T> extends EventTarget {
  constructor(public value: T) {
    super();
  }
}

/** A minimal CSV reader (RFC 4180 quoting), independent of toCsv, to read back what it wrote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"', i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\r' && text[i + 1] === '\n') (row.push(field), rows.push(row), (row = []), (field = ''), i++);
    else field += c;
  }
  return rows;
}

describe('toCsv', () => {
  it('writes one row per record with the columns in first-seen order, quoting commas, quotes and newlines', () => {
    const csv = toCsv([{ step: 1, note: 'a,b' }, { step: 2, note: 'say "hi"\nthere', extra: true }]);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(parseCsv(csv)).toEqual([
      ['step', 'note', 'extra'],
      ['1', 'a,b', ''],
      ['2', 'say "hi"\nthere', 'true'],
    ]);
  });

  it('writes NaN and infinities as words, never as empty cells', () => {
    expect(parseCsv(toCsv([{ a: NaN, b: Infinity, c: -Infinity, d: 0 }]))[1]).toEqual(['NaN', 'Infinity', '-Infinity', '0']);
  });

  it('flattens nested objects into dotted columns and leaves out arrays and typed arrays', () => {
    expect(scalarFields({ step: 3, distance: { mean: 0.1, max: 0.4 }, grid: new Float64Array(4), list: [1, 2] })).toEqual({ step: 3, 'distance.mean': 0.1, 'distance.max': 0.4 });
  });

  it('gives an empty string for no records', () => {
    expect(toCsv([])).toBe('');
  });
});

describe('PNG text chunks', () => {
  it('computes the CRC-32 of the PNG specification (the check value of "123456789" is 0xCBF43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('adds UTF-8 iTXt chunks that read back, and the image still decodes with pngjs', () => {
    const image = new PNG({ width: 3, height: 2 });
    image.data.fill(200);
    const png = new Uint8Array(PNG.sync.write(image));
    const tagged = withTextChunks(png, { Title: 'C(G) = −log 4 + 2·JSD', Description: '判别器 D 与最优判别器 D*' });
    expect(readTextChunks(tagged)).toEqual({ Title: 'C(G) = −log 4 + 2·JSD', Description: '判别器 D 与最优判别器 D*' });
    const decoded = PNG.sync.read(Buffer.from(tagged));
    expect([decoded.width, decoded.height, decoded.data[0]]).toEqual([3, 2, 200]);
  });

  it('refuses what is not a PNG and keywords PNG does not allow, and notices a damaged chunk', () => {
    expect(() => withTextChunks(new Uint8Array(40), { Title: 'x' })).toThrow(/not a PNG/);
    const png = new Uint8Array(PNG.sync.write(new PNG({ width: 1, height: 1 })));
    expect(() => withTextChunks(png, { '': 'x' })).toThrow(/keyword/);
    const tagged = withTextChunks(png, { Title: 'abc' });
    tagged[8 + 25 + 12] = tagged[8 + 25 + 12]! ^ 0xff; // a byte inside the iTXt chunk's keyword
    expect(() => readTextChunks(tagged)).toThrow(/bad CRC/);
  });
});

describe('a training run to take away', () => {
  const state = {
    steps: 2,
    backend: 'wasm',
    history: [{ step: 1, lossD: 1.3, lossG: NaN, value: -1.3 }, { step: 2, lossD: 1.2, lossG: 0.7, value: -1.2 }],
    snapshots: [{ step: 2, grid: new Float64Array([0, 1]), distance: { mean: 0.2, max: 0.5 }, jsd: 0.3 }],
  };

  it('writes every step record as a CSV row', () => {
    const rows = parseCsv(historyCsv(state));
    expect(rows[0]).toEqual(['step', 'lossD', 'lossG', 'value']);
    expect(rows.slice(1).map((r) => r.map(Number))).toEqual([[1, 1.3, NaN, -1.3], [2, 1.2, 0.7, -1.2]]);
  });

  it('writes the snapshots’ numbers as CSV without their arrays', () => {
    expect(parseCsv(snapshotsCsv(state))).toEqual([['step', 'distance.mean', 'distance.max', 'jsd'], ['2', '0.2', '0.5', '0.3']]);
  });

  it('writes config, steps and records as JSON, with NaN as a string rather than null', () => {
    const doc = JSON.parse(historyJson('gan1d', state, { k: 5, pData: 'normal(0, 1)' }));
    expect(doc.kind).toBe('gan1d');
    expect(doc.config).toEqual({ k: 5, pData: 'normal(0, 1)' });
    expect(doc.history).toHaveLength(2);
    expect(doc.history[0].lossG).toBe('NaN');
    expect(doc.snapshots[0]).toEqual({ step: 2, 'distance.mean': 0.2, 'distance.max': 0.5, jsd: 0.3 });
  });
});

describe('what the notebook tells the shell', () => {
  function notebook() {
    const nb = new Notebook();
    const trainer = new FakeInput({ steps: 0 });
    nb.input('a', new FakeInput(1), { serialize: String, parse: Number })
      .input('b', new FakeInput(2), { serialize: String, parse: Number })
      .input('c', new FakeInput(3), { serialize: String, parse: Number })
      .input('training', trainer, { controls: ['controls'] })
      .cell('sum', ['a', 'b'], (x: number, y: number) => x + y)
      .view('figure', ['sum'], (s: number) => `sum ${s}`)
      .cell('config', ['c'], (z: number) => ({ z }))
      .view('controls', ['config'], () => 'buttons')
      .view('live', ['training'], () => 'drawn');
    return nb;
  }

  it('leaves embed, hide and lang to the shell instead of calling them unknown', () => {
    const nb = notebook();
    expect([...VIEW_PARAMETERS].sort()).toEqual(['embed', 'hide', 'lang']);
    expect(nb.restore({ embed: 'figure', hide: 'a,b', lang: 'zh-CN', bogus: '1' })).toEqual(["the link sets 'bogus', which this page does not have"]);
    nb.dispose();
  });

  it('knows what a cell depends on, and the part of the state a figure was drawn for', () => {
    const nb = notebook();
    expect([...nb.dependencies('figure')].sort()).toEqual(['a', 'b', 'sum']);
    expect(nb.stateOf('figure')).toEqual({ a: '1', b: '2' });
    // A trainer's figure comes with the trainer's controls, and so with what they configure.
    expect(nb.stateOf('live')).toEqual({ c: '3' });
    expect([...nb.embedded('live')].sort()).toEqual(['controls', 'live']);
    expect(nb.has('figure')).toBe(true);
    expect(nb.has('nothing')).toBe(false);
    nb.dispose();
  });
});
