/**
 * One row per component under the plot: its family, its parameters (slider and number each, or a custom
 * density's formula and range), its weight, and a remove button. What each control does is a function of
 * component-list.ts; the rows only turn events into those calls.
 */
import type { ComponentSpec } from '../../../src/distributions/distribution.ts';
import { FAMILIES, type ParametricFamilyName } from '../../../src/distributions/families.ts';
import type { FamilyName } from '../../../src/distributions/family.ts';
import { withFamily, withFormula, withoutComponent, withParam, withWeight } from './component-list.ts';
import { formulaField } from './custom-formula.ts';
import { t } from '../messages.ts';
import { numberField } from './number-field.ts';

const FAMILY_ORDER: readonly FamilyName[] = ['normal', 'laplace', 'logistic', 'cauchy', 'uniform', 'density'];

/** A row's edit: 'rows' changes which controls a row has (family, removal); the others only their values. */
export type RowEdit = 'rows' | 'param' | 'weight';

export interface RowsHost {
  readonly components: () => readonly ComponentSpec[];
  readonly update: (next: ComponentSpec[], source: RowEdit) => void;
}

/**
 * The rows inside `list`. `render()` rebuilds them; `sync()` refreshes the numbers they show after a drag or a
 * slider move without rebuilding them, so the control in use keeps its focus.
 */
export function componentRows(list: HTMLOListElement, host: RowsHost): { render(): void; sync(): void } {
  const row = (c: ComponentSpec, i: number, count: number): HTMLLIElement => {
    const li = document.createElement('li');
    li.className = 'component';
    const family = document.createElement('select');
    family.setAttribute('aria-label', t('editor.familyLabel', { n: i + 1 }));
    for (const f of FAMILY_ORDER) family.add(new Option(t(`family.${f}`), f));
    family.value = c.family;
    family.addEventListener('input', (e) => e.stopPropagation());
    family.addEventListener('change', () => host.update(withFamily(host.components(), i, family.value as FamilyName), 'rows'));
    li.append(family);
    const set = (k: 0 | 1) => (x: number) => host.update(withParam(host.components(), i, k, x), 'param');
    if (c.family === 'density') {
      li.append(
        formulaField(c.formula ?? '', i, (formula) => host.update(withFormula(host.components(), i, formula), 'param')),
        numberField(t('editor.from'), c.params[0], set(0)),
        numberField(t('editor.to'), c.params[1], set(1)),
      );
    } else {
      const names = FAMILIES[c.family as ParametricFamilyName].parameters;
      const isScale = (k: number) => k === 1 && c.family !== 'uniform';
      for (const k of [0, 1] as const) {
        li.append(numberField(t(`param.${names[k] as 'mean' | 'sd' | 'location' | 'scale' | 'low' | 'high'}`), c.params[k], set(k), isScale(k) ? { range: true, min: 0.05, max: 5, step: 0.01 } : { range: true, min: -10, max: 10, step: 0.01 }));
      }
    }
    if (count > 1) {
      li.append(numberField(t('editor.weight'), c.weight, (w) => host.update(withWeight(host.components(), i, w), 'weight'), { range: true, min: 0.001, max: 0.999, step: 0.001 }));
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'remove';
      remove.textContent = t('editor.remove');
      remove.setAttribute('aria-label', t('editor.removeLabel', { n: i + 1 }));
      remove.addEventListener('click', () => host.update(withoutComponent(host.components(), i), 'rows'));
      li.append(remove);
    }
    return li;
  };

  const render = () => {
    const components = host.components();
    list.replaceChildren(...components.map((c, i) => row(c, i, components.length)));
  };

  const sync = () => {
    const components = host.components();
    list.querySelectorAll<HTMLLIElement>('li.component').forEach((li, i) => {
      const c = components[i]!;
      const fields = li.querySelectorAll<HTMLLabelElement>('label.param');
      // A custom density's first field is its formula, which a drag or a slider never changes.
      const values = c.family === 'density' ? [null, c.params[0], c.params[1], c.weight] : [c.params[0], c.params[1], c.weight];
      fields.forEach((label, k) => {
        const v = values[k];
        if (v === null || v === undefined) return;
        for (const input of label.querySelectorAll('input')) if (document.activeElement !== input) input.value = String(v);
      });
    });
  };
  return { render, sync };
}
