import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { researchCustomer } from '../../src/tailor/research.js';
import { ACME_ABOUT, JOB_MD, type TailorHarness, tailorHarness } from './harness.js';

describe('customer research', () => {
  let h: TailorHarness;
  beforeEach(async () => {
    h = await tailorHarness();
  });
  afterEach(() => h.close());

  const research = (companyUrl: string | null, ttlMs?: number) =>
    researchCustomer(
      { company: 'Acme', jobText: JOB_MD, jobUrl: null, companyUrl },
      h.services,
      h.task('t').ctx,
      {
        cache: h.researchCache,
        ...(ttlMs === undefined ? {} : { ttlMs }),
      },
    );

  it("joins the job's About section and the company page's readable text, without the site's chrome", async () => {
    const found = await research(h.companyUrl);
    expect(found.about).toContain('Acme builds payment infrastructure for small online shops.');
    expect(found.about).toContain(ACME_ABOUT);
    expect(found.about).not.toMatch(/cookies|All rights reserved|Privacy/);
    expect(found.sources).toEqual([
      { kind: 'job-text', url: null },
      { kind: 'company-page', url: h.companyUrl },
    ]);
    expect(found.cached).toBe(false);
  });

  it('keeps the research for the TTL, then asks again', async () => {
    await research(h.companyUrl, 60_000);
    h.clock.advance(59_000);
    expect((await research(h.companyUrl, 60_000)).cached).toBe(true);
    expect(h.researchRequests()).toBe(1);
    h.clock.advance(1_000);
    expect((await research(h.companyUrl, 60_000)).cached).toBe(false);
    expect(h.researchRequests()).toBe(2);
  });

  it('goes on without a page that cannot be read, says why, and does not cache the gap', async () => {
    const missing = `${h.sim.origin}/careers/nobody/about`;
    const found = await research(missing);
    expect(found.about).toBe('Acme builds payment infrastructure for small online shops.');
    expect(found.warnings).toEqual([expect.stringContaining(`${missing}: cannot be read`)]);
    expect(h.logger.records.some((r) => r.level === 'warn' && r.message.includes(missing))).toBe(true);
    expect((await research(missing)).cached).toBe(false);
  });

  it('researches again when the cache entry is damaged', async () => {
    await research(h.companyUrl);
    const [entry] = await h.researchCache.list('research/');
    await h.researchCache.write(entry!.name, '{"version": 1, "research": {');
    const again = await research(h.companyUrl);
    expect(again.cached).toBe(false);
    expect(h.researchRequests()).toBe(2);
    expect(h.logger.records.some((r) => r.message.includes('unreadable cache entry'))).toBe(true);
  });
});
