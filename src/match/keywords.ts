import { aliasesOf, normalizeKeyword } from './keyword-aliases.js';

/**
 * Finds the profile's keywords in listing text without building a regex per keyword: the text is
 * split once into words (keeping the `+ # .` that skill names use), and each word, and the word
 * pairs and triples that start a multi-word keyword, is looked up in one table of every spelling.
 */

export type KeywordPlace = 'title' | 'department' | 'description';

/** Skill names that are also common English words; they count only when written capitalised. */
const CASE_SENSITIVE = new Set(['go', 'r', 'c', 'rest', 'express', 'spring', 'swift', 'less', 'make']);
/** Words after "Go" that make it the verb ("Go To Market", "go live"). */
const GO_VERB_NEXT = new Set(['to', 'live', 'ahead', 'beyond', 'get', 'for', 'through', 'back']);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}+#.]*|\.[\p{L}][\p{L}\p{N}]*/gu;

/** Words of `text`: raw spelling and lower case, trailing dots (sentence ends) removed. */
export function splitWords(text: string): { raw: string[]; lower: string[] } {
  const raw: string[] = [];
  const lower: string[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) {
    let word = m[0];
    while (word.length > 1 && word.endsWith('.')) word = word.slice(0, -1);
    raw.push(word);
    lower.push(word.toLowerCase());
  }
  return { raw, lower };
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
      const words = splitWords(spelling).lower;
      if (words.length === 0) continue;
      const key = words.join(' ');
      spellings.push(spelling);
      if (!bySpelling.has(key)) bySpelling.set(key, keyword.trim());
      if (words.length > 1) {
        phraseStarts.add(words[0]!);
        maxWords = Math.max(maxWords, words.length);
      }
    }
  }

  // Judged on the spelling found, so "golang" counts in any case while a bare "go" must be "Go".
  const acceptable = (word: string, raw: string, next: string | undefined): boolean => {
    if (!CASE_SENSITIVE.has(word)) return true;
    if (raw === word) return false;
    return !(word === 'go' && next !== undefined && GO_VERB_NEXT.has(next));
  };

  return {
    keywords: shown,
    spellings,
    find(text, place, found) {
      if (bySpelling.size === 0 || text === '') return;
      const { raw, lower } = splitWords(text);
      for (let i = 0; i < lower.length; i++) {
        const word = lower[i]!;
        const single = bySpelling.get(word);
        if (single !== undefined && !found.has(single) && acceptable(word, raw[i]!, lower[i + 1])) {
          found.set(single, place);
        }
        if (!phraseStarts.has(word)) continue;
        let phrase = word;
        for (let n = 1; n < maxWords && i + n < lower.length; n++) {
          phrase += ` ${lower[i + n]}`;
          const hit = bySpelling.get(phrase);
          if (hit !== undefined && !found.has(hit)) found.set(hit, place);
        }
      }
    },
  };
}
