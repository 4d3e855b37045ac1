import { describe, expect, it } from 'vitest';
import { failingBoards } from './scenarios/failing-boards.js';

describe('e2e: boards that fail for the whole run', () => {
  it('down, HTML instead of JSON, truncated JSON, cut off: those companies are reported failed, the others done, exit 1', async () => {
    const row = await failingBoards();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 8, done: 8, lost: 0, duplicates: 0, exitCode: 1 });
    expect(row.notes).toBe('4 of 6 companies reported failed');
  }, 300_000);
});
