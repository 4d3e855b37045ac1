import { mentionsSkill, normalizeSkill, skillMentions } from './vocabulary.js';

/**
 * How relevant a line of the resume is to a job: the job's skills it names count most, then the
 * job ad's other content words it shares. Pure and deterministic, so offline output repeats.
 */
const STOPWORDS = new Set(
  (
    'the and for with you your our are was were will this that from have has had not but all any can ' +
    'who what when where which while into onto over under about more most such than then them they ' +
    'their there these those team role work working years year experience strong ability able using ' +
    'use used also well across within including include etc job jobs company candidate candidates ' +
    'responsibilities requirements preferred plus must should would could like help make new'
  ).split(' '),
);

export function contentWords(text: string): Set<string> {
  const words = text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}+#]*(?:\.[\p{L}\p{N}]+)*/gu) ?? [];
  return new Set(words.filter((w) => w.length >= 3 && !STOPWORDS.has(w)));
}

export interface JobTerms {
  skills: Set<string>;
  words: Set<string>;
  text: string;
}

export function jobTerms(title: string, description: string): JobTerms {
  const text = `${title}\n${description}`;
  return { skills: new Set(skillMentions(text)), words: contentWords(text), text };
}

export function relevance(line: string, job: JobTerms): number {
  let score = 0;
  for (const skill of skillMentions(line)) if (job.skills.has(skill)) score += 3;
  for (const word of contentWords(line)) if (job.words.has(word)) score += 1;
  return score;
}

/** Is this profile skill asked for by the job (by any alias, as a whole word)? */
export function jobWantsSkill(skill: string, job: JobTerms): boolean {
  return job.skills.has(normalizeSkill(skill)) || mentionsSkill(job.text, skill);
}

/** Most relevant first; equal scores keep their original order. */
export function byRelevance<T>(items: readonly T[], score: (item: T) => number): T[] {
  return items
    .map((item, index) => ({ item, index, score: score(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map((x) => x.item);
}
