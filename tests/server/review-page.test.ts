import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_COMPANIES, demoBoards, demoConfig } from '../../sim/demo/boards.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import { CHROMIUM_ARGS } from '../../src/infra/browser.js';
import { type ServeHarness, serveHarness, waitFor } from './harness.js';

/**
 * A match run's review in real Chromium: marks per application (applied / not interested) are
 * stored, survive a reload, and a job marked not interested is not proposed by a later run.
 */
const RESUME = path.resolve(import.meta.dirname, '../../sim/demo/resume.md');
let sim: Simulator;
let h: ServeHarness;
let browser: Browser;
// biome-ignore lint/suspicious/noExplicitAny: replies are read field by field in assertions.
type Json = Record<string, any>;

beforeAll(async () => {
  sim = await startSimulator({ boards: demoBoards() });
  h = await serveHarness({ llm: { latencyMs: 5 } });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});
afterAll(async () => {
  await browser?.close();
  await h?.close();
  await sim?.close();
});

async function matchRun(fields: Record<string, string> = {}): Promise<Json> {
  const form = new FormData();
  const config = demoConfig(sim.origin, { resume: 'r.md', outputDir: 'out', companies: DEMO_COMPANIES });
  form.append('config', new Blob([JSON.stringify(config)]), 'config.json');
  form.append('resume', new Blob([await readFile(RESUME)]), 'resume.md');
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const res = await h.call('/api/runs', { method: 'POST', body: form });
  expect(res.status).toBe(202);
  const location = res.headers.get('location') as string;
  return waitFor(async () => {
    const task = (await (await h.call(location)).json()) as Json;
    return task['state'] === 'succeeded' ? task : null;
  }, 120_000);
}

describe("a match run's review page in Chromium", () => {
  it('mark, reload, the marks are kept; a later run does not propose the job marked not interested', async () => {
    const first = await matchRun();
    const applications: Json[] = first['result'].candidates[0].applications;
    expect(applications.length).toBeGreaterThanOrEqual(2);
    const [declined, applied] = applications as [Json, Json];

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(h.url);
    await page.fill('#token', h.tokens.alice);
    await page.check('#remember');
    await page.click('#signin-form button');
    await page.waitForSelector('#app:not([hidden])');
    const openFirst = async () => {
      await page.locator(`tr.task-row[data-id="${first['id']}"]`).click();
      await page.waitForSelector('#review:not([hidden])');
    };
    await openFirst();
    const row = (job: Json) => page.locator(`#review-table tr.application[data-job="${job['id']}"]`);
    expect(await page.locator('#review-table tr.application').count()).toBe(applications.length);
    expect(await row(declined).getAttribute('data-mark')).toBe('');
    await row(declined).locator('button.mark-not_interested').click();
    await row(applied).locator('button.mark-applied').click();
    await expect.poll(() => row(declined).getAttribute('data-mark')).toBe('not_interested');
    await expect.poll(() => row(applied).getAttribute('data-mark')).toBe('applied');

    await page.reload();
    await page.waitForSelector('#app:not([hidden])');
    await openFirst();
    await expect.poll(() => row(declined).getAttribute('data-mark')).toBe('not_interested');
    expect(await row(applied).getAttribute('data-mark')).toBe('applied');
    expect(await row(declined).locator('.mark').textContent()).toBe('not interested');
    await context.close();

    // Stored per user: bob's view of the same candidate has no marks.
    const bobs = (await (await h.call('/api/candidates/default/marks', { as: 'bob' })).json()) as Json;
    expect(bobs['marks']).toEqual([]);

    // force redoes handled jobs: the applied one comes back, the declined one never does.
    const second = await matchRun({ force: 'true' });
    const ids = second['result'].candidates[0].applications.map((a: Json) => a['id']);
    expect(ids).toContain(applied['id']);
    expect(ids).not.toContain(declined['id']);
  });
});
