import type { Profile } from '../profile/types.js';
import {
  containsPhrase,
  employerClaims,
  numbersIn,
  plainWords,
  profileSkills,
  profileText,
  saidOfEmployer,
  titleClaims,
  yearsOfExperience,
} from './claims.js';
import type { CoverLetter, FactGuardResult, TailoredResume } from './types.js';
import { escapeRegExp, normalizeSkill, skillMentions, skillOccurrences } from './vocabulary.js';

/**
 * The fact guard: nothing in the tailored resume or the cover letter may claim what the Profile
 * does not say. It runs on every result, the model's and the offline generator's alike.
 */
export interface GuardInput {
  resume: TailoredResume;
  coverLetter: CoverLetter;
  profile: Profile;
  job: { company: string; title: string; description: string };
  /** Text the output must never repeat, such as the system prompt. */
  secretTexts?: string[];
  /** For the "N years of experience" a summary may state. */
  now: Date;
}

const WORK_REF = /^work\[(\d+)\]$/;
const BULLET_REF = /^work\[(\d+)\]\.bullets\[(\d+)\]$/;
/** Words in a row that count as copying rather than coincidence. */
const SECRET_RUN = 8;
const DESCRIPTION_RUN = 12;
const API_KEY = /\bsk-[A-Za-z0-9_-]{16,}/;

export function checkFacts(input: GuardInput): FactGuardResult {
  const facts = new Facts(input);
  facts.checkResume();
  facts.checkCoverLetter();
  facts.checkLeaks();
  const violations = [...new Set(facts.violations)];
  return { passed: violations.length === 0, violations };
}

const same = (a: string | null, b: string | null) => plainWords(a ?? '') === plainWords(b ?? '');
const quote = (text: string) => `"${text.length > 60 ? `${text.slice(0, 57)}...` : text}"`;

function wordRuns(text: string, length: number): string[] {
  const words = plainWords(text).trim().split(' ').filter(Boolean);
  const runs: string[] = [];
  for (let i = 0; i + length <= words.length; i++) runs.push(words.slice(i, i + length).join(' '));
  return runs;
}

class Facts {
  readonly violations: string[] = [];
  private readonly corpus: string;
  private readonly skills: Set<string>;
  private readonly skillPhrases: Set<string>;
  private readonly profileNumbers: Set<string>;
  private readonly jobSkills: Set<string>;

  constructor(private readonly input: GuardInput) {
    const { profile, now } = input;
    this.corpus = plainWords(profileText(profile));
    this.skills = profileSkills(profile);
    this.skillPhrases = new Set(profile.skills.map((s) => plainWords(s)));
    this.profileNumbers = new Set(numbersIn(profileText(profile)));
    this.jobSkills = new Set(skillMentions(`${input.job.title}\n${input.job.description}`));
    const years = yearsOfExperience(profile, now);
    // "8+ years" from a 2016-2024 history is a fact the dates carry, as is a year less.
    if (years !== null) for (const y of [years - 1, years]) this.profileNumbers.add(String(y));
  }

  checkResume(): void {
    const { resume, profile } = this.input;
    if (!same(resume.name, profile.name))
      this.violations.push(`name ${quote(resume.name)} is not the resume's`);
    for (const role of resume.work) this.checkRole(role);
    for (const skill of resume.skills) {
      if (!this.skills.has(normalizeSkill(skill)) && !this.skillPhrases.has(plainWords(skill))) {
        this.violations.push(`skill ${quote(skill)} is not in the resume`);
      }
    }
    this.checkText(resume.summary, 'summary', this.profileNumbers);
    if (resume.headline) this.checkText(resume.headline, 'headline', this.profileNumbers);
    for (const e of resume.education) {
      const known = profile.education.some(
        (p) =>
          same(p.institution, e.institution) &&
          same(p.degree, e.degree) &&
          same(p.area, e.area) &&
          p.startDate === e.startDate &&
          p.endDate === e.endDate,
      );
      if (!known) {
        this.violations.push(
          `education ${quote(`${e.degree ?? ''} ${e.institution}`.trim())} is not in the resume as given`,
        );
      }
    }
    for (const p of resume.projects) {
      const own = profile.projects.find((q) => same(q.name, p.name));
      if (!own) this.violations.push(`project ${quote(p.name)} is not in the resume`);
      else
        for (const b of p.bullets)
          if (!own.bullets.includes(b))
            this.violations.push(`project bullet ${quote(b)} is not in the resume`);
    }
    for (const c of resume.certifications) {
      if (!profile.certifications.some((p) => same(p, c)))
        this.violations.push(`certification ${quote(c)} is not in the resume`);
    }
  }

