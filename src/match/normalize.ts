/**
 * Text normalisation for matching job titles and target roles. Titles are folded (lower case,
 * accents stripped, punctuation to spaces), abbreviations expanded, and seniority words pulled out
 * so that "Sr. Back-End Engineer" and "Senior Backend Engineer" read the same and a seniority
 * difference can be scored as its own penalty instead of a role miss.
 */

/** Seniority levels, lowest first; the index is the rank used for the mismatch penalty. */
export const SENIORITY_LEVELS = ['intern', 'junior', 'mid', 'senior', 'staff', 'principal'] as const;
export type SeniorityLevel = (typeof SENIORITY_LEVELS)[number];

/** Title words that state a level. Roman numerals and bare digits are the I/II/III ladder. */
const SENIORITY_WORDS: Record<string, SeniorityLevel> = {
  intern: 'intern',
  trainee: 'intern',
  apprentice: 'intern',
  werkstudent: 'intern',
  praktikant: 'intern',
  junior: 'junior',
  entry: 'junior',
  graduate: 'junior',
  grad: 'junior',
  associate: 'junior',
  i: 'junior',
  '1': 'junior',
  mid: 'mid',
  intermediate: 'mid',
  ii: 'mid',
  '2': 'mid',
  senior: 'senior',
  iii: 'senior',
  '3': 'senior',
  staff: 'staff',
  lead: 'staff',
  iv: 'staff',
  '4': 'staff',
  principal: 'principal',
  distinguished: 'principal',
};

/**
 * Whole-word rewrites applied after folding. Abbreviations expand to their words, and common
 * non-English role nouns map to the English ones so "Entwickler" meets "Developer".
 */
const TOKEN_SYNONYMS: Record<string, string> = {
  swe: 'software engineer',
  sde: 'software engineer',
  sre: 'site reliability engineer',
  mle: 'machine learning engineer',
  dev: 'developer',
  devs: 'developer',
  eng: 'engineer',
  engr: 'engineer',
  ml: 'machine learning',
  sr: 'senior',
  jr: 'junior',
  snr: 'senior',
  mgr: 'manager',
  internship: 'intern',
  interns: 'intern',
  engineers: 'engineer',
  developers: 'developer',
  entwickler: 'developer',
  softwareentwickler: 'software developer',
  developpeur: 'developer',
  desarrollador: 'developer',
  desenvolvedor: 'developer',
  sviluppatore: 'developer',
  ingenieur: 'engineer',
  ingeniero: 'engineer',
  engenheiro: 'engineer',
  ingegnere: 'engineer',
};

/** Two-word spellings of one word ("back-end" folds to "back end"). */
const PHRASE_SYNONYMS: Array<[RegExp, string]> = [
  [/\bback end\b/g, 'backend'],
  [/\bfront end\b/g, 'frontend'],
  [/\bfull stack\b/g, 'fullstack'],
  [/\bdev ops\b/g, 'devops'],
  [/\bdata base\b/g, 'database'],
];

/** Symbols that would vanish with the punctuation; rewritten to words first. */
const SYMBOL_WORDS: Array<[RegExp, string]> = [
  [/c\+\+/gi, ' cpp '],
  [/c#/gi, ' csharp '],
  [/\.net\b/gi, ' dotnet '],
];

/** Words that carry no role meaning in a title (gender markers, work mode, fillers). */
export const TITLE_STOPWORDS = new Set([
  'a',
  'an',
  'and',
  'the',
  'of',
  'for',
  'in',
  'at',
  'with',
  'to',
  'on',
  'de',
  'del',
  'des',
  'du',
  'la',
  'le',
  'el',
  'der',
  'die',
  'das',
  'und',
  'et',
  'y',
  'all',
  'genders',
  'gn',
  'remote',
  'hybrid',
  'onsite',
  'fulltime',
  'parttime',
  'contract',
  'temporary',
  'new',
]);

/** Role nouns: the word that says what the job is. They weigh more than qualifiers. */
export const ROLE_NOUNS = new Set([
  'engineer',
  'developer',
  'programmer',
  'manager',
  'scientist',
  'analyst',
  'designer',
  'researcher',
  'architect',
  'administrator',
  'consultant',
  'recruiter',
  'executive',
  'representative',
  'specialist',
  'director',
  'head',
  'counsel',
  'partner',
  'officer',
  'writer',
  'coordinator',
  'strategist',
  'technician',
  'accountant',
]);

/** Role nouns close enough to stand in for each other ("Software Developer" ~ "Software Engineer"). */
export const ROLE_NOUN_KIN: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['engineer', 'developer', 'programmer']),
];

