import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type LlmServer, type LlmServerOptions, startLlmServer } from '../../sim/llm-server.js';
import type { LlmConfig } from '../../src/config/schema.js';
import { BudgetExceededError, CancelledError, JobError } from '../../src/errors.js';
import { createGenerator } from '../../src/generate/generator.js';
import { engineerProfile, type GenerateHarness, generateHarness, makeJob } from './harness.js';

let server: LlmServer | undefined;
const harnesses: GenerateHarness[] = [];

async function setup(serverOptions: LlmServerOptions = {}, llm: Partial<LlmConfig> = {}, cacheDir?: string) {
  server ??= await startLlmServer(serverOptions);
  const harness = await generateHarness({ baseUrl: server.baseUrl, llm, ...(cacheDir ? { cacheDir } : {}) });
  harnesses.push(harness);
  return {
    server,
    harness,
    generator: createGenerator({ llm: harness.llm, cacheDir: harness.cacheDir }, harness.deps),
  };
}

afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
  await server?.close();
  server = undefined;
});

const input = (id = '1001', title = 'Backend Engineer') => ({
  profile: engineerProfile(),
  job: makeJob({ id, title }),
  companyAbout: null,
});

describe('generator limits', () => {
  it('never generates the same input twice, also across generator instances', async () => {
    const first = await setup();
    const a = await first.generator.generate(input());
    expect(a.cached).toBe(false);
    const files = await readdir(path.join(first.harness.cacheDir, 'generations'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^[0-9a-f]{64}\.json$/);

    // A second run: a new generator on the same cache folder.
    const second = await setup({}, {}, first.harness.cacheDir);
    const b = await second.generator.generate(input());
    expect(second.server.requests).toHaveLength(1);
    expect(b.cached).toBe(true);
    expect(b.usage).toEqual({ promptTokens: 0, completionTokens: 0, costUsd: 0 });
    expect(b.resume).toEqual(a.resume);
    expect(b.coverLetter).toEqual(a.coverLetter);
    expect(second.generator.usage()).toMatchObject({ generations: 1, cached: 1, promptTokens: 0 });

    // A different job is a different input.
    await second.generator.generate(input('1002', 'Payments Engineer'));
    expect(second.server.requests).toHaveLength(2);
  });

  it('shares one request between identical jobs generated at the same time', async () => {
    const { server, generator } = await setup({ latencyMs: 100 });
    const [a, b] = await Promise.all([generator.generate(input()), generator.generate(input())]);
    expect(server.requests).toHaveLength(1);
    expect([a.cached, b.cached].sort()).toEqual([false, true]);
  });

  it('stops new generations when the token budget is spent, still serving cached ones', async () => {
    const { server, generator } = await setup({}, { max_tokens_per_run: 1 });
    const first = await generator.generate(input());
    expect(first.generator).toBe('openai');
    const refused = await generator.generate(input('1002', 'Payments Engineer')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BudgetExceededError);
    expect(refused).toBeInstanceOf(JobError);
    expect((refused as JobError).stage).toBe('generate');
    expect((refused as Error).message).toMatch(
      /LLM budget spent: \d+ tokens used of llm.max_tokens_per_run 1/,
    );
    expect(server.requests).toHaveLength(1);
    const again = await generator.generate(input());
    expect(again.cached).toBe(true);
    expect(generator.usage()).toMatchObject({ budgetExhausted: true, generations: 2, cached: 1 });
  });

  it('stops on the dollar budget too', async () => {
    const { server, generator } = await setup(
      {},
      { max_cost_usd: 0.000001, input_usd_per_mtok: 1, output_usd_per_mtok: 1 },
    );
    await generator.generate(input());
    await expect(generator.generate(input('1002', 'Payments Engineer'))).rejects.toThrow(
      /llm.max_cost_usd \$0.000001/,
    );
    expect(server.requests).toHaveLength(1);
    expect(generator.usage().costUsd).toBeGreaterThan(0.000001);
  });

  it('runs at most llm.concurrency generations at once', async () => {
    const { server, generator } = await setup({ latencyMs: 80 }, { concurrency: 2 });
    const results = await Promise.all(
      ['1', '2', '3', '4', '5'].map((id) => generator.generate(input(id, `Backend Engineer ${id}`))),
    );
    expect(results.every((r) => r.generator === 'openai')).toBe(true);
    expect(server.requests).toHaveLength(5);
    expect(server.maxInFlight()).toBe(2);
  });

  it('frees the LLM slot while a reply is checked: a rejected reply retries after the waiting job', async () => {
    // One slot, two jobs, the first reply not JSON. Checked inside the slot, its retry went to the
    // model before the other job was asked at all; the slot now covers the model's answer only.
    // The first answer waits 300 ms, so the other job is surely queued for the slot by then: under
    // a loaded CI machine its own preparation once took longer than an instant first answer.
    let answered = 0;
    const { server, generator } = await setup(
      { script: ['invalid-json'], latencyMs: () => (answered++ === 0 ? 300 : 0) },
      { concurrency: 1 },
    );
    const results = await Promise.all([
      generator.generate(input('1001', 'Quokka Platform Engineer')),
      generator.generate(input('1002', 'Zebra Payments Engineer')),
    ]);
    expect(results.map((r) => r.generator)).toEqual(['openai', 'openai']);
    const asked = server.requests.map((r) =>
      JSON.stringify(r.body).includes('Quokka') ? 'quokka' : 'zebra',
    );
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]?.mode).toBe('invalid-json');
    const rejected = asked[0];
    expect(asked).toEqual([rejected, rejected === 'quokka' ? 'zebra' : 'quokka', rejected]);
    expect(server.maxInFlight()).toBe(1);
  });

  it('holds requests past llm.requests_per_minute until the window allows, and cancels them on abort', async () => {
    const { server, generator, harness } = await setup({}, { requests_per_minute: 1, concurrency: 4 });
    await generator.generate(input('1'));
    const waiting = generator.generate(input('2', 'Payments Engineer'));
    // Give the second generation every chance to send; the window must hold it back.
    await new Promise((r) => setTimeout(r, 300));
    expect(server.requests).toHaveLength(1);
    harness.abort.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
    expect(server.requests).toHaveLength(1);
  });

  it('turns an abort during a request into CancelledError', async () => {
    const { generator, harness } = await setup({ latencyMs: 2_000 });
    const pending = generator.generate(input());
    setTimeout(() => harness.abort.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
  });

  it('uses the offline generator when there is no LLM client, without a fallback reason', async () => {
    const harness = await generateHarness();
    harnesses.push(harness);
    const generator = createGenerator({ llm: harness.llm, cacheDir: harness.cacheDir }, harness.deps);
    const result = await generator.generate(input());
    expect(result).toMatchObject({ generator: 'offline', model: null, fallbackReason: null, cached: false });
    expect(result.factGuard.passed).toBe(true);
    expect(generator.usage()).toMatchObject({ generations: 1, fallbacks: 0, promptTokens: 0 });
  });
});
