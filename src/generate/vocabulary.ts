import { isLetterOrDigit } from '../match/keywords.js';
import { KEYWORD_ALIASES, normalizeKeyword } from '../profile/keywords.js';
import { isAmbiguousSpelling, skillInContext } from '../profile/skill-context.js';

/**
 * The skills the fact guard and the offline generator look for in free text. Spellings and
 * canonical names come from the profile's keyword normaliser (src/profile/keywords.ts), so "k8s"
 * and "Kubernetes" are one claim here exactly as they are one keyword in the Profile.
 *
 * What this module adds is precision for judging prose: short and everyday spellings ("TS",
 * "Go", "React") count only where their context makes them the skill, by the one rule every
 * reader of text uses (src/profile/skill-context.ts), and all matching is on whole words: "scalable" is not Scala, "guardrails" and "payment rails" are not
 * Rails. "Kubernetes-based" and "Node.js/TypeScript" still name their skills.
 */

/** A skill as a comparable key: the profile's canonical keyword ("NodeJS" -> "node.js"). */
export const normalizeSkill = normalizeKeyword;

/** Skills recognised in text besides every spelling in the alias table. */
const PLAIN_SKILLS = [
  'c',
  'r',
  'java',
  'kotlin',
  'scala',
  'ruby',
  'rust',
  'swift',
  'php',
  'perl',
  'elixir',
  'erlang',
  'haskell',
  'clojure',
  'lua',
  'dart',
  'flutter',
  'sass',
  'tailwind',
  'svelte',
  'django',
  'flask',
  'fastapi',
  'spring',
  'redis',
  'rabbitmq',
  'hadoop',
  'dbt',
  'snowflake',
  'bigquery',
  'docker',
  'ansible',
  'jenkins',
  'linux',
  'git',
  'grpc',
  'tensorflow',
  'pandas',
  'numpy',
  'sqlite',
  'dynamodb',
  'cassandra',
  'tableau',
  'figma',
  'jira',
  'webpack',
  'nginx',
  'prometheus',
  'grafana',
  'datadog',
  'helm',
  'mysql',
  'sql',
  'mpeg',
  'mp4',
  'gif',
];

/** Domain words rather than skills a letter could falsely claim ("your AI platform"). */
const NOT_A_CLAIM = new Set(['artificial intelligence', 'rest', 'ui', 'ux']);

interface Term {
  canonical: string;
  spelling: string;
  /** Compiled on the first text that holds the probe (see patternOf). */
  pattern: RegExp | null;
  /** Judged by its context (skill-context.ts): "TS", "Go", "React". */
  ambiguous: boolean;
  /** The spelling's first word, lower-cased: the pattern can only match where this is a substring. */
  probe: string;
}

export const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A spelling as a plain case-insensitive pattern; wholeMatches() checks the word boundaries. The
 * boundaries as Unicode lookarounds made each pattern ~1 ms to compile, paid at the first model
 * reply with the event loop blocked.
 */
function spellingPattern(spelling: string): RegExp {
  return new RegExp(escapeRegExp(spelling).replace(/ /g, '\\s+'), 'gi');
}

const UNDERSCORE = 95;
const DOT = 46;
const PLUS = 43;
const HASH = 35;
const joins = (code: number) =>
  isLetterOrDigit(code) || code === UNDERSCORE || code === PLUS || code === HASH;

/**
 * Not preceded by a letter, digit or joiner; not followed by a letter or digit, nor by ".x" (so
 * "node" does not match inside "node.js"). A hyphen or slash after the term is fine.
 */
function isWholeWord(text: string, start: number, end: number): boolean {
  if (start > 0) {
    const before = text.charCodeAt(start - 1);
    if (joins(before) || before === DOT) return false;
  }
  if (end < text.length) {
    const after = text.charCodeAt(end);
    if (joins(after)) return false;
    if (after === DOT && end + 1 < text.length && isLetterOrDigit(text.charCodeAt(end + 1))) return false;
  }
  return true;
}

