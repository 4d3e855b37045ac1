import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { ProfileError } from '../errors.js';
import { findDateRange } from './dates.js';
import { COLUMN_GAP, joinWrapped, makeLine, type ResumeLine, stripBullet, tidySpaces } from './lines.js';

/**
 * PDF through pdf.js (legacy build, for Node): text runs are put back into lines by position,
 * wide horizontal gaps become column gaps, larger fonts become headings, lines indented under the
 * text become list items (browsers draw the bullet dots as shapes, not text), and lines that wrap
 * at the right margin are joined again.
 */

/** A resume longer than this is not read further; the first pages hold everything we use. */
const MAX_PAGES = 20;
/** Fewer visible characters than this and the PDF is an image (a scan or a photo). */
const MIN_TEXT_CHARS = 20;

interface PdfLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** A column gap inside the line (two-column layouts, right-aligned dates). */
  hasGap: boolean;
}

const isTextItem = (item: object): item is TextItem => 'str' in item;

/**
 * pdf.js is loaded on first use: its legacy build installs core-js polyfills over the native
 * JSON.parse, JSON.stringify and Array.prototype.push of the whole process (4-7x slower; bench
 * profiles showed them in every stage), so a run whose resume is not a PDF must not load it.
 */
let pdfjs: Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> | null = null;

function loadPdfjs(): Promise<typeof import('pdfjs-dist/legacy/build/pdf.mjs')> {
  pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjs;
}

/** A variable, so TypeScript does not look for types the worker build does not ship. */
const PDF_WORKER_MODULE = 'pdfjs-dist/legacy/build/pdf.worker.mjs';

/**
 * Loads pdf.js ahead of the first PDF, for a parse thread that exists only to read PDF and DOCX:
 * the load is the larger part of a cold thread's first file (bench workload (e)).
 */
export async function preloadPdfReader(): Promise<void> {
  await loadPdfjs();
  // In Node pdf.js runs its worker side in this thread, importing pdf.worker.mjs (some 2 MB of
  // code) on the first document; imported here, that import finds it in the module cache (the
  // same file). Without it a thread's first PDF paid the load (bench (e) profiles: 0.3-0.5 s).
  await import(PDF_WORKER_MODULE);
}

export async function readPdf(file: string, bytes: Uint8Array): Promise<ResumeLine[]> {
  const { getDocument, VerbosityLevel } = await loadPdfjs();
  const task = getDocument({ data: bytes, verbosity: VerbosityLevel.ERRORS, isEvalSupported: false });
  try {
    let doc: Awaited<typeof task.promise>;
    try {
      doc = await task.promise;
    } catch (error) {
      const name = (error as { name?: string }).name;
      if (name === 'PasswordException') {
        throw new ProfileError(
          file,
          'is password-protected (encrypted); save a copy without a password, or use DOCX/Markdown',
          { cause: error },
        );
      }
      throw new ProfileError(
        file,
        `is not a readable PDF (${(error as Error).message}); export it again, or use DOCX/Markdown`,
        { cause: error },
      );
    }
    const pages: PdfLine[][] = [];
    let chars = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const items = content.items.filter(isTextItem);
      chars += items.reduce((sum, item) => sum + item.str.replace(/\s/g, '').length, 0);
      pages.push(groupLines(items));
      page.cleanup();
    }
    if (chars < MIN_TEXT_CHARS) {
      throw new ProfileError(
        file,
        'has no text layer (it looks scanned or is an image); export a text PDF from your editor, or use DOCX/Markdown',
      );
    }
    return layoutLines(pages);
  } finally {
    await task.destroy();
  }
}

/**
 * pdf.js puts spaces between the glyphs of letter-spaced text ("E X P E R I E N C E"); wider
 * gaps between its words stay spaces.
 */
export function unspaceLetters(text: string): string {
  const tokens = text.trim().split(' ');
  const singles = tokens.filter((token) => token.length === 1).length;
  if (tokens.length < 4 || singles < tokens.length * 0.6 || tokens.some((token) => token.length > 2))
    return text;
  return text
    .trim()
    .split(/\s{2,}/)
    .map((word) => word.replace(/ /g, ''))
    .join(' ');
}

