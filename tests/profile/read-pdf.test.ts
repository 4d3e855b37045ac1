import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, resolveExecutablePath } from '../../src/infra/browser.js';
import { loadProfile } from '../../src/profile/index.js';
import { readPdf, unspaceLetters } from '../../src/profile/read-pdf.js';

/**
 * PDFs made here by real Chromium, in layouts the committed fixture does not have: employer and
 * place over title and dates in two columns, text bullets ("•" glyphs), letter-spaced headings,
 * a skills table, a second page, and a running footer.
 */
const HTML = `<!doctype html><html><head><meta charset="utf-8"><style>
  body { font-family: 'DejaVu Sans', sans-serif; font-size: 10pt; margin: 0; }
  h1 { font-size: 20pt; margin: 0; }
  h2 { font-size: 12pt; letter-spacing: 2px; text-transform: uppercase; margin: 16pt 0 4pt; }
  .row { display: flex; justify-content: space-between; }
  ul { list-style-type: '• '; margin: 2pt 0 8pt; }
  .page { break-before: page; }
  td { padding: 1pt 24pt 1pt 0; }
</style></head><body>
  <div class="row"><h1>Lena Fischer</h1><span>lena.fischer@example.com</span></div>
  <div class="row"><span>Machine Learning Engineer</span><span>+49 89 5550 7788</span></div>
  <div class="row"><span></span><span>Munich, Germany</span></div>
  <h2>Work History</h2>
  <div class="row"><b>Alpenwerk AI</b><span>Munich, Germany</span></div>
  <div class="row"><i>Senior Machine Learning Engineer</i><span>04/2022 – Present</span></div>
  <ul><li>Trained ranking models in PyTorch serving 5M users a day</li>
      <li>Built feature pipelines on GCP with Airflow and BigQuery</li></ul>
  <div class="row"><b>Datenfluss GmbH</b><span>Berlin, Germany</span></div>
  <div class="row"><i>Data Scientist</i><span>09/2019 – 03/2022</span></div>
  <ul><li>Forecast demand for 300 stores with scikit-learn</li></ul>
  <div class="page">
    <h2>Education</h2>
    <div class="row"><span>Ludwig Maximilian University of Munich</span><span>2013 – 2019</span></div>
    <div>M.Sc. Statistics</div>
    <h2>Skills</h2>
    <table>
      <tr><td>Languages</td><td>Python, SQL, Scala</td></tr>
      <tr><td>ML</td><td>PyTorch, scikit-learn, XGBoost</td></tr>
    </table>
  </div>
</body></html>`;

describe('unspaceLetters', () => {
  it.each([
    ['E X P E R I E N C E', 'EXPERIENCE'],
    ['E D U C AT I O N', 'EDUCATION'],
    ['W O R K  H I S T O R Y', 'WORK HISTORY'],
    ['I am a go', 'I am a go'],
    ['Senior Engineer', 'Senior Engineer'],
  ])('%s -> %s', (text, expected) => {
    expect(unspaceLetters(text)).toBe(expected);
  });
});

describe('readPdf with PDFs printed by Chromium', () => {
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    const executablePath = resolveExecutablePath({});
    browser = await chromium.launch({ args: CHROMIUM_ARGS, ...(executablePath ? { executablePath } : {}) });
    dir = await mkdtemp(path.join(tmpdir(), 'profile-pdf-'));
    const page = await browser.newPage();
    await page.setContent(HTML);
    file = path.join(dir, 'lena-fischer.pdf');
    // A running footer on both pages, as "print to PDF" adds: it must not end up in a section.
    const footerTemplate =
      '<div style="font-size:8px;width:100%;text-align:center">Lena Fischer · Résumé · ' +
      '<span class="pageNumber"></span>/<span class="totalPages"></span></div>';
    const margin = { top: '12mm', bottom: '15mm', left: '14mm', right: '14mm' };
    const pdf = await page.pdf({
      format: 'A4',
      margin,
      displayHeaderFooter: true,
      headerTemplate: '<span></span>',
      footerTemplate,
    });
    await writeFile(file, pdf);
  });
  afterAll(async () => {
    await browser?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('puts text runs back into lines: headings, column gaps, text bullets, both pages', async () => {
    const lines = await readPdf(file, new Uint8Array(await readFile(file)));
    const texts = lines.map((line) => line.text);
    expect(texts).toContain('Alpenwerk AI   Munich, Germany');
    expect(texts).toContain('Languages   Python, SQL, Scala');
    const bullet = lines.find((line) => line.text.startsWith('Trained ranking models'));
    expect(bullet?.bullet).toBe(true);
    // pdf.js writes letter-spaced text as "W O R K H I S T O RY": the letters are joined again
    // (the word space is lost, which the section finder allows for).
    expect(lines.find((line) => line.text === 'WORKHISTORY')?.level).toBe(2);
    expect(lines.find((line) => line.text === 'EDUCATION')?.level).toBe(2);
    expect(lines.find((line) => line.text === 'Lena Fischer   lena.fischer@example.com')?.level).toBe(1);
    expect(texts.some((text) => text.includes('Résumé'))).toBe(false);
    expect(texts.indexOf('EDUCATION')).toBeGreaterThan(
      texts.indexOf('Forecast demand for 300 stores with scikit-learn'),
    );
  });

  it('reads the whole profile', async () => {
    const profile = await loadProfile(file, { roles: [], keywords: [] });
    expect(profile.name).toBe('Lena Fischer');
    expect(profile.label).toBe('Machine Learning Engineer');
    expect(profile.contact).toMatchObject({
      email: 'lena.fischer@example.com',
      phone: '+49 89 5550 7788',
      location: 'Munich, Germany',
    });
    expect(profile.work).toEqual([
      {
        employer: 'Alpenwerk AI',
        title: 'Senior Machine Learning Engineer',
        location: 'Munich, Germany',
        startDate: '2022-04',
        endDate: null,
        bullets: [
          'Trained ranking models in PyTorch serving 5M users a day',
          'Built feature pipelines on GCP with Airflow and BigQuery',
        ],
      },
      {
        employer: 'Datenfluss GmbH',
        title: 'Data Scientist',
        location: 'Berlin, Germany',
        startDate: '2019-09',
        endDate: '2022-03',
        bullets: ['Forecast demand for 300 stores with scikit-learn'],
      },
    ]);
    expect(profile.education).toEqual([
      {
        institution: 'Ludwig Maximilian University of Munich',
        degree: 'M.Sc.',
        area: 'Statistics',
        startDate: '2013',
        endDate: '2019',
      },
    ]);
    expect(profile.skills).toEqual(['Python', 'SQL', 'Scala', 'PyTorch', 'scikit-learn', 'XGBoost']);
    expect(profile.targetRoles).toEqual(['Machine Learning Engineer', 'Data Scientist']);
    expect(profile.keywords).toEqual(
      expect.arrayContaining(['pytorch', 'google cloud', 'airflow', 'bigquery']),
    );
  });
});
