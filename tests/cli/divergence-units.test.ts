import { describe, expect, it } from 'vitest';
import { inProcess } from './in-process.ts';

describe('gan-theory divergence units', () => {
  it('states the JSD’s range in the unit it is printed in: [0, log 2] nats, [0, 1] bits', async () => {
    const r = await inProcess('divergence', '--pdata', 'uniform(0, 1)', '--pg', 'uniform(2, 3)');
    expect(r.code).toBe(0);
    const line = r.stdout.split('\n').find((l) => l.startsWith('JSD'))!;
    // Disjoint supports: JSD = log 2 nats = 1 bit, the top of both ranges.
    expect(line).toMatch(/= 1 bits \(JSD lies in \[0, log 2\] nats, \[0, 1\] bits\)/);
    expect(line).not.toMatch(/bits, in \[0, log 2\]/);
  });
});
