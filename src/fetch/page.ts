import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { jsonDescription, pageJobPostingDescription, parseLenient } from './jsonld.js';
import { anyToMarkdown, htmlToMarkdown, textToMarkdown } from './markdown.js';

/** What one posting page gave: Markdown and where in the page it came from, or why not. */
export type PageReading =
  | { ok: true; markdown: string; source: 'jsonld' | 'page' }
  | { ok: false; reason: string };

/** The parts of an HTTP answer a page reading needs. */
export interface PageResponse {
  /** The final URL, after redirects: relative links resolve against it. */
  url: string;
  contentType: string | null;
  text: string;
}

/**
 * Site chrome and widgets, removed before looking for the readable content: a page whose only
 * text is its menu and footer has no description, and must not be read as if it had one.
 */
const CHROME = [
  'script',
  'style',
  'noscript',
  'template',
  'header',
  'footer',
  'nav',
  'aside',
  'form',
  'dialog',
  '[role="navigation"]',
  '[role="banner"]',
  '[role="contentinfo"]',
  '[role="complementary"]',
  '[role="dialog"]',
  '[aria-hidden="true"]',
].join(',');

const LINK_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

const MAIN = 'main, [role="main"], article';

type PageKind = 'html' | 'json' | 'text' | 'other';

function kindOf(contentType: string | null, body: string): PageKind {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/json' || type.endsWith('+json')) return 'json';
  if (type === 'text/plain' || type === 'text/markdown') return 'text';
  // Some servers send no type, or octet-stream, for ordinary pages: believe the bytes then.
  if (type === '' || type === 'application/octet-stream') {
    return /^\s*(<!doctype html|<html|<head|<body)/i.test(body.replace(/^\ufeff/, '')) ? 'html' : 'other';
  }
  return 'other';
}

const notHtml = (contentType: string | null): PageReading => ({
  ok: false,
  reason: `not an HTML page (content-type ${contentType ?? 'missing'})`,
});

const EMPTY: PageReading = { ok: false, reason: 'empty description' };

/**
 * A posting page's description: the JobPosting JSON-LD when the page has one with a
 * description, else the page's readable main content. JSON and plain-text answers are read too;
 * anything else (PDF, images) is refused with its content type.
 */
export function readPostingPage(res: PageResponse): PageReading {
  switch (kindOf(res.contentType, res.text)) {
    case 'html':
      return readHtml(res.text, res.url);
    case 'json': {
      const found = jsonDescription(parseLenient(res.text), res.url);
      if (!found) return notHtml(res.contentType);
      const markdown = anyToMarkdown(found.text);
      return markdown ? { ok: true, markdown, source: found.jobPosting ? 'jsonld' : 'page' } : EMPTY;
    }
    case 'text': {
      const markdown = textToMarkdown(res.text);
      return markdown ? { ok: true, markdown, source: 'page' } : EMPTY;
    }
    default:
      return notHtml(res.contentType);
  }
}

function readHtml(html: string, pageUrl: string): PageReading {
  const fromJsonLd = pageJobPostingDescription(html, pageUrl);
  if (fromJsonLd !== null) {
    const markdown = anyToMarkdown(fromJsonLd);
    if (markdown) return { ok: true, markdown, source: 'jsonld' };
  }
  const { document } = parseHTML(html);
  for (const element of [...document.querySelectorAll(CHROME)]) element.remove();
  absolutiseLinks(document, pageUrl);
  const markdown = htmlToMarkdown(readableHtml(document));
  return markdown ? { ok: true, markdown, source: 'page' } : EMPTY;
}

/**
 * Readability finds the description among what is left (dropping titles, meta lines, "similar
 * jobs" lists); when it gives up, the main element, else the body, is taken as it is.
 */
function readableHtml(document: Document): string {
  const fallback = (document.querySelector(MAIN) ?? document.body)?.innerHTML ?? '';
  try {
    const article = new Readability(document, { disableJSONLD: true }).parse();
    if (article?.content && article.textContent?.trim()) return article.content;
  } catch {
    // Readability fails on some malformed documents; the plain fallback below still reads them.
  }
  return fallback;
}

function absolutiseLinks(document: Document, pageUrl: string): void {
  for (const link of [...document.querySelectorAll('a[href]')]) {
    const href = link.getAttribute('href') ?? '';
    let absolute: URL | undefined;
    try {
      absolute = new URL(href, pageUrl);
    } catch {
      absolute = undefined;
    }
    // javascript: and in-page links mean nothing once the text leaves the page.
    if (absolute && LINK_PROTOCOLS.has(absolute.protocol) && !href.startsWith('#')) {
      link.setAttribute('href', absolute.href);
    } else {
      link.removeAttribute('href');
    }
  }
}