/** Qualifiers so broad that they barely tell roles apart ("software" in "Software Engineer"). */
export const GENERIC_WORDS = new Set(['software', 'engineering', 'technical', 'technology', 'it']);

/** Specialisations that imply "software" when next to engineer/developer ("Backend Engineer"). */
export const SOFTWARE_SPECIALTIES = new Set([
  'backend',
  'frontend',
  'fullstack',
  'web',
  'mobile',
  'ios',
  'android',
  'platform',
  'infrastructure',
  'embedded',
  'systems',
  'cloud',
  'application',
  'applications',
  'api',
  'product',
]);

// All marks, not only Latin accents: NFKD also splits kana voicing marks off their letters.
const COMBINING_MARKS = /\p{M}/gu;
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/**
 * Folded short texts (titles, locations, company and department names), which repeat across a
 * board's listings and are folded by the scorer and by dedupe: remembered, up to a bound.
 */
const folded = new Map<string, string>();
const MEMO_MAX_CHARS = 200;
const MEMO_MAX_ENTRIES = 50_000;

/** Lower case, accents stripped (NFKD), every run of punctuation or space to one space. */
export function foldText(text: string): string {
  if (text.length > MEMO_MAX_CHARS) return foldUncached(text);
  let out = folded.get(text);
  if (out === undefined) {
    out = foldUncached(text);
    if (folded.size >= MEMO_MAX_ENTRIES) folded.clear();
    folded.set(text, out);
  }
  return out;
}

function foldUncached(text: string): string {
  let out = text.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
  for (const [pattern, word] of SYMBOL_WORDS) out = out.replace(pattern, word);
  out = out.replace(NON_WORD, ' ').trim();
  for (const [pattern, word] of PHRASE_SYNONYMS) out = out.replace(pattern, word);
  return out;
}

/** Folded words with abbreviations and translations expanded ("sr swe" -> senior software engineer). */
export function expandTokens(folded: string): string[] {
  const out: string[] = [];
  for (const word of folded.split(' ')) {
    if (word === '') continue;
    const synonym = TOKEN_SYNONYMS[word];
    if (synonym === undefined) out.push(word);
    else for (const part of synonym.split(' ')) out.push(part);
  }
  return out;
}

export interface TitleAnalysis {
  /** Every expanded word in order, seniority included (for exclude words and dedupe keys). */
  words: string[];
  /** Role words: seniority, stopwords and single letters removed; order kept. */
  core: string[];
  /** Seniority levels the title states, e.g. ["senior"] for "Sr. Engineer". */
  levels: SeniorityLevel[];
  /** The seniority words as they read after expansion, for reasons ("senior", "ii"). */
  levelWords: string[];
}

/** Splits a title into role words and seniority. Pure; callers cache it where titles repeat. */
export function analyzeTitle(title: string): TitleAnalysis {
  const words = expandTokens(foldText(title));
  const core: string[] = [];
  const levels: SeniorityLevel[] = [];
  const levelWords: string[] = [];
  for (const word of words) {
    const level = SENIORITY_WORDS[word];
    if (level !== undefined) {
      levels.push(level);
      levelWords.push(word);
      continue;
    }
    if (word.length < 2 || TITLE_STOPWORDS.has(word) || /^\d+$/.test(word)) continue;
    core.push(word);
  }
  return { words, core, levels, levelWords };
}

/** The rank of a level (intern 0 ... principal 5). */
export function seniorityRank(level: SeniorityLevel): number {
  return SENIORITY_LEVELS.indexOf(level);
}

/** True when the sequence `needle` occurs contiguously in `hay`. */
export function containsSequence(hay: readonly string[], needle: readonly string[]): boolean {
  if (needle.length === 0 || needle.length > hay.length) return false;
  outer: for (let i = 0; i <= hay.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