/** A piece of text pdf.js drew in one go, at its baseline position. */
interface Run {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

/** Runs of text grouped into lines, top to bottom, each line left to right. */
function groupLines(items: TextItem[]): PdfLine[] {
  const runs: Run[] = items
    .filter((item) => item.str.trim() !== '')
    .map((item) => ({
      str: unspaceLetters(item.str),
      x: Number(item.transform[4]),
      y: Number(item.transform[5]),
      width: item.width,
      size: item.height || Math.abs(Number(item.transform[3])) || 10,
    }))
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: Run[][] = [];
  for (const run of runs) {
    const group = groups.at(-1);
    if (group && Math.abs(group[0]!.y - run.y) <= Math.max(run.size, group[0]!.size) * 0.5) group.push(run);
    else groups.push([run]);
  }
  return groups.map(joinRuns);
}

/**
 * One line's runs as text. A wide gap is a column gap; a small one a space. Letter-spaced text
 * ("E X P E R I E N C E", one run per glyph) gets a space only where the gap is clearly wider
 * than the gap between its letters.
 */
function joinRuns(group: Run[]): PdfLine {
  group.sort((a, b) => a.x - b.x);
  const size = Math.max(...group.map((run) => run.size));
  const gaps = group.slice(1).map((run, i) => run.x - (group[i]!.x + group[i]!.width));
  const singles = group.filter((run) => run.str.trim().length === 1).length;
  const letterSpaced = group.length >= 4 && singles >= group.length * 0.6;
  const letterGap = letterSpaced ? [...gaps].sort((a, b) => a - b)[Math.floor(gaps.length / 2)]! : 0;
  let text = group[0]!.str;
  let hasGap = false;
  let end = group[0]!.x + group[0]!.width;
  group.slice(1).forEach((run, i) => {
    const gap = gaps[i]!;
    if (gap > size * 2) {
      text += COLUMN_GAP;
      hasGap = true;
    } else if (letterSpaced ? gap > letterGap + size * 0.2 : gap > size * 0.15) {
      if (!text.endsWith(' ') && !run.str.startsWith(' ')) text += ' ';
    }
    text += run.str;
    end = Math.max(end, run.x + run.width);
  });
  return { text: tidySpaces(text), x: group[0]!.x, right: end, y: group[0]!.y, size, hasGap };
}

/** Heading levels from font sizes across the whole document, so page 2's headings match page 1's. */
function headingLevels(lines: PdfLine[]): (line: PdfLine) => number | null {
  const round = (size: number): number => Math.round(size * 2) / 2;
  // The body font is the one most text is set in; anything clearly larger is a heading.
  const weight = new Map<number, number>();
  for (const line of lines)
    weight.set(round(line.size), (weight.get(round(line.size)) ?? 0) + line.text.length);
  const bodySize = [...weight.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const headingSizes = [...weight.keys()].filter((size) => size > bodySize * 1.15).sort((a, b) => b - a);
  return (line) => {
    const index = headingSizes.indexOf(round(line.size));
    return index === -1 ? null : index + 1;
  };
}

const PAGE_NUMBER = /^(?:page\s+)?\d{1,3}(?:\s*(?:\/|of)\s*\d{1,3})?$/i;

/**
 * Drops page furniture: page numbers, and lines that repeat on every page (a running header or
 * footer such as "Maya Okafor - Resume"), which would otherwise land inside a section.
 */
function withoutFurniture(pages: PdfLine[][]): PdfLine[][] {
  const key = (line: PdfLine): string => line.text.replace(/\d+/g, '#').toLowerCase();
  const onEveryPage = new Set<string>();
  if (pages.length >= 2) {
    const counts = new Map<string, number>();
    for (const page of pages) for (const k of new Set(page.map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
    for (const [k, count] of counts) if (count === pages.length) onEveryPage.add(k);
  }
  return pages.map((page) =>
    page.filter((line) => !PAGE_NUMBER.test(line.text) && !onEveryPage.has(key(line))),
  );
}

function layoutLines(pages: PdfLine[][]): ResumeLine[] {
  const content = withoutFurniture(pages);
  const levelOf = headingLevels(content.flat());
  return content.flatMap((page) => pageLines(page, levelOf));
}

function pageLines(raw: PdfLine[], levelOf: (line: PdfLine) => number | null): ResumeLine[] {
  if (raw.length === 0) return [];
  const body = raw.filter((line) => levelOf(line) === null);
  const left = Math.min(...(body.length > 0 ? body : raw).map((line) => line.x));
  const right = Math.max(...raw.map((line) => line.right));

  // Lines that wrapped at the right margin continue on the next line at the same x.
  const joined: PdfLine[] = [];
  for (const line of raw) {
    const prev = joined.at(-1);
    const wrapped =
      prev !== undefined &&
      !prev.hasGap &&
      !line.hasGap &&
      levelOf(prev) === null &&
      Math.abs(prev.size - line.size) < 0.5 &&
      Math.abs(prev.x - line.x) < 2 &&
      prev.right > right - (right - left) * 0.12 &&
      prev.y - line.y <= line.size * 1.6;
    if (prev && wrapped) {
      joined[joined.length - 1] = {
        ...prev,
        text: joinWrapped(prev.text, line.text),
        right: line.right,
        y: line.y,
      };
    } else {
      joined.push({ ...line });
    }
  }

  return joined.map((line, i) => {
    const level = levelOf(line);
    const { text, bullet: marked } = stripBullet(line.text);
    const indentPt = line.x - left;
    const indented = level === null && indentPt > 6 && indentPt <= 60 && findDateRange(text) === null;
    const prev = joined[i - 1];
    return makeLine(text, {
      bullet: marked || indented,
      level,
      indent: Math.max(0, Math.round(indentPt / (line.size * 0.5))),
      blankBefore: i === 0 || (prev !== undefined && prev.y - line.y > line.size * 1.8),
    });
  });
}
