import { decodeHTML } from 'entities';
import TurndownService from 'turndown';
import type { JobText } from '../sources/types.js';

/**
 * Every description ends up as the same clean Markdown, whatever the board sent: real HTML,
 * entity-escaped HTML (Greenhouse `content`, some JSON-LD), Markdown or plain text.
 */

/** Elements that never carry description text: code, chrome, widgets and media. */
const NEVER_TEXT = new Set([
  'script',
  'style',
  'nav',
  'noscript',
  'template',
  'iframe',
  'svg',
  'form',
  'button',
  'select',
  'textarea',
  'input',
  'img',
  'picture',
  'video',
  'audio',
  'canvas',
  'object',
  'embed',
  'link',
  'meta',
]);

let service: TurndownService | undefined;

function turndown(): TurndownService {
  if (!service) {
    service = new TurndownService({
      headingStyle: 'atx',
      bulletListMarker: '-',
      codeBlockStyle: 'fenced',
      emDelimiter: '_',
      strongDelimiter: '**',
    });
    service.remove((node) => NEVER_TEXT.has(node.nodeName.toLowerCase()));
    // One space after the marker, continuation lines aligned under the text: turndown's own
    // rule pads "-   item", which renders the same but reads worse in description.md and prompts.
    service.addRule('listItem', { filter: 'li', replacement: listItem });
    // remove() yields to turndown's own rules, and images have one: tracking pixels and logos
    // are no part of a description.
    service.addRule('noImages', { filter: ['img', 'picture'], replacement: () => '' });
    service.addRule('strong', { filter: ['strong', 'b'], replacement: emphasis('strong') });
    service.addRule('emphasis', { filter: ['em', 'i'], replacement: emphasis('em') });
  }
  return service;
}

const PUNCTUATION = /[\p{P}\p{S}]/u;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const STRONG = new Set(['STRONG', 'B']);
const EM = new Set(['EM', 'I']);
/** Inline elements a neighbour is looked for across; a block ends the search. */
const INLINE = new Set([
  'A',
  'SPAN',
  'STRONG',
  'B',
  'EM',
  'I',
  'U',
  'FONT',
  'SMALL',
  'MARK',
  'SUP',
  'SUB',
  'CODE',
]);

/**
 * The character right before or after a node as a reader sees it: across empty siblings and out
 * of inline wrappers ("<span><b>Label:</b></span>Text"), stopping at the edge of the block.
 */
function neighbourChar(node: Node, side: 'previous' | 'next'): string {
  let current: Node | null = node;
  while (current) {
    let sibling = side === 'previous' ? current.previousSibling : current.nextSibling;
    while (sibling) {
      if (sibling.nodeName === 'BR') return '\n';
      const text = sibling.textContent ?? '';
      if (text) return side === 'previous' ? text.slice(-1) : text.slice(0, 1);
      sibling = side === 'previous' ? sibling.previousSibling : sibling.nextSibling;
    }
    current = current.parentNode;
    if (!current || !INLINE.has(current.nodeName)) return '';
  }
  return '';
}

/** True when the sibling on that side is emphasis of the same kind with text: the two are one run. */
function continues(node: Node, side: 'previous' | 'next', kind: Set<string>): boolean {
  const sibling = side === 'previous' ? node.previousSibling : node.nextSibling;
  return sibling !== null && kind.has(sibling.nodeName) && (sibling.textContent ?? '').trim() !== '';
}

/**
 * Emphasis that CommonMark renders as emphasis (spec 0.31, section 6.2), checked with markdown-it
 * on the real captures (tests/pipeline/description-render.test.ts):
 * - a closing delimiter after punctuation must be followed by a space or punctuation
 *   ("**REQUIREMENTS:**Department" shows its asterisks), and an opening one before punctuation must
 *   follow one: where the board's HTML glues the words, a space is put in;
 * - whitespace and line breaks at the edges go outside the delimiters ("**Label:  \n**" is literal);
 * - "_" never opens or closes inside a word ("un_believ_able"), so emphasis against a letter uses "*";
 * - adjacent elements of one kind ("<b>Salary:</b><b>$100k</b>") are one run, not "****".
 */
