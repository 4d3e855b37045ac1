import { describe, expect, it } from 'vitest';
import { aboutSection, createCompanyResearcher } from '../../src/generate/research.js';
import type { ScrapeContext } from '../../src/sources/types.js';
import { BACKEND_AD, makeJob } from './harness.js';

describe('company research', () => {
  it('reads the "About <company>" section of a description, up to the next heading', () => {
    expect(aboutSection(BACKEND_AD, 'Acme')).toBe('Acme runs the payment rails for small online shops.');
    const bold =
      '**About Vercel:** Vercel builds the frontend cloud.\nIt is remote-first.\n\n**What you will do:**\n- things';
    expect(aboutSection(bold, 'Vercel')).toBe('Vercel builds the frontend cloud. It is remote-first.');
    expect(aboutSection('### Who we are\nA team of 40.\n### The role\nBuild.', 'Other')).toBe(
      'A team of 40.',
    );
    expect(aboutSection('## The role\nBuild things about us.', 'Acme')).toBeNull();
  });

  it('asks the board once per company and shares the answer between its jobs', async () => {
    let calls = 0;
    const source = {
      about: async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return '  Acme builds   payment rails. ';
      },
    };
    const ctx = {} as ScrapeContext;
    const research = createCompanyResearcher();
    const answers = await Promise.all([
      research.researchCompany({ company: 'Acme', source, ctx, job: makeJob({ id: '1' }) }),
      research.researchCompany({ company: 'acme', source, ctx, job: makeJob({ id: '2' }) }),
      research.researchCompany({ company: 'Acme', source, ctx }),
    ]);
    expect(answers).toEqual([
      'Acme builds payment rails.',
      'Acme builds payment rails.',
      'Acme builds payment rails.',
    ]);
    expect(calls).toBe(1);
  });

  it('falls back to the description when the board has no blurb or fails', async () => {
    const research = createCompanyResearcher();
    const failing = { about: async () => Promise.reject(new Error('404')) };
    const ctx = {} as ScrapeContext;
    expect(await research.researchCompany({ company: 'Acme', source: failing, ctx, job: makeJob() })).toBe(
      'Acme runs the payment rails for small online shops.',
    );
    const silent = { about: async () => null };
    expect(
      await research.researchCompany({
        company: 'Globex',
        source: silent,
        ctx,
        job: makeJob({ company: 'Globex', description: 'No about here.' }),
      }),
    ).toBeNull();
  });
});
