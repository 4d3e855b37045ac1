import { describe, expect, it } from 'vitest';
import { sigint } from './scenarios/sigint.js';

describe('e2e: SIGINT mid-run', () => {
  it('stops starting work, writes the summary, exits 130; the rerun does the rest, each job once', async () => {
    const row = await sigint();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 16, done: 16, lost: 0, duplicates: 0, exitCode: 130 });
  }, 300_000);
});
