import { aliasesOf, normalizeKeyword } from '../profile/keywords.js';
import { isAmbiguousSpelling, skillInContext } from '../profile/skill-context.js';

/**
 * Finds the profile's keywords in listing text without building a regex per keyword: the text is
 * split once into words (keeping the `+ # .` that skill names use), and each word, and the word
 * pairs and triples that start a multi-word keyword, is looked up in one table of every spelling.
 */

export type KeywordPlace = 'title' | 'department' | 'description';

/** Per UTF-16 unit: 0 not yet known, 1 letter or digit, 2 anything else. Filled lazily. */
const charClass = new Uint8Array(0x10000);
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export function isLetterOrDigit(code: number): boolean {
  if (code < 0x80)
    return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 65 && code <= 90);
  let known = charClass[code]!;
  if (known === 0) {
    known = LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    charClass[code] = known;
  }
  return known === 1;
}

/** `+ # .` continue a word, so "c++", "c#" and "node.js" stay whole. */
const isWordPart = (code: number): boolean =>
  isLetterOrDigit(code) || code === 43 || code === 35 || code === 46;

/**
 * Words of a lower-cased text as offsets, into reused buffers, each with a 32-bit FNV-1a hash of
 * its characters. A hand-written scanner: descriptions are scanned for every listing, and a
 * string per word was most of the scan's cost and garbage, though almost no word is a keyword;
 * a word is sliced out only when its hash is one a spelling has. A word starts with a letter or
 * digit, or is ".net"-like; trailing dots (sentence ends) are dropped.
 */
let starts = new Int32Array(1024);
let ends = new Int32Array(1024);
let hashes = new Int32Array(1024);

function hashOf(text: string, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let k = from; k < to; k++) hash = Math.imul(hash ^ text.charCodeAt(k), 0x01000193);
  return hash;
}

function scanWords(text: string): number {
  let count = 0;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    const dotWord = code === 46 && i + 1 < length && isLetterOrDigit(text.charCodeAt(i + 1));
    if (!dotWord && !isLetterOrDigit(code)) {
      i++;
      continue;
    }
    let hash = Math.imul(0x811c9dc5 ^ code, 0x01000193);
    let j = i + 1;
    for (; j < length; j++) {
      const next = text.charCodeAt(j);
      if (!isWordPart(next)) break;
      hash = Math.imul(hash ^ next, 0x01000193);
    }
    let end = j;
    while (end - i > 1 && text.charCodeAt(end - 1) === 46) end--;
    if (end !== j) hash = hashOf(text, i, end);
    if (count === starts.length) {
      const grow = (from: Int32Array) => {
        const to = new Int32Array(from.length * 2);
        to.set(from);
        return to;
      };
      starts = grow(starts);
      ends = grow(ends);
      hashes = grow(hashes);
    }
    starts[count] = i;
    ends[count] = end;
    hashes[count] = hash;
    count++;
    i = j;
  }
  return count;
}

/** The lower-case words of a keyword spelling, split as text is ("Node.js" -> ["node.js"]). */
function spellingWords(spelling: string): string[] {
  const lower = spelling.toLowerCase();
  const count = scanWords(lower);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push(lower.slice(starts[i], ends[i]));
  return words;
}

export interface KeywordIndex {
  /** The keywords searched for, as the profile or config spells them. */
  readonly keywords: readonly string[];
  /** Every spelling looked for (keyword, canonical form, aliases). */
  readonly spellings: readonly string[];
  /** Adds to `found` each keyword present in `text` that is not in it yet, with `place`. */
  find(text: string, place: KeywordPlace, found: Map<string, KeywordPlace>): void;
}

/** Builds the lookup once per matcher; `keywords` may hold any spelling (deduplicated here). */
export function buildKeywordIndex(keywords: readonly string[]): KeywordIndex {
  /** Spelling (words joined by one space) -> the keyword reported. */
  const bySpelling = new Map<string, string>();
  /** First words of multi-word spellings, so pairs are only built where one could match. */
  const phraseStarts = new Set<string>();
  /** Hashes of every word a lookup can start with (see scanWords). */
  const firstWordHashes = new Set<number>();
  let maxWords = 1;
  const shown: string[] = [];
  const spellings: string[] = [];
  const seenCanonical = new Set<string>();

  for (const keyword of keywords) {
    const canonical = normalizeKeyword(keyword);
    if (canonical === '' || seenCanonical.has(canonical)) continue;
    seenCanonical.add(canonical);
    shown.push(keyword.trim());
    for (const spelling of new Set([keyword, canonical, ...aliasesOf(canonical)])) {
      const words = spellingWords(spelling);
      if (words.length === 0) continue;
      const key = words.join(' ');
      spellings.push(spelling);
      if (!bySpelling.has(key)) bySpelling.set(key, keyword.trim());
      firstWordHashes.add(hashOf(words[0]!, 0, words[0]!.length));
      if (words.length > 1) {
        phraseStarts.add(words[0]!);
        maxWords = Math.max(maxWords, words.length);
      }
    }
  }

  // A short or everyday spelling ("TS", "Go") counts only where its context makes it the skill;
  // judged on the original text, since case is part of the evidence.
  const acceptable = (word: string, text: string, start: number, sameLength: boolean): boolean =>
    !isAmbiguousSpelling(word) || (sameLength && skillInContext(text, start, start + word.length));

  return {
    keywords: shown,
    spellings,
    find(text, place, found) {
      if (bySpelling.size === 0 || text === '') return;
      const lowerText = text.toLowerCase();
      // Offsets into the lower-cased text fit the original only when lower-casing kept the length.
      const sameLength = lowerText.length === text.length;
      const count = scanWords(lowerText);
      for (let i = 0; i < count; i++) {
        if (!firstWordHashes.has(hashes[i]!)) continue;
        const start = starts[i]!;
        const word = lowerText.slice(start, ends[i]);
        const single = bySpelling.get(word);
        if (single !== undefined && !found.has(single)) {
          if (acceptable(word, text, start, sameLength)) found.set(single, place);
        }
        if (!phraseStarts.has(word)) continue;
        let phrase = word;
        for (let n = 1; n < maxWords && i + n < count; n++) {
          phrase += ` ${lowerText.slice(starts[i + n], ends[i + n])}`;
          const hit = bySpelling.get(phrase);
          if (hit !== undefined && !found.has(hit)) found.set(hit, place);
        }
      }
    },
  };
}
