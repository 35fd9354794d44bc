/**
 * Records as CSV (RFC 4180): one row per record, one column per scalar field. Nested objects become dotted
 * columns (`distance.mean`); arrays and typed arrays are left out (a history's per-step numbers are what a
 * spreadsheet wants; the arrays go in the JSON). Non-finite numbers are written as `NaN`, `Infinity`, `-Infinity`
 * so that a reader never confuses them with an empty cell.
 */

/** A record's scalar fields, flattened: `{ a: 1, d: { mean: 2 } }` → `{ a: 1, 'd.mean': 2 }`. */
export function scalarFields(record: unknown, prefix = ''): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (record === null || typeof record !== 'object') return out;
  for (const [key, value] of Object.entries(record)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out[name] = value;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) Object.assign(out, scalarFields(value, name));
  }
  return out;
}

function cell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  const text = typeof value === 'number' ? (Number.isNaN(value) ? 'NaN' : String(value)) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV text of the records' scalar fields, columns in the order they first appear, rows ended by CRLF as RFC 4180
 * asks. A field a record lacks is an empty cell. No records give an empty string.
 *
 * @example toCsv([{ step: 1, loss: NaN }, { step: 2, note: 'a,b' }]) // 'step,loss,note\r\n1,NaN,\r\n2,,"a,b"\r\n'
 */
export function toCsv(records: readonly unknown[]): string {
  const rows = records.map((r) => scalarFields(r));
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (!seen.has(key)) (seen.add(key), columns.push(key));
  if (!columns.length) return '';
  return [columns.map(cell).join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].map((line) => `${line}\r\n`).join('');
}
