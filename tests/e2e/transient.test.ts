import { describe, expect, it } from 'vitest';
import { transientFaults } from './scenarios/transient.js';

describe('e2e: transient faults', () => {
  it('30% of board, description and LLM requests fail (429, 500, resets, hangs); every job is still done, by the model', async () => {
    const row = await transientFaults();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 15, done: 15, lost: 0, duplicates: 0, exitCode: 0 });
  }, 300_000);
});
