/**
 * A live check under a derivation step: both sides evaluated for the reader's distributions, their difference,
 * and whether it is within the stated tolerance. Infinite sides are shown as ∞ and agree when both are ∞.
 */
import { formatNumber } from '../../src/format.ts';
import { t } from './messages.ts';
import { tex } from './tex.ts';

export interface Side {
  /** TeX for the quantity, e.g. "\\KL(\\pdata \\| \\pg)". */
  readonly tex: string;
  readonly value: number;
}

export interface CheckOptions {
  readonly left: Side;
  readonly right: Side;
  /** 'equal' (default) checks |left − right| ≤ tolerance; 'leq' checks left ≤ right + tolerance. */
  readonly relation?: 'equal' | 'leq';
  readonly tolerance: number;
  /** A sentence after the numbers, e.g. what the tolerance is made of. */
  readonly note?: string;
  readonly digits?: number;
}

export function checkHolds(o: CheckOptions): { holds: boolean; difference: number } {
  const { left, right } = o;
  const difference = left.value === right.value ? 0 : left.value - right.value;
  const holds =
    o.relation === 'leq' ? left.value <= right.value + o.tolerance : Number.isFinite(difference) ? Math.abs(difference) <= o.tolerance : left.value === right.value;
  return { holds, difference };
}

export function checkView(o: CheckOptions): HTMLElement {
  const { holds, difference } = checkHolds(o);
  const digits = o.digits ?? 12;
  const box = document.createElement('div');
  box.className = `check-result ${holds ? 'holds' : 'fails'}`;
  box.dataset.holds = String(holds);
  box.dataset.left = String(o.left.value);
  box.dataset.right = String(o.right.value);
  const symbol = o.relation === 'leq' ? '\\le' : '=';
  box.innerHTML = `<span class="verdict">${t(holds ? 'check.holds' : 'check.fails')}</span>
    <span class="side">${tex(o.left.tex)} = <output>${formatNumber(o.left.value, digits)}</output></span>
    <span class="rel">${tex(symbol)}</span>
    <span class="side">${tex(o.right.tex)} = <output>${formatNumber(o.right.value, digits)}</output></span>
    <span class="diff">${t(o.relation === 'leq' ? 'check.gap' : 'check.difference')} ${formatNumber(o.relation === 'leq' ? o.right.value - o.left.value : difference, 2)}
    ${t('check.tolerance', { tolerance: formatNumber(o.tolerance, 1) })}</span>`;
  if (o.note) {
    const note = document.createElement('span');
    note.className = 'note';
    note.textContent = o.note;
    box.append(note);
  }
  return box;
}

/**
 * A check with nothing to check yet (training has not started, say): it says what to do, neutrally, neither ✓
 * nor ✗.
 */
export function pendingCheck(what: string): HTMLElement {
  const box = document.createElement('div');
  box.className = 'check-result pending';
  box.dataset.holds = 'pending';
  box.innerHTML = `<span class="verdict">${t('check.pending')}</span>`;
  const note = document.createElement('span');
  note.className = 'note';
  note.textContent = what;
  box.append(note);
  return box;
}

/** A small table of named values (for panels that show several numbers at once). */
export function valueTable(rows: readonly { readonly tex: string; readonly value: number; readonly note?: string }[], digits = 10): HTMLElement {
  const table = document.createElement('table');
  table.className = 'values';
  for (const r of rows) {
    const tr = table.insertRow();
    tr.insertCell().innerHTML = tex(r.tex);
    const v = tr.insertCell();
    v.className = 'num';
    v.innerHTML = `<output>${formatNumber(r.value, digits)}</output>`;
    const n = tr.insertCell();
    n.className = 'note';
    n.textContent = r.note ?? '';
  }
  return table;
}