  private checkRole(role: TailoredResume['work'][number]): void {
    const index = WORK_REF.exec(role.source)?.[1];
    const entry = index === undefined ? undefined : this.input.profile.work[Number(index)];
    if (!entry) {
      this.violations.push(
        `role ${quote(`${role.title}, ${role.employer}`)} cites ${quote(role.source)}, which is not a work entry of the resume`,
      );
      if (!containsPhrase(this.corpus, role.employer))
        this.violations.push(`employer ${quote(role.employer)} is not in the resume`);
      return;
    }
    if (!same(role.employer, entry.employer))
      this.violations.push(
        `employer ${quote(role.employer)} is not in the resume (${role.source} is ${quote(entry.employer)})`,
      );
    if (!same(role.title, entry.title))
      this.violations.push(
        `title ${quote(role.title)} at ${entry.employer} is not in the resume (it says ${quote(entry.title)})`,
      );
    if (role.startDate !== entry.startDate || role.endDate !== entry.endDate) {
      this.violations.push(
        `dates of ${entry.employer} (${role.startDate}-${role.endDate}) do not match the resume (${entry.startDate}-${entry.endDate})`,
      );
    }
    if (!same(role.location, entry.location))
      this.violations.push(
        `location of ${entry.employer} ${quote(role.location ?? '')} does not match the resume`,
      );
    for (const bullet of role.bullets) {
      const ref = BULLET_REF.exec(bullet.source);
      const source = ref && Number(ref[1]) === Number(index) ? entry.bullets[Number(ref[2])] : undefined;
      if (source === undefined) {
        this.violations.push(
          `bullet ${quote(bullet.text)} cites ${quote(bullet.source)}, which is not a bullet of ${entry.employer}`,
        );
        this.checkText(bullet.text, 'bullet', this.profileNumbers);
      } else {
        // A reworded bullet keeps the numbers of the bullet it came from; no others.
        this.checkText(bullet.text, 'bullet', new Set(numbersIn(source)));
      }
    }
  }

  checkCoverLetter(): void {
    const { coverLetter, job } = this.input;
    const numbers = new Set([...this.profileNumbers, ...numbersIn(`${job.title}\n${job.description}`)]);
    const texts = [coverLetter.greeting, ...coverLetter.paragraphs, coverLetter.closing];
    for (const text of texts) this.checkText(text, 'cover letter', numbers, true);
    if (!same(coverLetter.signature, this.input.profile.name)) {
      this.violations.push(
        `cover letter is signed ${quote(coverLetter.signature)}, not with the resume's name`,
      );
    }
  }

  /** Skills, employers, titles and numbers named in free text. */
  private checkText(text: string, where: string, numbers: Set<string>, letter = false): void {
    const named = letter ? this.withoutJobNames(text) : text;
    for (const { skill, index } of skillOccurrences(named)) {
      if (this.skills.has(skill)) continue;
      // The letter may name the job's own technology as the company's; never as the candidate's.
      if (letter && this.jobSkills.has(skill) && saidOfEmployer(named, index)) continue;
      this.violations.push(`skill ${quote(skill)} in the ${where} is not in the resume`);
    }
    for (const org of employerClaims(text)) {
      if (!this.knownOrganisation(org, letter))
        this.violations.push(`employer ${quote(org)} in the ${where} is not in the resume`);
    }
    for (const title of titleClaims(text)) {
      const applyingFor = letter && containsPhrase(plainWords(this.input.job.title), title);
      if (!applyingFor && !containsPhrase(this.corpus, title))
        this.violations.push(`title ${quote(title)} in the ${where} is not in the resume`);
    }
    for (const n of numbersIn(text)) {
      if (!numbers.has(n)) this.violations.push(`number ${n} in the ${where} is not in the resume`);
    }
  }

  /**
   * The letter names the role and company applied to without claiming what they contain: "the
   * Machine Learning Engineer role" says nothing about the candidate's machine learning.
   */
  private withoutJobNames(text: string): string {
    let out = text;
    // Each name becomes the words it stands for, so "Acme's use of Kafka" stays about the company.
    const names: Array<[string, string]> = [
      [this.input.job.title, ' the role '],
      [this.input.job.company, ' the company '],
    ];
    for (const [name, stand] of names) {
      if (name.trim()) out = out.replace(new RegExp(escapeRegExp(name.trim()), 'giu'), stand);
    }
    return out;
  }

  /**
   * A name after "at"/"joined"/"worked for" must be in the profile (or, in the letter, be the
   * company applied to). "Pied Piper Inc" passes on "Pied Piper"; "Acme and Initech" needs both.
   */
  private knownOrganisation(name: string, letter: boolean): boolean {
    const known = (phrase: string) =>
      containsPhrase(this.corpus, phrase) ||
      (letter && containsPhrase(plainWords(this.input.job.company), phrase));
    if (known(name) || skillMentions(name).length > 0) return true;
    return name.split(/\s+(?:and|&)\s+/u).every((part) => {
      const words = part.split(/\s+/u);
      for (let n = words.length; n > 0; n--) if (known(words.slice(0, n).join(' '))) return true;
      return false;
    });
  }

  /** The output may not carry the system prompt, an API key, or long runs of the job ad. */
  checkLeaks(): void {
    const { resume, coverLetter, secretTexts = [], job } = this.input;
    const output = [
      resume.summary,
      resume.headline ?? '',
      ...resume.skills,
      ...resume.work.flatMap((r) => [r.employer, r.title, ...r.bullets.map((b) => b.text)]),
      coverLetter.greeting,
      ...coverLetter.paragraphs,
      coverLetter.closing,
    ].join('\n');
    if (API_KEY.test(output))
      this.violations.push('the output contains something that looks like an API key');
    const outputWords = plainWords(output);
    const leaked = secretTexts.some((secret) =>
      wordRuns(secret, SECRET_RUN).some((run) => outputWords.includes(` ${run} `)),
    );
    if (leaked) this.violations.push('the output repeats the system instructions');
    const copied = wordRuns(job.description, DESCRIPTION_RUN).find((run) => outputWords.includes(` ${run} `));
    if (copied)
      this.violations.push(`the output copies the job description word for word (${quote(copied)})`);
  }
}
