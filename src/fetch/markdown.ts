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
  }
  return service;
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
