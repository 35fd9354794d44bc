/**
 * A "measure it" button for a training page: it pauses the page's own run, asks the training worker for a sweep
 * (headless runs over settings × seeds), shows the worker's progress as it comes, and holds the finished result as
 * its `.value`, firing `input` once the result is in (not on every progress message, so the page redraws its
 * table and figure once). Strings come from the page, so the component holds no language.
 */
import type { SweepProgress, SweepRequest } from './protocol.ts';
import type { RemoteTrainer } from './remote-trainer.ts';

export interface SweepState {
  readonly status: 'idle' | 'running' | 'done' | 'failed';
  readonly request?: SweepRequest;
  readonly result?: SweepProgress;
  readonly message?: string;
}

export interface SweepPanelLabels {
  readonly button: string;
  readonly running: (done: number, total: number, runs: number, seconds: number) => string;
  readonly done: (runs: number, seconds: number) => string;
  readonly failed: (message: string) => string;
}

export function sweepPanel(trainer: Pick<RemoteTrainer<'gan1d'>, 'pause' | 'request'>, plan: () => SweepRequest, labels: SweepPanelLabels): HTMLElement & { value: SweepState } {
  const root = document.createElement('div') as unknown as HTMLElement & { value: SweepState };
  root.className = 'sweep-panel';
  root.innerHTML = `<button type="button" data-action="measure"></button>
    <progress max="1" value="0" hidden></progress>
    <p class="status sweep-status" role="status" aria-live="polite"></p>`;
  const button = root.querySelector('button')!, bar = root.querySelector('progress')!, status = root.querySelector<HTMLElement>('.sweep-status')!;
  button.textContent = labels.button;
  let state: SweepState = { status: 'idle' };
  const set = (next: SweepState, notify: boolean) => {
    state = next;
    status.dataset.status = next.status;
    button.disabled = next.status === 'running';
    bar.hidden = next.status !== 'running';
    if (notify) root.dispatchEvent(new Event('input'));
  };
  Object.defineProperty(root, 'value', { get: () => state, set: () => undefined });
  button.addEventListener('click', async () => {
    if (state.status === 'running') return;
    const request = plan();
    set({ status: 'running', request }, false);
    status.textContent = labels.running(0, request.steps * request.settings.length * request.seeds.length, 0, 0);
    try {
      await trainer.pause();
      const result = await trainer.request('sweep', request, [], (v) => {
        const p = v as SweepProgress;
        bar.value = p.totalSteps ? p.doneSteps / p.totalSteps : 0;
        status.textContent = labels.running(p.doneSteps, p.totalSteps, p.runs.length, p.seconds);
      });
      status.textContent = labels.done(result.runs.length, result.seconds);
      set({ status: 'done', request, result }, true);
    } catch (e) {
      const message = (e as Error).message;
      status.textContent = labels.failed(message);
      set({ status: 'failed', request, message }, true);
    }
  });
  return root;
}
