import {
  COLUMN_GAP,
  indentOf,
  isDecoration,
  makeLine,
  type ResumeLine,
  stripBullet,
  tidySpaces,
} from './lines.js';

/**
 * Markdown and plain text to resume lines. Markdown gives headings, list items and bold lines;
 * plain text gives list markers, underlines ("Experience" over "-----") and indentation.
 */

/** `[text](url)` -> the url when the text is the url itself, else "text (url)". */
function unlink(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g, (_m, label: string, url: string) => {
      const bare = (s: string): string => s.replace(/^(?:https?:\/\/)?(?:www\.)?|\/$/g, '').toLowerCase();
      if (label === '' || bare(label) === bare(url)) return url;
      return `${label} (${url})`;
    })
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1');
}

/** Bold, italic and code marks removed; a word's inner underscores and stars are left alone. */
function unemphasise(text: string): string {
  return text
    .replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2')
    .replace(/(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])/g, '$1')
    .replace(/(?<![\w_])_(?=\S)(.+?)(?<=\S)_(?![\w_])/g, '$1')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1');
}

/** True when the whole line is one bold span ("**Acme Corp**"). */
const isWholeBold = (text: string): boolean => /^(\*\*|__)(?:(?!\1).)+\1$/.test(text);

export function markdownToLines(source: string): ResumeLine[] {
  const lines: ResumeLine[] = [];
  let blank = true;
  let inFence = false;
  let inComment = false;
  for (const raw of source.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const trimmed = raw.trim();
    if (inComment) {
      if (trimmed.includes('-->')) inComment = false;
      continue;
    }
    if (trimmed.startsWith('<!--')) {
      inComment = !trimmed.includes('-->');
      continue;
    }
    if (/^(?:```|~~~)/.test(trimmed)) {
      inFence = !inFence;
      continue;
    }
    if (trimmed === '') {
      blank = true;
      continue;
    }
    // Setext heading: "Experience" underlined with === or ---.
    const prev = lines.at(-1);
    if (/^(?:=+|-+)$/.test(trimmed) && prev && !blank && !prev.bullet && prev.level === null) {
      prev.level = trimmed.startsWith('=') ? 1 : 2;
      continue;
    }
    if (/^(?:[-*_]\s*){3,}$/.test(trimmed) || /^\|?[\s:|-]+\|[\s:|-]*$/.test(trimmed)) {
      blank = true;
      continue;
    }
    const indent = indentOf(raw);
    let text = unlink(trimmed.replace(/^>\s?/, ''));
    let level: number | null = null;
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(text);
    if (heading && !inFence) {
      level = heading[1]!.length;
      text = heading[2]!;
    }
    if (text.startsWith('|'))
      text = text
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((cell) => cell.trim())
        .join(COLUMN_GAP);
    const { text: body, bullet } = level === null ? stripBullet(text) : { text, bullet: false };
    const strong = isWholeBold(body);
    const clean = tidySpaces(unemphasise(body.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '')));
    if (clean === '') continue;
    lines.push(makeLine(clean, { bullet, level, strong, indent, blankBefore: blank }));
    blank = false;
  }
  return lines;
}

export function plainTextToLines(source: string): ResumeLine[] {
  const lines: ResumeLine[] = [];
  let blank = true;
  for (const raw of source.replace(/^\uFEFF/, '').split(/\r?\n|\f/)) {
    const trimmed = raw.trim();
    if (trimmed === '') {
      blank = true;
      continue;
    }
    const prev = lines.at(-1);
    if (isDecoration(trimmed)) {
      // An underline makes the line above a heading; any other rule is only a separator.
      if (prev && !blank && /^(?:=+|-+|_+|~+)$/.test(trimmed) && !prev.bullet) prev.level ??= 2;
      blank = true;
      continue;
    }
    const { text, bullet } = stripBullet(trimmed);
    lines.push(makeLine(tidySpaces(text), { bullet, indent: indentOf(raw), blankBefore: blank }));
    blank = false;
  }
  return lines;
}

/** Markdown saved as .txt is common; its markup would otherwise end up in names and titles. */
function looksLikeMarkdown(source: string): boolean {
  return (
    /^#{1,6}\s+\S/m.test(source) || /\*\*[^*\n]+\*\*/.test(source) || /\[[^\]\n]+\]\(https?:/.test(source)
  );
}

/** A .txt resume: read as Markdown when it is written in Markdown, else as plain text. */
export function textToLines(source: string): ResumeLine[] {
  return looksLikeMarkdown(source) ? markdownToLines(source) : plainTextToLines(source);
}
