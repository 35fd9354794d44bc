/**
 * The pure parts of bench/mnist-quality.ts: the published curve it prints beside ours, and the rows of that table.
 */
import { describe, expect, it } from 'vitest';
import { curveRows, PUBLISHED_DCGAN_CURVE, TARGETS, verdict } from '../../bench/mnist-quality.ts';

const metric = (step: number, is: number | null) => ({ step, training_seconds: step, is, fd: null, iterations_per_second: 1 });

describe('the MNIST quality bench', () => {
  it('holds the published DCGAN curve as shares of its real digits’ 9.88 (0.78 at 2,000 iterations)', () => {
    expect(PUBLISHED_DCGAN_CURVE.get(2000)).toBeCloseTo(0.784, 3);
    expect(PUBLISHED_DCGAN_CURVE.get(400)).toBeCloseTo(0.484, 3);
    expect(TARGETS.isShareAt2000).toBe(0.75);
  });

  it('lines up our IS / real with the published share by iteration, up to the last iteration we scored', () => {
    const rows = curveRows([metric(100, null), metric(400, 4.71), metric(800, 6.28), metric(1000, 7)], 9.42);
    expect(rows).toEqual([
      ['400', '0.500', '0.484'],
      ['800', '0.667', '0.663'],
    ]);
    expect(curveRows([metric(400, 4.71), metric(1600, 7.07), metric(2000, 7.5)], 9.42).map((r) => r[0])).toEqual(['400', '800', '1600', '2000']);
    expect(curveRows([metric(2000, 7.5)], 9.42).find((r) => r[0] === '800')).toEqual(['800', '—', '0.663']);
  });

  it('says met only when a target is met', () => {
    expect([verdict(true), verdict(false)]).toEqual(['met', 'MISSED']);
  });
});
