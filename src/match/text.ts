import type { JobText } from '../sources/types.js';

/**
 * A cheap HTML-to-text for scoring and fingerprints: scoring 100 000 listings cannot afford a
 * parser per listing, and keyword search only needs the words, not the structure.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const ENTITY = /&(#\d+|#x[0-9a-f]+|[a-z]+);/gi;
const SCRIPT_OR_STYLE = /<(script|style)\b[\s\S]*?<\/\1\s*>/gi;
const TAG = /<[^>]*>/g;

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, body: string) => {
    if (body[0] === '#') {
      const code =
        body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : ' ';
    }
    return NAMED[body.toLowerCase()] ?? whole;
  });
}

/** Tags become spaces (so words in adjacent cells stay apart), entities are decoded. */
export function stripTags(html: string): string {
  // Greenhouse sends its content entity-escaped ("&lt;p&gt;"), so decode once before stripping.
  const source = html.includes('&lt;') ? decodeEntities(html) : html;
  return decodeEntities(source.replace(SCRIPT_OR_STYLE, ' ').replace(TAG, ' '));
}

/**
 * The last descriptions stripped: a company's listings are scored and then deduplicated one
 * after the other, and both read the text. A small bound keeps it from holding a run's worth.
 */
const stripped = new Map<JobText, string>();
const STRIPPED_MAX = 2048;

/** Plain words of a listing's description, whatever format the board gave it in. */
export function descriptionText(text: JobText): string {
  if (text.format !== 'html') return text.content;
  let plain = stripped.get(text);
  if (plain === undefined) {
    plain = stripTags(text.content);
    if (stripped.size >= STRIPPED_MAX) stripped.clear();
    stripped.set(text, plain);
  }
  return plain;
}
