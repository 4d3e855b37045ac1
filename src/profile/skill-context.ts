import { compact, KNOWN_COMPACT } from './keyword-data.js';

/**
 * Whether a spelling found in text is the skill, judged from its context. One rule for every
 * reader of text (scoring a job, deriving a resume's keywords, choosing what the generated letter
 * says the job asks for, and the fact guard), because a keyword found in a job is a claim about
 * the job and is held to the same standard as a claim about the candidate.
 *
 * Two kinds of spelling are ambiguous:
 * - short aliases and letters ("TS", "JS", "C", "R", "ML", "AI", "PM"): only in their upper-case
 *   form, never glued to a word that is not a skill ("TS/SCI", "R&D", "C-suite"), never after a
 *   number ("500 ML", "5 PM"), never beside a word that gives them another meaning ("TS
 *   clearance", "Series C"); the single letters also need a technical word nearby;
 * - everyday words ("Go", "Rust", "Swift", "Spring", "React"): only capitalised, not followed by
 *   the words that make them English ("Go to market", "go-live"); at the start of a sentence,
 *   where everything is capitalised, they need a technical word nearby ("Go is fun." is not Go).
 * Every other spelling is the skill wherever it stands as a whole word.
 */

interface ContextRule {
  kind: 'short' | 'word';
  /** Needs a skill or a technical word within a few words either side. */
  needsTech?: boolean;
  /** Words right after it that make it something else. */
  notBefore?: readonly string[];
  /** Words near it (either side) that give it another meaning. */
  falseFriends?: readonly string[];
}

const GO_VERB_NEXT = ['to', 'live', 'ahead', 'beyond', 'get', 'for', 'through', 'back', 'deep', 'big', 'far'];

const RULES: Readonly<Record<string, ContextRule>> = {
  ts: { kind: 'short', falseFriends: ['clearance', 'secret', 'sci', 'polygraph'] },
  js: { kind: 'short' },
  ml: { kind: 'short', falseFriends: ['water', 'bottle', 'dose', 'mg', 'liter', 'litre', 'bottles'] },
  ai: { kind: 'short' },
  pm: {
    kind: 'short',
    needsTech: true,
    falseFriends: ['am', 'est', 'pst', 'cet', 'utc', 'et', 'pt', 'time'],
  },
  tf: { kind: 'short', needsTech: true },
  py: { kind: 'short', needsTech: true },
  c: {
    kind: 'short',
    needsTech: true,
    falseFriends: ['series', 'vitamin', 'plan', 'grade', 'class', 'section', 'level', 'suite', 'type', 'usb'],
  },
  r: { kind: 'short', needsTech: true, falseFriends: ['d', 'rated'] },
  go: { kind: 'word', notBefore: GO_VERB_NEXT },
  rest: { kind: 'word' },
  express: { kind: 'word' },
  spring: { kind: 'word' },
  swift: { kind: 'word' },
  rust: { kind: 'word' },
  dart: { kind: 'word' },
  chef: { kind: 'word' },
  beam: { kind: 'word' },
  spark: { kind: 'word' },
  excel: { kind: 'word' },
  unity: { kind: 'word' },
  sketch: { kind: 'word' },
  lambda: { kind: 'word' },
  less: { kind: 'word' },
  make: { kind: 'word' },
  react: { kind: 'word', notBefore: ['to', 'quickly', 'fast', 'calmly'] },
  rails: { kind: 'word' },
  ruby: { kind: 'word' },
  node: { kind: 'word' },
  helm: { kind: 'word', notBefore: ['of'] },
  git: { kind: 'word' },
  elixir: { kind: 'word' },
  snowflake: { kind: 'word' },
  flask: { kind: 'word' },
  torch: { kind: 'word' },
  kube: { kind: 'word' },
  angular: { kind: 'word' },
  vue: { kind: 'word' },
  lua: { kind: 'word' },
  java: { kind: 'word' },
};

