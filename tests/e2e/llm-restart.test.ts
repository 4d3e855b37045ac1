import { describe, expect, it } from 'vitest';
import { llmRestart } from './scenarios/llm-restart.js';

describe('e2e: the LLM server stopped and restarted mid-run', () => {
  it('every job is done, by the model, across the gap', async () => {
    const row = await llmRestart();
    expect(row.problems).toEqual([]);
    expect(row).toMatchObject({ expected: 12, done: 12, lost: 0, duplicates: 0, exitCode: 0 });
  }, 300_000);
});
