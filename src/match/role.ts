import Fuse from 'fuse.js';
import {
  analyzeTitle,
  GENERIC_WORDS,
  ROLE_NOUN_KIN,
  ROLE_NOUNS,
  SOFTWARE_SPECIALTIES,
  type TitleAnalysis,
} from './normalize.js';

/**
 * Title-to-role similarity. Each title word is fuzzy-matched (fuse.js, built once over the words
 * of all target roles) to a role word, which absorbs typos ("Enginer"); then the words are compared
 * as sets, so word order does not matter ("Software Engineer, Backend" = "Backend Engineer").
 *
 *   recall    = weighted share of the role's words found in the title
 *   precision = weighted share of the title's words that belong to the role
 *   similarity = 0.65 * recall + 0.35 * precision          (0..1)
 *
 * Word weights: role nouns (engineer, manager, ...) 1.5, broad words (software) 0.4 in the role
 * and 0 in the title, everything else 1. Kin nouns (developer ~ engineer) count 0.85. Title words
 * that are the user's own skills ("Node.js" in "Software Engineer (Node.js)") weigh 0 in the title:
 * they are scored as keywords and are no evidence of a different role.
 */

export const ROLE_TUNING = {
  recallShare: 0.65,
  /** Below this a fuzzy word match is ignored. */
  minWordSimilarity: 0.65,
  /** Words shorter than this match only exactly (fuzzy "go" or "ai" would match anything). */
  minFuzzyLength: 4,
  kinSimilarity: 0.85,
  nounWeight: 1.5,
  genericWeight: 0.4,
  /** A role counts as matched (Score.matchedRole) from this similarity on. */
  matchedRoleMin: 0.5,
} as const;

interface RoleWord {
  word: string;
  weight: number;
}

interface PreparedRole {
  role: string;
  words: RoleWord[];
  totalWeight: number;
}

/** A title word after fuzzy matching: the role word it stands for, and how well. */
interface MappedWord {
  spelled: string;
  word: string;
  similarity: number;
}

export interface RoleMatch {
  /** The target role as the profile spells it. */
  role: string;
  /** 0..1. */
  similarity: number;
  /** Role words found, shown as "engineer" or "engineer~enginer" when matched fuzzily. */
  matched: string[];
  missing: string[];
  /** Title words that are not part of the role (broad words left out). */
  extra: string[];
}

export interface RoleMatcher {
  /** The best role for an analysed title, or null when there are no target roles. */
  best(title: TitleAnalysis): RoleMatch | null;
}

const KIN_OF = new Map<string, ReadonlySet<string>>();
for (const group of ROLE_NOUN_KIN) for (const word of group) KIN_OF.set(word, group);

const isSoftwareNoun = (word: string): boolean => KIN_OF.get('engineer')?.has(word) ?? false;

/** "Backend Engineer" is a software role too: adds "software" when a specialty meets engineer. */
function withImpliedSoftware(words: readonly string[]): string[] {
  if (words.includes('software')) return [...words];
  const implied = words.some(isSoftwareNoun) && words.some((w) => SOFTWARE_SPECIALTIES.has(w));
  return implied ? [...words, 'software'] : [...words];
}

function roleWeight(word: string): number {
  if (ROLE_NOUNS.has(word)) return ROLE_TUNING.nounWeight;
  if (GENERIC_WORDS.has(word)) return ROLE_TUNING.genericWeight;
  return 1;
}

