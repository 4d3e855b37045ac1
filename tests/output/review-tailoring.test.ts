import { describe, expect, it } from 'vitest';
import { generateOffline } from '../../src/generate/offline.js';
import { describeTailoring } from '../../src/generate/tailoring.js';
import { renderReviewPage } from '../../src/output/review-page.js';
import { ApplicationRecord } from '../../src/output/schemas.js';
import { engineerProfile } from '../generate/harness.js';
import { makeListing, makeRecord, makeSummary } from './fixtures/records.js';

describe('the review page shows what will be sent', () => {
  const profile = engineerProfile();
  const job = {
    company: 'Vectra',
    title: 'Senior Backend Engineer',
    description: 'We want TypeScript, PostgreSQL and <script>alert(1)</script> people.',
  };
  const { resume, coverLetter } = generateOffline({ profile, job, companyAbout: null });
  // A model rewords a bullet and quotes job text in the letter.
  const reworded = resume.work[0]!.bullets[0]!;
  const source = reworded.text;
  reworded.text = `Reworded: ${source}`;
  coverLetter.paragraphs.push('Your ad says <script>alert(1)</script> & more.');

  const record = makeRecord(
    makeListing({
      jobId: '75243',
      company: 'Vectra',
      workplace: 'hybrid',
      salary: { min: 60000, max: 97000, currency: 'USD', period: 'year', text: 'USD 60,000-97,000 a year' },
      validThrough: '2026-12-31T00:00:00.000Z',
    }),
  );
  record.generation!.tailoring = describeTailoring(profile, resume, coverLetter);
  // What merge reads back from job.json keeps it.
  const reread = ApplicationRecord.parse(JSON.parse(JSON.stringify(record)));
  const html = renderReviewPage(makeSummary(), [reread], new Map([[record.id, `# ${profile.name}\n\nraw`]]));

  it('renders the letter as paragraphs, not raw Markdown, with job text escaped', () => {
    expect(html).not.toContain(`# ${profile.name}`);
    expect(html).toContain(`<p>${coverLetter.greeting}</p>`);
    expect(html).toContain('Your ad says &lt;script&gt;alert(1)&lt;/script&gt; &amp; more.');
    expect(html).not.toContain('<script>alert(1)');
  });

  it('shows skills in the order sent, bullets chosen, a reworded bullet beside its source', () => {
    expect(html).toContain('Skills, in the order sent');
    expect(html).toContain(`was: ${source.replace(/&/g, '&amp;')}`);
    const tailoring = reread.generation!.tailoring!;
    expect(tailoring.skills.map((s) => s.name)).toEqual(resume.skills);
    const moved = tailoring.skills.find((s, i) => s.from !== null && s.from > i);
    if (moved) expect(html).toContain(`(up from ${moved.from! + 1})`);
    const total = profile.work.reduce((n, w) => n + w.bullets.length, 0);
    const used = tailoring.roles.reduce((n, r) => n + r.bullets.length + r.leftOut, 0);
    expect(used).toBe(total);
  });

  it('shows work mode, pay and deadline with the place', () => {
    expect(html).toContain('hybrid');
    expect(html).toContain('USD 60,000-97,000 a year');
    expect(html).toContain('apply by 2026-12-31');
  });
});
