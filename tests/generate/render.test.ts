import { afterAll, describe, expect, it } from 'vitest';
import { BrowserConfig } from '../../src/config/schema.js';
import { checkFacts } from '../../src/generate/fact-guard.js';
import { generateOffline } from '../../src/generate/offline.js';
import { estimateLines } from '../../src/generate/page-fit.js';
import { PROMPT_VERSION } from '../../src/generate/prompt.js';
import { renderApplicationFiles } from '../../src/generate/render/index.js';
import type { GenerationResult } from '../../src/generate/types.js';
import { LazyBrowser } from '../../src/infra/browser.js';
import type { Profile } from '../../src/profile/types.js';
import { BACKEND_AD, engineerProfile, longCareerProfile, sampleProfile } from './harness.js';
import { docxText, folded, pdfText } from './read-back.js';

const browser = new LazyBrowser(BrowserConfig.parse({ executable_path: '/usr/bin/chromium' }));
afterAll(() => browser.close());

const JOB = { company: 'Acme', title: 'Backend Engineer', description: BACKEND_AD };

function resultFor(profile: Profile): GenerationResult {
  const { resume, coverLetter } = generateOffline({ profile, job: JOB, companyAbout: null });
  return {
    resume,
    coverLetter,
    generator: 'offline',
    model: null,
    fallbackReason: null,
    usage: { promptTokens: 0, completionTokens: 0, costUsd: 0 },
    factGuard: { passed: true, violations: [], rejectedAttempts: 0, rejectedViolations: [] },
    cached: false,
    promptVersion: PROMPT_VERSION,
  };
}

const file = (files: Array<{ name: string; data: string | Uint8Array }>, name: string) => {
  const found = files.find((f) => f.name === name);
  if (!found) throw new Error(`no ${name} among ${files.map((f) => f.name).join(', ')}`);
  return found.data;
};

describe('application files', () => {
  it('writes Markdown, DOCX and PDF for resume and cover letter, readable with real readers', async () => {
    const result = resultFor(engineerProfile());
    const files = await renderApplicationFiles(result, { browser });
    expect(files.map((f) => f.name)).toEqual([
      'resume.md',
      'resume.docx',
      'resume.pdf',
      'cover-letter.md',
      'cover-letter.docx',
      'cover-letter.pdf',
    ]);
    expect(files.warnings).toEqual([]);

    const md = file(files, 'resume.md') as string;
    expect(md).toMatch(/^# Dana Okafor\n/);
    expect(md).toContain('### Senior Backend Engineer, Paylane');
    expect(md).toContain('*Mar 2021 – Present | Berlin*');
    expect(md).toContain(
      '- Cut p99 latency of the payments API by 40% by moving hot paths to PostgreSQL partial indexes',
    );

    const docx = await docxText(file(files, 'resume.docx') as Uint8Array);
    expect(docx).toContain('Dana Okafor');
    expect(docx).toContain('dana@example.com | +49 30 1234567 | Berlin, Germany');
    for (const heading of ['Summary', 'Skills', 'Experience', 'Education', 'Projects', 'Certifications']) {
      expect(docx).toContain(heading);
    }
    expect(docx).toContain('Senior Backend Engineer, Paylane');
    expect(docx).toContain(
      'Built a Node.js event pipeline on AWS that processes 2,000,000 transactions a day',
    );
    expect(docx).toContain('BSc, Computer Science, TU Berlin | 2013 – 2017');

    const letterDocx = await docxText(file(files, 'cover-letter.docx') as Uint8Array);
    expect(letterDocx).toContain('Dear Acme hiring team,');
    for (const p of result.coverLetter.paragraphs) expect(letterDocx).toContain(p);
    expect(letterDocx).toContain('Sincerely,');

    const pdf = await pdfText(file(files, 'resume.pdf') as Uint8Array);
    expect(pdf.pages).toBe(1);
    const pdfFlat = folded(pdf.text);
    expect(pdfFlat).toContain('Dana Okafor');
    expect(pdfFlat).toContain('Senior Backend Engineer, Paylane');
    expect(pdfFlat).toContain('Cut p99 latency of the payments API by 40%');
    const letterPdf = folded((await pdfText(file(files, 'cover-letter.pdf') as Uint8Array)).text);
    expect(letterPdf).toContain('Dear Acme hiring team,');
    expect(letterPdf).toContain(folded(result.coverLetter.paragraphs.at(-1)!));
  });

  it('escapes text that would be markup in Markdown and HTML', async () => {
    const profile = sampleProfile();
    profile.work[0]!.bullets = ['Shipped <script>alert(1)</script> *fast* & [safely]'];
    const files = await renderApplicationFiles(resultFor(profile), { browser });
    expect(file(files, 'resume.md')).toContain(
      '- Shipped \\<script\\>alert(1)\\</script\\> \\*fast\\* & \\[safely\\]',
    );
    const pdf = folded((await pdfText(file(files, 'resume.pdf') as Uint8Array)).text);
    expect(pdf).toContain('Shipped <script>alert(1)</script> *fast* & [safely]');
  });

  it('keeps a long career within two pages, trimming only the least relevant lines', async () => {
    const profile = longCareerProfile();
    const result = resultFor(profile);
    expect(estimateLines(result.resume)).toBeLessThanOrEqual(2 * 46);
    const kept = result.resume.work.reduce((n, r) => n + r.bullets.length, 0);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(15 * 6);
    // Trimming drops lines; it never changes what is left.
    expect(checkFacts({ ...result, profile, job: JOB, now: new Date('2026-11-20') }).passed).toBe(true);
    const files = await renderApplicationFiles(result, { browser });
    const pdf = await pdfText(file(files, 'resume.pdf') as Uint8Array);
    expect(pdf.pages).toBeLessThanOrEqual(2);
    expect(folded(pdf.text)).toContain('Backend Engineer, Company A');
  });

  it('leaves PDFs out when asked, and says why when Chromium cannot start', async () => {
    const result = resultFor(engineerProfile());
    const noPdf = await renderApplicationFiles(result, { browser }, { pdf: false });
    expect(noPdf.map((f) => f.name)).toEqual([
      'resume.md',
      'resume.docx',
      'cover-letter.md',
      'cover-letter.docx',
    ]);
    expect(noPdf.warnings).toEqual([]);

    const missing = new LazyBrowser(
      BrowserConfig.parse({ executable_path: '/nonexistent/chromium', timeout_ms: 5_000 }),
    );
    try {
      const files = await renderApplicationFiles(result, { browser: missing });
      expect(files.map((f) => f.name)).toEqual([
        'resume.md',
        'resume.docx',
        'cover-letter.md',
        'cover-letter.docx',
      ]);
      expect(files.warnings).toHaveLength(1);
      expect(files.warnings[0]).toMatch(
        /^PDFs not written: .*install Chromium or set browser.executable_path/,
      );
    } finally {
      await missing.close();
    }
  });
});