/** Prepares the roles and the fuse.js index over their words once. `skillWords`: folded words of the user's skills. */
export function createRoleMatcher(
  roles: readonly string[],
  skillWords: ReadonlySet<string> = new Set(),
): RoleMatcher {
  const titleWeight = (word: string): number => {
    if (ROLE_NOUNS.has(word)) return ROLE_TUNING.nounWeight;
    return GENERIC_WORDS.has(word) || skillWords.has(word) ? 0 : 1;
  };

  const prepared: PreparedRole[] = [];
  for (const role of roles) {
    const core = [...new Set(withImpliedSoftware(analyzeTitle(role).core))];
    if (core.length === 0) continue;
    const words = core.map((word) => ({ word, weight: roleWeight(word) }));
    prepared.push({ role, words, totalWeight: words.reduce((sum, w) => sum + w.weight, 0) });
  }
  const vocabulary = [...new Set(prepared.flatMap((r) => r.words.map((w) => w.word)))];
  const vocabularySet = new Set(vocabulary);
  const fuse = new Fuse(vocabulary, {
    includeScore: true,
    threshold: 0.4,
    ignoreLocation: true,
    ignoreFieldNorm: true,
  });
  // Listing titles reuse a small vocabulary, so each distinct word is fuzzy-matched only once.
  const wordCache = new Map<string, MappedWord>();

  const mapWord = (spelled: string): MappedWord => {
    const cached = wordCache.get(spelled);
    if (cached !== undefined) return cached;
    let mapped: MappedWord = { spelled, word: spelled, similarity: 0 };
    if (vocabularySet.has(spelled)) {
      mapped = { spelled, word: spelled, similarity: 1 };
    } else {
      const kin = KIN_OF.get(spelled);
      const kinWord = kin && vocabulary.find((w) => kin.has(w));
      if (kinWord) mapped = { spelled, word: kinWord, similarity: ROLE_TUNING.kinSimilarity };
      else if (spelled.length >= ROLE_TUNING.minFuzzyLength) {
        for (const hit of fuse.search(spelled, { limit: 3 })) {
          const lengthRatio =
            Math.min(hit.item.length, spelled.length) / Math.max(hit.item.length, spelled.length);
          // fuse.js scores 0 for a substring, so the length ratio keeps "java" off "javascript".
          const similarity = (1 - (hit.score ?? 1)) * lengthRatio;
          if (similarity >= ROLE_TUNING.minWordSimilarity && similarity > mapped.similarity) {
            mapped = { spelled, word: hit.item, similarity };
          }
        }
      }
    }
    if (wordCache.size >= 50_000) wordCache.clear();
    wordCache.set(spelled, mapped);
    return mapped;
  };

  const compare = (role: PreparedRole, mapped: readonly MappedWord[]): RoleMatch => {
    let recalled = 0;
    const matched: string[] = [];
    const missing: string[] = [];
    for (const { word, weight } of role.words) {
      let best: MappedWord | undefined;
      for (const m of mapped) if (m.word === word && (!best || m.similarity > best.similarity)) best = m;
      if (best && best.similarity > 0) {
        recalled += weight * best.similarity;
        matched.push(best.spelled === word ? word : `${word}~${best.spelled}`);
      } else missing.push(word);
    }
    let precise = 0;
    let titleTotal = 0;
    const extra: string[] = [];
    const roleWords = new Set(role.words.map((w) => w.word));
    for (const m of mapped) {
      const weight = titleWeight(m.similarity > 0 ? m.word : m.spelled);
      titleTotal += weight;
      if (m.similarity > 0 && roleWords.has(m.word)) precise += weight * m.similarity;
      else if (weight > 0) extra.push(m.spelled);
    }
    const recall = recalled / role.totalWeight;
    const precision = titleTotal > 0 ? precise / titleTotal : recall;
    const similarity = ROLE_TUNING.recallShare * recall + (1 - ROLE_TUNING.recallShare) * precision;
    return { role: role.role, similarity, matched, missing, extra };
  };

  return {
    best(title) {
      if (prepared.length === 0) return null;
      const mapped = [...new Set(title.core)].map(mapWord);
      const implied = withImpliedSoftware(mapped.map((m) => (m.similarity > 0 ? m.word : m.spelled)));
      if (implied.length > mapped.length)
        mapped.push({ spelled: 'software', word: 'software', similarity: 1 });
      let best: RoleMatch | null = null;
      for (const role of prepared) {
        const match = compare(role, mapped);
        if (best === null || match.similarity > best.similarity) best = match;
      }
      return best;
    },
  };
}
