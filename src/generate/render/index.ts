import type { Services } from '../../app/services.js';
import { describeError } from '../../errors.js';
import type { GenerationResult, RenderedFile } from '../types.js';
import { coverLetterDocx, resumeDocx } from './docx-thread.js';
import { coverLetterHtml, resumeHtml } from './html.js';
import { coverLetterMarkdown, resumeMarkdown } from './markdown.js';
import { htmlToPdf } from './pdf.js';

/** The files, plus what could not be made (PDFs when Chromium cannot start). */
export type RenderedFiles = RenderedFile[] & { warnings: string[] };

export interface RenderOptions {
  /** Default true. */
  pdf?: boolean;
}

/**
 * resume.md, resume.docx, resume.pdf, cover-letter.md, cover-letter.docx, cover-letter.pdf.
 * A PDF failure (no Chromium, a crash) is not the job's failure: the PDFs are left out and the
 * reason is in `warnings`; the Markdown and DOCX are always there. Only a bug throws.
 */
export async function renderApplicationFiles(
  result: GenerationResult,
  deps: Pick<Services, 'browser'>,
  opts: RenderOptions = {},
): Promise<RenderedFiles> {
  const { resume, coverLetter } = result;
  // Both documents are sent to the DOCX thread at once; the Markdown is made while it works.
  const docx = Promise.all([resumeDocx(resume), coverLetterDocx(coverLetter, resume)]);
  const resumeMd = resumeMarkdown(resume);
  const letterMd = coverLetterMarkdown(coverLetter, resume);
  const [resumeDoc, letterDoc] = await docx;
  const files: RenderedFile[] = [
    { name: 'resume.md', data: resumeMd },
    { name: 'resume.docx', data: resumeDoc },
    { name: 'cover-letter.md', data: letterMd },
    { name: 'cover-letter.docx', data: letterDoc },
  ];
  const warnings: string[] = [];
  if (opts.pdf !== false) {
    try {
      const [resumePdf, letterPdf] = await Promise.all([
        htmlToPdf(resumeHtml(resume), deps.browser),
        htmlToPdf(coverLetterHtml(coverLetter, resume), deps.browser),
      ]);
      files.splice(2, 0, { name: 'resume.pdf', data: resumePdf });
      files.push({ name: 'cover-letter.pdf', data: letterPdf });
    } catch (error) {
      warnings.push(
        `PDFs not written: ${describeError(error)}; install Chromium or set browser.executable_path (Markdown and DOCX are written)`,
      );
    }
  }
  return Object.assign(files, { warnings });
}
