import { describe, expect, it } from 'vitest';
import { KILLS, sigkillLoop } from './scenarios/sigkill.js';

describe('e2e: SIGKILL at random moments, run again each time', () => {
  it(`after ${KILLS} kills every job is done exactly once, every file whole, the state valid`, async () => {
    const row = await sigkillLoop();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 60, done: 60, lost: 0, duplicates: 0, exitCode: 0 });
  }, 900_000);
});
