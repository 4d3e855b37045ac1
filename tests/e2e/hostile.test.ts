import { describe, expect, it } from 'vitest';
import { hostileContent } from './scenarios/hostile.js';

describe('e2e: hostile content', () => {
  it('traversal titles, scripts, a prompt injection, a 50 MB description and a redirect loop: nothing escapes, nothing runs, no key leaks, limits hold', async () => {
    const row = await hostileContent();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 5, done: 5, lost: 0, duplicates: 0, exitCode: 1 });
  }, 300_000);
});