/** Every whole-word match of `pattern` in `text`, in order (a match refused is retried one on). */
function* wholeMatches(pattern: RegExp, text: string): Generator<{ index: number; end: number }> {
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    const end = match.index + match[0].length;
    if (isWholeWord(text, match.index, end)) yield { index: match.index, end };
    else pattern.lastIndex = match.index + 1;
  }
}

function buildTerms(): Term[] {
  const spellings = new Map<string, string>();
  for (const [alias, canonical] of Object.entries(KEYWORD_ALIASES)) {
    spellings.set(alias, canonical);
    spellings.set(canonical, canonical);
  }
  for (const skill of PLAIN_SKILLS) spellings.set(skill, normalizeKeyword(skill));
  const terms: Term[] = [];
  for (const [spelling, canonical] of spellings) {
    if (NOT_A_CLAIM.has(canonical)) continue;
    terms.push({
      canonical,
      spelling,
      pattern: null,
      ambiguous: isAmbiguousSpelling(spelling),
      probe: (spelling.split(' ')[0] ?? '').toLowerCase(),
    });
  }
  return terms;
}

/**
 * Built on first use, each term's pattern on the first text that holds its probe: compiling all
 * few hundred Unicode-aware patterns took ~0.1 s of CPU at the first model reply, with the event
 * loop blocked, and a text names a few dozen of them at most.
 */
let TERMS: Term[] | null = null;

function patternOf(term: Term): RegExp {
  term.pattern ??= spellingPattern(term.spelling);
  return term.pattern;
}

/**
 * The terms whose first word occurs in `text`: a substring test is ~100x cheaper than running
 * each of a few hundred Unicode-aware patterns over a whole letter or resume.
 */
function candidateTerms(text: string): Term[] {
  TERMS ??= buildTerms();
  const lower = text.toLowerCase();
  return TERMS.filter((term) => lower.includes(term.probe));
}

/** The last text scanned: mentionsSkill asks about one text once per skill. */
let last: { text: string; mentions: readonly string[] } | null = null;

/** Where `term` first stands as the skill in `text`, or -1. */
function firstInContext(term: Term, text: string): number {
  for (const { index, end } of wholeMatches(patternOf(term), text)) {
    if (!term.ambiguous || skillInContext(text, index, end)) return index;
  }
  return -1;
}

/** Every place `text` names a skill, in order: the canonical skill and the offset of its spelling. */
export function skillOccurrences(text: string): Array<{ skill: string; index: number }> {
  const out: Array<{ skill: string; index: number }> = [];
  for (const term of candidateTerms(text)) {
    for (const { index, end } of wholeMatches(patternOf(term), text)) {
      if (!term.ambiguous || skillInContext(text, index, end)) out.push({ skill: term.canonical, index });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** Canonical names of the skills named in `text`, each once, in order of first mention. */
export function skillMentions(text: string): string[] {
  if (last?.text !== text) last = { text, mentions: scanMentions(text) };
  return [...last.mentions];
}

function scanMentions(text: string): string[] {
  const found = new Map<string, number>();
  for (const term of candidateTerms(text)) {
    const index = firstInContext(term, text);
    if (index < 0) continue;
    const at = found.get(term.canonical);
    if (at === undefined || index < at) found.set(term.canonical, index);
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([canonical]) => canonical);
}

/** Compiled once per skill: mentionsSkill is asked about one skill for many texts. */
const outsideVocabulary = new Map<string, RegExp>();

/** True when `text` names `skill` (by any alias) as a whole word. */
export function mentionsSkill(text: string, skill: string): boolean {
  const key = normalizeSkill(skill);
  if (skillMentions(text).includes(key)) return true;
  // A skill outside the vocabulary ("Web Development", "Compression") is matched as written.
  if (key === '') return false;
  let pattern = outsideVocabulary.get(key);
  if (!pattern) {
    pattern = spellingPattern(key);
    outsideVocabulary.set(key, pattern);
  }
  return !wholeMatches(pattern, text).next().done;
}
