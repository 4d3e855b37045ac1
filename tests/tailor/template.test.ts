import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Document, Packer, Paragraph } from 'docx';
import mammoth from 'mammoth';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { TemplateError } from '../../src/errors.js';
import { jobText } from '../../src/generate/job-text.js';
import { generateOffline } from '../../src/generate/offline.js';
import { checkTemplate, renderTemplate, templateData } from '../../src/tailor/template.js';
import { engineerProfile, makeJob } from '../generate/harness.js';
import { folded, pdfText } from '../generate/read-back.js';
import { FIXTURES, TEMPLATE } from './harness.js';

const run = promisify(execFile);

function tailored() {
  const profile = engineerProfile();
  return generateOffline({ profile, job: jobText(makeJob()), companyAbout: null }).resume;
}

const docxOf = (...paragraphs: (string | Paragraph)[]) =>
  Packer.toBuffer(
    new Document({
      sections: [
        { children: paragraphs.map((p) => (typeof p === 'string' ? new Paragraph({ text: p }) : p)) },
      ],
    }),
  );

async function refusal(bytes: Uint8Array): Promise<TemplateError> {
  try {
    checkTemplate('mine.docx', bytes);
  } catch (error) {
    if (error instanceof TemplateError) return error;
    throw error;
  }
  throw new Error('the template was accepted');
}

describe('the DOCX template', () => {
  it('fills the sample template: every tag replaced, each bullet its own Word list item, the styles kept', async () => {
    const resume = tailored();
    const template = await readFile(TEMPLATE);
    checkTemplate('resume-template.docx', template);
    const out = renderTemplate('resume-template.docx', template, templateData(resume));

    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(out) });
    expect(html).not.toMatch(/[{}]|undefined/);
    expect(html).toContain(resume.name);
    expect(html).toContain(`${resume.work[0]!.title}, ${resume.work[0]!.employer}`);
    for (const role of resume.work)
      for (const bullet of role.bullets) expect(html).toContain(`<li>${bullet.text}</li>`);
    const bullets = resume.work.flatMap((r) => r.bullets).length;
    const lists = html.match(/<li>/g)?.length ?? 0;
    expect(lists).toBe(bullets + resume.skills.length + resume.certifications.length);

    const xml = new PizZip(out).file('word/document.xml')!.asText();
    expect(xml).toContain('<w:pStyle w:val="PersonName"/>');
    expect(xml.match(/<w:numPr>/g)?.length).toBe(lists);
    // The template's own style definitions travel with the output.
    expect(new PizZip(out).file('word/styles.xml')!.asText()).toContain('w:styleId="PersonName"');
  });

  it('keeps an inline loop inline outside a list', async () => {
    const template = await docxOf('{name}', 'Skills: {#skills}{.}; {/skills}');
    const out = renderTemplate('inline.docx', template, templateData(tailored()));
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(out) });
    expect(value).toContain('Skills: TypeScript; ');
    expect(value.split('\n').filter((l) => l.startsWith('Skills:'))).toHaveLength(1);
  });

  it('names an unknown tag and the paragraph it is in, at the top level and inside a loop', async () => {
    const error = await refusal(
      await docxOf('{name}', '{fullname}', '{#work}', '{title} at {company}', '{/work}'),
    );
    expect(error.problems[0]).toBe(
      'unknown tag {fullname} at the top level (word/document.xml, paragraph 2 ("{fullname}"))',
    );
    expect(error.problems[1]).toBe(
      'unknown tag {company} inside {#work} (word/document.xml, paragraph 4 ("{title} at {company}"))',
    );
    expect(error.problems.at(-1)).toMatch(/the template may use: \{name\}/);
    expect(error.exitCode).toBe(2);
  });

  it('refuses a loop over an unknown name and a tag of the wrong loop', async () => {
    const error = await refusal(
      await docxOf('{#jobs}', '{title}', '{/jobs}', '{#education}{text}{/education}'),
    );
    expect(error.problems).toEqual([
      expect.stringMatching(/^unknown tag \{#jobs\} at the top level \(word\/document.xml, paragraph 1/),
      expect.stringMatching(/^unknown tag \{text\} inside \{#education\} \(word\/document.xml, paragraph 4/),
      expect.any(String),
    ]);
  });

  it("reports a broken loop with docxtemplater's own explanation and where it is", async () => {
    const unclosed = await refusal(await docxOf('{name}', '{#work}', '{title}'));
    expect(unclosed.problems).toEqual([
      'The loop with tag "work" is unclosed (word/document.xml, paragraph 2 ("{#work}"))',
    ]);
    const unopened = await refusal(await docxOf('{name}', '{title}{/work}'));
    expect(unopened.problems[0]).toMatch(/"work".*\(word\/document\.xml, paragraph 2/);
  });

  it('refuses a document without any tag: everyone would get the same file', async () => {
    const error = await refusal(await readFile(path.join(FIXTURES, 'maya-okafor.docx')));
    expect(error.problems[0]).toMatch(/^no tags at all/);
  });

  it('refuses a file that is not a DOCX', async () => {
    const error = await refusal(new TextEncoder().encode('just text'));
    expect(error.problems[0]).toMatch(/not a DOCX file/);
  });

  const soffice = ['/usr/bin/soffice', '/usr/local/bin/soffice'].find((p) => existsSync(p));
  it.skipIf(!soffice)(
    'opens in LibreOffice with the styles of the template',
    { timeout: 180_000 },
    async () => {
      const dir = await mkdtemp(path.join(tmpdir(), 'jm-soffice-'));
      try {
        const resume = tailored();
        const out = renderTemplate('resume-template.docx', await readFile(TEMPLATE), templateData(resume));
        await writeFile(path.join(dir, 'resume.docx'), out);
        // Its own profile folder, so a LibreOffice running elsewhere on the machine does not get the job.
        await run(
          soffice!,
          [
            `-env:UserInstallation=file://${dir}/profile`,
            '--headless',
            '--convert-to',
            'pdf',
            '--outdir',
            dir,
            path.join(dir, 'resume.docx'),
          ],
          { timeout: 120_000 },
        );
        const pdf = await readFile(path.join(dir, 'resume.pdf'));
        const { text } = await pdfText(pdf);
        expect(folded(text)).toContain(resume.name);
        expect(folded(text)).toContain(resume.work[0]!.bullets[0]!.text.slice(0, 30));
        // The template's headings and name are Liberation Serif Bold, its body Liberation Sans:
        // fonts the built-in renderer (Calibri) never asks for.
        const fonts = new Set(
          pdf
            .toString('latin1')
            .match(/\/BaseFont\s*\/[A-Z]{6}\+[\w-]+/g)
            ?.map((f) => f.split('+')[1]),
        );
        expect(fonts).toContain('LiberationSerif-Bold');
        expect(fonts).toContain('LiberationSans');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
  if (!soffice)
    console.warn('skipped the LibreOffice test: no soffice; apt-get install libreoffice-writer-nogui');
});