function emphasis(kind: 'strong' | 'em'): (content: string, node: Node) => string {
  const names = kind === 'strong' ? STRONG : EM;
  return (content, node) => {
    if (!content.trim()) return content;
    const lead = /^\s*/.exec(content)?.[0] ?? '';
    const trail = /\s*$/.exec(content)?.[0] ?? '';
    const core = content.slice(lead.length, content.length - trail.length);
    const before = lead ? ' ' : neighbourChar(node, 'previous');
    const after = trail ? ' ' : neighbourChar(node, 'next');
    const openRun = !continues(node, 'previous', names);
    const closeRun = !continues(node, 'next', names);
    const openSpace = openRun && PUNCTUATION.test(core.charAt(0)) && WORD_CHAR.test(before) ? ' ' : '';
    const closeSpace = closeRun && PUNCTUATION.test(core.slice(-1)) && WORD_CHAR.test(after) ? ' ' : '';
    const intraword = (!openSpace && WORD_CHAR.test(before)) || (!closeSpace && WORD_CHAR.test(after));
    const delimiter = kind === 'strong' ? '**' : intraword ? '*' : '_';
    const open = openRun ? `${openSpace}${delimiter}` : '';
    const close = closeRun ? `${delimiter}${closeSpace}` : '';
    return `${lead}${open}${core}${close}${trail}`;
  };
}

function listItem(content: string, node: HTMLElement): string {
  const parent = node.parentNode as HTMLElement | null;
  let marker = '-';
  if (parent?.nodeName === 'OL') {
    const start = Number.parseInt(parent.getAttribute('start') ?? '1', 10);
    const index = Array.prototype.indexOf.call(parent.children, node) as number;
    marker = `${(Number.isNaN(start) ? 1 : start) + index}.`;
  }
  const indent = ' '.repeat(marker.length + 1);
  const body = content
    .replace(/^\n+/, '')
    .replace(/\n+$/, '\n')
    .replace(/\n(?=.)/g, `\n${indent}`);
  return `${marker} ${body}${node.nextSibling && !body.endsWith('\n') ? '\n' : ''}`;
}

/** A real tag, as opposed to a "<" in prose ("5 < 10") or an escaped one ("&lt;p&gt;"). */
const TAG = /<\/?[a-z][a-z0-9-]*(\s[^<>]*)?\/?>/i;
const ESCAPED_TAG = /&lt;\/?[a-z][a-z0-9-]*(\s|&gt;|\/)/i;

/** True when the text is HTML whose tags were escaped once more (Greenhouse `content`). */
export function isEscapedHtml(text: string): boolean {
  return !TAG.test(text) && ESCAPED_TAG.test(text);
}

/** Blank lines collapsed, whitespace-only lines emptied, non-breaking spaces made plain. */
export function tidyMarkdown(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .replace(/\u00a0/g, ' ')
    .replace(/[\u200b\ufeff]/g, '')
    .replace(/^[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** HTML (or entity-escaped HTML) to clean Markdown: no tags, entities decoded. */
export function htmlToMarkdown(html: string): string {
  const source = isEscapedHtml(html) ? decodeHTML(html) : html;
  return tidyMarkdown(turndown().turndown(source));
}

/** Plain text kept as it is (its line breaks matter), entities that leaked in decoded. */
export function textToMarkdown(text: string): string {
  return tidyMarkdown(decodeHTML(text));
}

/**
 * A description of unknown format (JSON-LD `description`, a JSON field): HTML when it has tags
 * or escaped tags, else text.
 */
export function anyToMarkdown(content: string): string {
  return TAG.test(content) || isEscapedHtml(content) ? htmlToMarkdown(content) : textToMarkdown(content);
}

/** A board's JobText as Markdown. HTML labelled as text still loses its tags. */
export function jobTextToMarkdown(text: JobText): string {
  switch (text.format) {
    case 'html':
      return htmlToMarkdown(text.content);
    case 'markdown':
      return tidyMarkdown(text.content);
    default:
      return anyToMarkdown(text.content);
  }
}
