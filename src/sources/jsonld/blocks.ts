import { load } from 'cheerio/slim';

/**
 * Reading the `<script type="application/ld+json">` blocks of a page: lenient JSON (hand-written
 * blocks break it in a few common ways) and flattening of the ways nodes are grouped.
 */

export interface LdBlock {
  /** 1-based position among the page's ld+json blocks, for messages. */
  index: number;
  text: string;
}

/** Every ld+json block of an HTML page, in order (the type is matched loosely: case, parameters). */
export function ldJsonBlocks(html: string): LdBlock[] {
  const $ = load(html);
  return $('script[type]')
    .toArray()
    .filter((node) => ($(node).attr('type') ?? '').trim().toLowerCase().startsWith('application/ld+json'))
    .map((node, i) => ({ index: i + 1, text: $(node).text() }));
}

/** HTML comment and CDATA wrappers that old templates put around script content. */
const WRAPPERS = /^\s*(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)|(?:-->|\/\/\s*\]\]>|\]\]>)\s*$/g;

/**
 * Repairs the breakages a strict parser rejects but a reader can undo without guessing: raw line
 * breaks and tabs inside strings, and trailing commas. Unescaped quotes inside a string cannot
 * be repaired (where does the string end?), so such a block stays invalid.
 */
export function repairJson(text: string): string {
  let out = '';
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      else if (c === '\n') {
        out += '\\n';
        continue;
      } else if (c === '\r') {
        out += '\\r';
        continue;
      } else if (c === '\t') {
        out += '\\t';
        continue;
      }
      out += c;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === ',' && /^\s*[}\]]/.test(text.slice(i + 1, i + 64))) continue;
    out += c;
  }
  return out;
}

/** JSON.parse, then once more after repairJson; throws the first SyntaxError when both fail. */
export function parseLdJson(text: string): unknown {
  const bare = text
    .replace(/^\uFEFF/, '')
    .replace(WRAPPERS, '')
    .trim()
    .replace(/;\s*$/, '');
  try {
    return JSON.parse(bare);
  } catch (error) {
    try {
      return JSON.parse(repairJson(bare));
    } catch {
      throw error;
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every node of a parsed block: top-level arrays, `@graph` wrappers, and ItemList elements
 * (`itemListElement[].item` or the element itself), depth first, in page order.
 */
export function flattenNodes(value: unknown, depth = 0): Record<string, unknown>[] {
  if (depth > 8) return [];
  if (Array.isArray(value)) return value.flatMap((v) => flattenNodes(v, depth + 1));
  if (!isObject(value)) return [];
  const out: Record<string, unknown>[] = [];
  if ('@type' in value) out.push(value);
  if ('@graph' in value) out.push(...flattenNodes(value['@graph'], depth + 1));
  const elements = value['itemListElement'];
  if (Array.isArray(elements)) {
    for (const element of elements) {
      out.push(
        ...flattenNodes(isObject(element) && 'item' in element ? element['item'] : element, depth + 1),
      );
    }
  }
  return out;
}

/** "JobPosting", ["JobPosting"], "schema:JobPosting", "http://schema.org/JobPosting" all count. */
export function isJobPostingType(type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  return types.some((t) => typeof t === 'string' && /(?:^|[/:#])JobPosting$/.test(t.trim()));
}