/** Words that make a neighbouring short spelling technical. */
const TECH_WORDS = new Set(
  `language languages programming program code coding scripting script scripts software engineer
  engineers developer developers development stack framework frameworks library libraries backend
  frontend compiler compilers embedded statistical statistics firmware runtime services microservices
  apis api sdk developed written built using proficiency proficient`
    .split(/\s+/)
    .filter(Boolean),
);

const NEAR_WORDS = 4;
const WORD = /[\p{L}\p{N}][\p{L}\p{N}+#.]*/gu;
/** A sentence, line or list item ends here; context does not reach across it. */
const BOUNDARY = /[.!?;\n•|]\s|[\n•|]/u;

/** True when `spelling` (lower case, one word) needs its context judged. */
export function isAmbiguousSpelling(spelling: string): boolean {
  return Object.hasOwn(RULES, spelling);
}

function wordsOf(text: string): string[] {
  return [...text.matchAll(WORD)].map((m) => m[0].replace(/\.+$/, '').toLowerCase());
}

/** The clause around the match, cut at sentence, line and list boundaries. */
function around(text: string, start: number, end: number): { before: string; after: string } {
  let from = Math.max(0, start - 80);
  const head = text.slice(from, start);
  let cut = -1;
  for (const m of head.matchAll(new RegExp(BOUNDARY.source, 'gu'))) cut = m.index + m[0].length;
  if (cut >= 0) from += cut;
  const tail = text.slice(end, end + 80);
  const stop = tail.search(BOUNDARY);
  return { before: text.slice(from, start), after: stop >= 0 ? tail.slice(0, stop) : tail };
}

/** A short spelling does not vouch for another ("C R" is no list of languages); the rest do. */
const isTech = (word: string): boolean =>
  TECH_WORDS.has(word) || (KNOWN_COMPACT.has(compact(word)) && RULES[word]?.kind !== 'short');

/**
 * `text.slice(start, end)` is one spelling of a skill found as a whole word. True when its context
 * makes it that skill; always true for spellings that are not ambiguous.
 */
export function skillInContext(text: string, start: number, end: number): boolean {
  const raw = text.slice(start, end);
  const spelling = raw.toLowerCase();
  const rule = RULES[spelling];
  if (rule === undefined) return true;

  if (rule.kind === 'short' ? raw !== raw.toUpperCase() && raw !== 'Py' : !/^\p{Lu}/u.test(raw)) return false;

  const { before, after } = around(text, start, end);
  // Glued to the next or previous word by "/", "&" or "-": fine only when that word is a skill.
  const gluedAfter = /^[/&-]([\p{L}\p{N}][\p{L}\p{N}+#]*)/u.exec(after)?.[1]?.toLowerCase();
  const gluedBefore = /([\p{L}\p{N}][\p{L}\p{N}+#]*)[/&-]$/u.exec(before)?.[1]?.toLowerCase();
  for (const glued of [gluedAfter, gluedBefore]) {
    if (glued !== undefined && !isTech(glued) && RULES[glued] === undefined && !GLUE_SUFFIXES.has(glued))
      return false;
  }
  const prev = wordsOf(before).slice(-NEAR_WORDS);
  const next = wordsOf(after).slice(0, NEAR_WORDS);
  if (rule.notBefore?.includes(next[0] ?? '')) return false;
  if (rule.kind === 'short' && /\d\s*$/u.test(before)) return false;
  const near = [...prev, ...next];
  if (rule.falseFriends?.some((w) => near.includes(w))) return false;

  const techNearby = near.some(isTech) || gluedAfter !== undefined || gluedBefore !== undefined;
  if (rule.needsTech && !techNearby) return false;
  // A capital at the start of a sentence says nothing; the words around must.
  if (rule.kind === 'word' && prev.length === 0) return techNearby;
  return true;
}

/** "ML-based", "Go-powered": suffixes that keep the word before them the skill. */
const GLUE_SUFFIXES = new Set([
  'based',
  'powered',
  'driven',
  'enabled',
  'first',
  'native',
  'heavy',
  'focused',
]);
