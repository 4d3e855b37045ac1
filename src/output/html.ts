import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { escapeUTF8 } from 'entities';
import type sanitizeHtmlType from 'sanitize-html';

// sanitize-html (with htmlparser2 and postcss) is CommonJS and takes ~60 ms to load: it is
// required on the first description rendered, so a run that writes no review page never pays it,
// and every caller stays synchronous.
const require = createRequire(import.meta.url);
let sanitizeHtml: typeof sanitizeHtmlType | null = null;

/**
 * The review page's safety pieces. Job text comes from strangers' boards and is shown in a page
 * opened from disk, so: plain text is escaped, board HTML goes through sanitize-html's allowlist,
 * links are http(s) only, and a Content-Security-Policy lets only our own inline script run.
 */

/** Text for element content or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return escapeUTF8(text);
}

const DESCRIPTION_TAGS = [
  'p',
  'br',
  'hr',
  'div',
  'span',
  'ul',
  'ol',
  'li',
  'strong',
  'b',
  'em',
  'i',
  'u',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'code',
  'pre',
  'a',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

/**
 * A board's description HTML reduced to formatting and plain links: no scripts, styles, event
 * handlers, iframes, forms, images (they would call home when the page is opened) or
 * javascript:/data: URLs. Big headings are folded into h3 so they do not outrank the page's own.
 */
export function sanitizeDescription(html: string): string {
  sanitizeHtml ??= require('sanitize-html') as typeof sanitizeHtmlType;
  return sanitizeHtml(html, {
    allowedTags: DESCRIPTION_TAGS,
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: {},
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      h1: 'h3',
      h2: 'h3',
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, rel: 'noopener noreferrer nofollow', target: '_blank' },
      }),
    },
  });
}

/** An http(s) URL ready for an href attribute, or null for anything else (javascript:, data:, junk). */
export function safeHref(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? escapeHtml(parsed.href) : null;
  } catch {
    return null;
  }
}

/** A relative link to a file in the run folder, each segment percent-encoded. */
export function relativeHref(...segments: string[]): string {
  return escapeHtml(
    segments
      .flatMap((s) => s.split('/'))
      .map(encodeURIComponent)
      .join('/'),
  );
}

/** The CSP source for an inline element: it runs only if its text is exactly this. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Nothing loads or runs but the one script and one style the page carries. */
export function contentSecurityPolicy(script: string, style: string): string {
  return [
    "default-src 'none'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-src 'none'",
    "object-src 'none'",
  ].join('; ');
}

export const PAGE_STYLE = `
:root { color-scheme: light dark; --muted: #667; --line: #ccd; --accent: #2456c7; }
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; }
header { border-bottom: 1px solid var(--line); margin-bottom: 1rem; }
.filters { display: flex; gap: 1.5rem; flex-wrap: wrap; align-items: center; padding: .5rem 0; }
.problems { color: #b3261e; }
article.app { border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; margin: 0 0 1rem; }
article.app[hidden], [hidden] { display: none !important; }
article.app h2 { font-size: 1.15rem; margin: 0 0 .25rem; }
.score { display: inline-block; min-width: 2.5rem; text-align: center; border-radius: 4px;
  background: var(--accent); color: #fff; margin-right: .5rem; }
.meta, .files { color: var(--muted); margin: .25rem 0; }
.failed { color: #b3261e; font-weight: 600; }
.reasons { margin: .25rem 0 .5rem; padding-left: 1.25rem; }
.plain { white-space: pre-wrap; }
.letter p { margin: .4rem 0; }
.change, .source { color: var(--muted); font-size: .9em; }
.change { margin-left: .4rem; }
.source { border-left: 3px solid var(--line); padding-left: .5rem; }
.resume h4 { margin: .6rem 0 .2rem; }
details { margin: .25rem 0; }
`;

/** Filters the cards by company and minimum score; the only script the page may run. */
export const PAGE_SCRIPT = `
(() => {
  const company = document.getElementById('company');
  const minScore = document.getElementById('min-score');
  const shown = document.getElementById('shown');
  const cards = Array.from(document.querySelectorAll('article.app'));
  const apply = () => {
    const wanted = company.value;
    const floor = Number(minScore.value) || 0;
    let visible = 0;
    for (const card of cards) {
      const keep = (wanted === '' || card.dataset.company === wanted) && Number(card.dataset.score) >= floor;
      card.hidden = !keep;
      if (keep) visible++;
    }
    shown.textContent = visible + ' of ' + cards.length + ' shown';
  };
  company.addEventListener('change', apply);
  minScore.addEventListener('input', apply);
  apply();
})();
`;

/**
 * A whole page that works when opened straight from disk: the CSP allows only its own inline
 * style and script (none when `script` is not given), no referrer, nothing loaded. `style` is the
 * page's own CSS, after the shared PAGE_STYLE (the review page, the tailoring and screening reports).
 */
export function htmlPage(parts: {
  title: string;
  header: string;
  main: string;
  script?: string;
  style?: string;
}): string {
  const script = parts.script ?? '';
  const style = `${PAGE_STYLE}${parts.style ?? ''}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(script, style)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(parts.title)}</title>
<style>${style}</style>
</head>
<body>
<header>
${parts.header}
</header>
<main>
${parts.main}
</main>
${script ? `<script>${script}</script>\n` : ''}</body>
</html>
`;
}
