import { load } from 'cheerio';
import MarkdownIt from 'markdown-it';

/**
 * Renders Markdown with a real CommonMark renderer (markdown-it's strict `commonmark` preset) and
 * names what a reader of the rendered page would see wrongly: emphasis delimiters shown as literal
 * characters, and heading or list lines that did not render as headings or list items.
 */
const md = new MarkdownIt('commonmark');

const count = (text: string, needle: RegExp): number => (text.match(needle) ?? []).length;

export interface RenderCheck {
  html: string;
  problems: string[];
}

/**
 * `sourceText` is the text the description's author wrote (its HTML's text content): a `*` or `_`
 * that is there is the author's, one beyond those is a delimiter the renderer did not take.
 */
export function checkRendered(markdown: string, sourceText: string): RenderCheck {
  const html = md.render(markdown);
  const shown = load(html).text();
  const problems: string[] = [];
  for (const [name, marker] of [
    ['**', /\*\*/g],
    ['__', /__/g],
    ['*', /\*/g],
    ['_', /_/g],
  ] as const) {
    const extra = count(shown, marker) - count(sourceText, marker);
    if (extra > 0) {
      const lines = shown.split('\n').filter((l) => l.includes(name));
      problems.push(`${extra} literal "${name}" shown: ${lines.slice(0, 3).join(' | ')}`);
    }
  }
  // Code is shown as written, and "* * *" is a thematic break, not a list item.
  const outsideCode = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/^ *([-*_])(?: *\1){2,} *$/gm, '');
  const headingLines = count(outsideCode, /^#{1,6} \S/gm);
  const headings = count(html, /<h[1-6]>/g);
  if (headings !== headingLines)
    problems.push(`${headingLines} heading lines, ${headings} headings rendered`);
  const itemLines = count(outsideCode, /^ *(?:[-*+]|\d{1,9}[.)]) \S/gm);
  const items = count(html, /<li>/g);
  if (items !== itemLines) problems.push(`${itemLines} list item lines, ${items} list items rendered`);
  return { html, problems };
}

/** The text a reader sees in HTML (tags gone, entities decoded). */
export function htmlText(html: string): string {
  return load(html).text();
}
