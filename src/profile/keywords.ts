/**
 * One spelling per skill, shared by profile, match and generate: "Node.js" = "NodeJS" = "node" ->
 * "node.js". Lookups ignore case, spaces, dots, hyphens and slashes, so "Node JS", "node-js" and
 * "NODE.JS" all land on the same canonical form.
 */

import {
  CANONICAL_BY_COMPACT,
  compact,
  KEYWORD_ALIASES,
  KNOWN_COMPACT,
  PHRASE_COMPACT,
} from './keyword-data.js';
import { skillInContext } from './skill-context.js';

export { KEYWORD_ALIASES } from './keyword-data.js';

/** Trimmed, lower case, inner spaces collapsed and surrounding punctuation removed. */
function clean(keyword: string): string {
  return keyword
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:!?'"()[\]{}*]+|[\s,;:!?'"()[\]{}*]+$/g, '')
    .replace(/\.+$/, '');
}

/** The canonical spelling of one keyword; an unknown keyword comes back cleaned, never dropped. */
export function normalizeKeyword(keyword: string): string {
  const plain = clean(keyword);
  if (plain === '') return '';
  const known = KEYWORD_ALIASES[plain] ?? CANONICAL_BY_COMPACT.get(compact(plain));
  if (known) return known;
  // "Python 3", "WCAG 2.1", "Java 17": a known term with a version is that term.
  const versioned = /^(.+?)\s+v?\d+(?:\.\d+)*\+?$/.exec(plain);
  if (versioned && KNOWN_COMPACT.has(compact(versioned[1]!))) return normalizeKeyword(versioned[1]!);
  // "EmberJS" and "ember.js" are one library: unknown "<name>js" names take the ".js" form.
  const js = /^([a-z][a-z0-9]+?)\.?js$/.exec(plain);
  if (js && plain !== 'js') return `${js[1]}.js`;
  return plain;
}

/** True when two spellings are the same keyword. */
export function sameKeyword(a: string, b: string): boolean {
  const left = normalizeKeyword(a);
  return left !== '' && left === normalizeKeyword(b);
}

/** Every known spelling of a canonical keyword, itself included. */
export function aliasesOf(canonical: string): string[] {
  const out = [canonical];
  for (const [alias, target] of Object.entries(KEYWORD_ALIASES)) if (target === canonical) out.push(alias);
  return out;
}

// "/" separates words ("TS/JS", "HTML/CSS"); "ci/cd" is found as the phrase "ci cd".
const WORD = /\.?[\p{L}\p{N}][\p{L}\p{N}+#.-]*/gu;

/**
 * Known technical terms in prose, canonical and in order of first appearance. Short and everyday
 * spellings ("TS", "Go") count only where their context makes them the skill (skill-context.ts).
 */
export function findKnownKeywords(text: string): string[] {
  const words: { raw: string; start: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].replace(/[./-]+$/, '');
    if (raw !== '') words.push({ raw, start: m.index });
  }
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n > words.length) continue;
      const phrase = words
        .slice(i, i + n)
        .map((w) => w.raw)
        .join(' ');
      const key = compact(phrase);
      if (!(n === 1 ? KNOWN_COMPACT : PHRASE_COMPACT).has(key)) continue;
      const canonical = normalizeKeyword(phrase);
      const word = words[i]!;
      if (n === 1 && !skillInContext(text, word.start, word.start + word.raw.length)) break;
      if (!found.includes(canonical)) found.push(canonical);
      i += n - 1;
      break;
    }
  }
  return found;
}
