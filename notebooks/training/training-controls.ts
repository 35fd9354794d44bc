/**
 * The controls every training cell shows: train, pause, step once, reset (plus any buttons of the page's own), a
 * live status line (status, step, steps per second, backend) and the message of a run that diverged.
 */
import type { RemoteState } from './remote-trainer.ts';

/** What the controls need of a trainer. */
export interface Controllable extends EventTarget {
  readonly value: Pick<RemoteState<unknown, unknown>, 'status' | 'steps' | 'stepsPerSecond' | 'message' | 'backend'>;
  play(): void;
  pause(): Promise<void>;
  stepOnce(): void;
  reset(): Promise<void>;
}

/** The buttons and status line of a trainer; `extra` adds buttons of its own; `detach` stops listening to it. */
export function trainingControls(trainer: Controllable, label: string, extra: HTMLButtonElement[] = []): { root: HTMLElement; detach: () => void } {
  const root = document.createElement('div');
  root.className = 'training-controls';
  root.innerHTML = `<div class="buttons">
      <button type="button" data-action="play">▶ ${label}</button>
      <button type="button" data-action="pause">❚❚ Pause</button>
      <button type="button" data-action="step">Step once</button>
      <button type="button" data-action="reset">↺ Reset</button>
    </div>
    <p class="status" role="status" aria-live="polite"></p>
    <p class="training-error" role="alert" hidden></p>`;
  root.querySelector('.buttons')!.append(...extra);
  const status = root.querySelector<HTMLElement>('.status')!, error = root.querySelector<HTMLElement>('.training-error')!;
  const button = (a: string) => root.querySelector<HTMLButtonElement>(`[data-action=${a}]`)!;
  const show = () => {
    const s = trainer.value;
    status.textContent = `${s.status} · step ${s.steps.toLocaleString('en')} · ${Math.round(s.stepsPerSecond)} steps/s · TensorFlow.js backend: ${s.backend} (in a worker)`;
    status.dataset.steps = String(s.steps);
    status.dataset.status = s.status;
    const failed = s.status === 'diverged' || s.status === 'failed';
    error.hidden = !failed;
    error.textContent = !failed
      ? ''
      : s.status === 'failed'
        ? `${s.message ?? 'the training worker stopped'}. Press reset to start a new one.`
        : `${s.message ?? 'training stopped'}. Press reset to start over${extra.length ? ', or resume the last saved checkpoint' : ''}.`;
    button('play').disabled = s.status !== 'ready' && s.status !== 'paused';
    button('pause').disabled = s.status !== 'running';
    button('step').disabled = s.status !== 'ready' && s.status !== 'paused';
  };
  root.addEventListener('click', (e) => {
    const action = (e.target as HTMLElement).closest('button')?.dataset.action;
    if (action === 'play') trainer.play();
    if (action === 'pause') void trainer.pause();
    if (action === 'step') trainer.stepOnce();
    if (action === 'reset') void trainer.reset();
  });
  trainer.addEventListener('progress', show);
  trainer.addEventListener('input', show);
  show();
  return { root, detach: () => (trainer.removeEventListener('progress', show), trainer.removeEventListener('input', show)) };
}


/**
 * For a view that redraws its controls (whenever the configuration changes): each call builds fresh controls and
 * stops the previous ones from listening to the trainer.
 */
export function controlsRenderer(trainer: Controllable, label: string): (extra?: HTMLButtonElement[]) => HTMLElement {
  let detachPrevious: (() => void) | undefined;
  return (extra = []) => {
    detachPrevious?.();
    const { root, detach } = trainingControls(trainer, label, extra);
    detachPrevious = detach;
    return root;
  };
}
