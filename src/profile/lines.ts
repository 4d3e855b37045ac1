/**
 * The shape every unstructured reader (Markdown, text, DOCX, PDF) hands to the shared parser: the
 * resume as lines, with what the format itself says about each (list item, heading, bold), so the
 * parser never has to know where a line came from.
 */
export interface ResumeLine {
  /** The line without its list marker or markup; column gaps kept as three spaces. */
  text: string;
  /** Began with a list marker, or was a list item. */
  bullet: boolean;
  /** Heading level when the format marks one (Markdown #, DOCX Heading n, larger PDF font). */
  level: number | null;
  /** The whole line is bold (a typical job or school line). */
  strong: boolean;
  /** Leading indentation in characters (text formats) or approximate characters (PDF). */
  indent: number;
  /** A blank line (or paragraph break) comes before it. */
  blankBefore: boolean;
}

/** Three spaces mark a column gap (tab, wide space, table cell) inside a line. */
export const COLUMN_GAP = '   ';

/**
 * List markers seen in resumes, including the private-use glyphs Word's Symbol and Wingdings
 * bullets become in extracted PDF text (U+F0B7, U+F0A7, ...).
 */
const BULLET_RE =
  /^[-*+•●○◦▪▫■□‣⁃∙➢➤►▶✓✔❖➔→–—\uF0B7\uF0A7\uF076\uF0D8\uF0FC\uF0A8\uF0E0]\s+|^[•●▪■‣\uF0B7\uF0A7](?=\S)|^\d{1,2}[.)]\s+/u;

/** Splits a leading list marker off `text` (already trimmed). */
export function stripBullet(text: string): { text: string; bullet: boolean } {
  const m = BULLET_RE.exec(text);
  return m ? { text: text.slice(m[0].length).trim(), bullet: true } : { text, bullet: false };
}

/** True for lines that are only decoration: rules, underlines, rows of stars or dots. */
export function isDecoration(text: string): boolean {
  return /^[\s=_*~#.·•\-–—+|]+$/u.test(text) && text.trim().length > 0;
}

/** Tabs and runs of 3+ spaces become one column gap; other whitespace runs collapse to a space. */
export function tidySpaces(text: string): string {
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/\s*\t+\s*|\s{3,}/g, COLUMN_GAP)
    .replace(/(?<! ) {2}(?! )/g, ' ')
    .trim();
}

/** Leading indentation of a raw line, tabs counted as four. */
export function indentOf(raw: string): number {
  const lead = /^[ \t]*/.exec(raw)![0];
  return lead.replace(/\t/g, '    ').length;
}

/** A line with defaults for what the caller does not set. */
export function makeLine(text: string, fields: Partial<Omit<ResumeLine, 'text'>> = {}): ResumeLine {
  return { text, bullet: false, level: null, strong: false, indent: 0, blankBefore: false, ...fields };
}

/**
 * Joins wrapped list items: a plain line right after a bullet, with no blank line between, that is
 * indented past the bullet or starts in lower case, continues that bullet.
 */
export function joinContinuations(lines: ResumeLine[]): ResumeLine[] {
  const out: ResumeLine[] = [];
  for (const line of lines) {
    const prev = out.at(-1);
    const continues =
      prev?.bullet === true &&
      !line.bullet &&
      line.level === null &&
      !line.blankBefore &&
      (line.indent > prev.indent || /^[a-z(]/.test(line.text));
    if (prev && continues) {
      out[out.length - 1] = { ...prev, text: joinWrapped(prev.text, line.text) };
    } else {
      out.push(line);
    }
  }
  return out;
}

/** Joins a wrapped line to the one before it; a word broken with a hyphen is rejoined. */
export function joinWrapped(first: string, second: string): string {
  if (/[a-z]-$/.test(first) && /^[a-z]/.test(second)) return first + second;
  return `${first} ${second}`;
}
