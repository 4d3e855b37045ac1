/**
 * Scoring a listing 0-100 against the profile, with the reasons.
 *
 *   total = T + K + L - penalties, rounded and clamped to 0..100
 *
 *   T = 100 * wTitle    * similarity^2         (best target role; see role.ts)
 *   K = 100 * wKeywords * min(1, hits / needed)
 *   L = 100 * wLocation * location fit         (0..1; see location.ts)
 *
 * - The role similarity is squared so that a title half like the role earns a quarter: keywords
 *   and location (up to 45 points by default) must not carry a job of another specialty
 *   ("Frontend Engineer" for a backend engineer) over min_score on their own.
 * - Weights are config `match.weights` (defaults title 0.55, keywords 0.3, location 0.15),
 *   divided by their sum so any scale works. A part that cannot be judged (no target roles, no
 *   keywords) hands its weight to the others.
 * - hits: each profile keyword found counts once, 1.5 when in the title, 1 in the department or
 *   the description. needed = half the keywords, at least 3 (or all when fewer), at most 8.
 * - Before the description is read, keywords count at least half (K >= 50 * wKeywords) so a job
 *   is not dropped for text not yet seen; `rescore` replaces that with the real count, and the
 *   caller drops those that fall below min_score.
 * - Penalties: seniority (seniority.ts, 4-20 points) and a work mode that contradicts
 *   `search.remote` (10 points).
 * - An exclude word (`search.exclude`, whole words after normalisation, so "Sr" hits "Senior")
 *   sets `excluded` and the total to 0; its reason shows the points the job lost.
 * Every reason carries its points; they add up to the total (within rounding, before clamping).
 */
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import type { Profile } from '../profile/types.js';
import type { JobListing } from '../sources/types.js';
import { buildKeywordIndex, type KeywordPlace } from './keywords.js';
import { createLocationMatcher } from './location.js';
import { analyzeTitle, containsSequence, expandTokens, foldText, type TitleAnalysis } from './normalize.js';
import { createRoleMatcher, ROLE_TUNING, type RoleMatch } from './role.js';
import { type SeniorityPenalty, seniorityPenalty, targetLevels } from './seniority.js';
import { descriptionText } from './text.js';
import type { Score, ScoredJob, ScoreReason } from './types.js';

export const KEYWORD_TUNING = {
  titleHit: 1.5,
  otherHit: 1,
  neededMin: 3,
  neededMax: 8,
  /** Share of the keyword weight assumed until the description is read. */
  unreadDescriptionShare: 0.5,
} as const;

export interface Matcher {
  /** Scores one listing; `descriptionText` (Markdown or plain) overrides the listing's own description. */
  score(listing: JobListing, descriptionText?: string): Score;
  readonly roles: readonly string[];
  readonly keywords: readonly string[];
}

interface TitleFacts {
  analysis: TitleAnalysis;
  role: RoleMatch | null;
  /** Exact points and the reason for the title, the same for every listing with this title. */
  rolePoints: number;
  roleReason: ScoreReason | null;
  seniority: SeniorityPenalty | null;
  excludedBy: string | null;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;
const clampRound = (n: number): number => Math.min(100, Math.max(0, Math.round(n)));
const percent = (n: number): string => `${Math.round(n * 100)}%`;

function roleReason(title: string, role: RoleMatch, points: number): ScoreReason {
  const parts = [`matched: ${role.matched.join(', ') || 'none'}`];
  if (role.missing.length > 0) parts.push(`missing: ${role.missing.join(', ')}`);
  if (role.extra.length > 0) parts.push(`extra: ${role.extra.join(', ')}`);
  const detail =
    role.similarity >= ROLE_TUNING.matchedRoleMin
      ? `"${title}" matches target role "${role.role}" at ${percent(role.similarity)} (${parts.join('; ')})`
      : `"${title}" matches no target role well; closest "${role.role}" at ${percent(role.similarity)} (${parts.join('; ')})`;
  return { kind: 'role', detail, points: round1(points) };
}

export interface MatcherOptions {
  /**
   * The caller's min_score. A listing that stays below it even with every keyword found is
   * scored without the keyword search (most of the scoring CPU in a scan): its total counts no
   * keywords and a reason says so. Either way it is below min_score, so nothing selected changes.
   */
  skipBelow?: number;
}

export function createMatcher(
  profile: Profile,
  config: Pick<Config, 'search' | 'match'>,
  options: MatcherOptions = {},
): Matcher {
  const { title: wTitle, keywords: wKeywords, location: wLocation } = config.match.weights;
  if (wTitle + wKeywords + wLocation <= 0) {
    throw new ConfigError(
      'match.weights: title, keywords and location are all 0; give at least one a value above 0',
    );
  }
  const keywordIndex = buildKeywordIndex([...profile.keywords, ...config.search.keywords]);
  const skillWords = new Set(keywordIndex.spellings.flatMap((s) => expandTokens(foldText(s))));
  const roles = createRoleMatcher(profile.targetRoles, skillWords);
  const locations = createLocationMatcher(config.search);
  const levels = targetLevels(profile);
  const excludes = config.search.exclude
    .map((word) => ({ word, words: expandTokens(foldText(word)) }))
    .filter((e) => e.words.length > 0);

  const hasRoles = profile.targetRoles.length > 0;
  const keywordCount = keywordIndex.keywords.length;
  const weightSum = (hasRoles ? wTitle : 0) + (keywordCount > 0 ? wKeywords : 0) + wLocation;
  const scale = weightSum > 0 ? 100 / weightSum : 0;
  const titleMax = hasRoles ? wTitle * scale : 0;
  const keywordMax = keywordCount > 0 ? wKeywords * scale : 0;
  const locationMax = wLocation * scale;
  const needed = Math.min(
    KEYWORD_TUNING.neededMax,
    Math.max(Math.min(keywordCount, KEYWORD_TUNING.neededMin), Math.ceil(keywordCount / 2)),
  );

  // Titles repeat across listings ("Backend Engineer" at every company), so analyse each once.
  const titleCache = new Map<string, TitleFacts>();
  const titleFacts = (title: string): TitleFacts => {
    let facts = titleCache.get(title);
    if (facts !== undefined) return facts;
    const analysis = analyzeTitle(title);
    const excluded = excludes.find((e) => containsSequence(analysis.words, e.words));
    const role = roles.best(analysis);
    const rolePoints = role ? titleMax * role.similarity ** 2 : 0;
    facts = {
      analysis,
      role,
      rolePoints,
      roleReason: role ? roleReason(title, role, rolePoints) : null,
      seniority: seniorityPenalty(analysis, levels),
      excludedBy: excluded?.word ?? null,
    };
    if (titleCache.size >= 50_000) titleCache.clear();
    titleCache.set(title, facts);
    return facts;
  };

  const keywordReasons = (found: Map<string, KeywordPlace>, descriptionKnown: boolean): ScoreReason[] => {
    if (keywordCount === 0) return [];
    const inTitle: string[] = [];
    const inDepartment: string[] = [];
    const inDescription: string[] = [];
    for (const [keyword, place] of found) {
      (place === 'title' ? inTitle : place === 'department' ? inDepartment : inDescription).push(keyword);
    }
    const listedHits =
      inTitle.length * KEYWORD_TUNING.titleHit + inDepartment.length * KEYWORD_TUNING.otherHit;
    const descriptionHits = inDescription.length * KEYWORD_TUNING.otherHit;
    const hits = listedHits + descriptionHits;
    const earned = keywordMax * Math.min(1, hits / needed);
    const reasons: ScoreReason[] = [];
    if (listedHits > 0) {
      const where = [
        inTitle.length > 0 ? `in title: ${inTitle.join(', ')}` : '',
        inDepartment.length > 0 ? `in department: ${inDepartment.join(', ')}` : '',
      ].filter(Boolean);
      reasons.push({
        kind: 'keyword',
        detail: where.join('; '),
        points: round1((earned * listedHits) / hits),
      });
    }
    if (descriptionKnown) {
      if (descriptionHits > 0) {
        const detail = `in description: ${inDescription.join(', ')} (${found.size} keywords found, ${needed} give full marks)`;
        reasons.push({ kind: 'description', detail, points: round1((earned * descriptionHits) / hits) });
      } else if (hits === 0) {
        const detail = `none of your ${keywordCount} keywords appear in the title, department or description`;
        reasons.push({ kind: 'keyword', detail, points: 0 });
      }
    } else {
      const assumed = keywordMax * KEYWORD_TUNING.unreadDescriptionShare - earned;
      if (assumed > 0) {
        const detail = `description not read yet: keywords counted at ${percent(KEYWORD_TUNING.unreadDescriptionShare)} until it is`;
        reasons.push({ kind: 'description', detail, points: round1(assumed) });
      }
    }
    return reasons;
  };

  return {
    roles: profile.targetRoles,
    keywords: keywordIndex.keywords,
    score(listing, text) {
      const facts = titleFacts(listing.title);
      const reasons: ScoreReason[] = [];
      let sum = 0;
      const add = (reason: ScoreReason, exact: number): void => {
        reasons.push(reason);
        sum += exact;
      };
      const fit = locations.fit(listing);
      const locationPoints = locationMax * fit.part;
      const fitPenalty = fit.penalty > 0 && fit.penaltyDetail ? fit.penalty : 0;
      const withoutKeywords = facts.rolePoints + locationPoints - fitPenalty - (facts.seniority?.points ?? 0);
      const reachable = clampRound(withoutKeywords + keywordMax);
      const search = options.skipBelow === undefined || reachable >= options.skipBelow;

      // A copy, so that a caller editing one job's reasons cannot change another's.
      if (facts.roleReason) add({ ...facts.roleReason }, facts.rolePoints);

      const found = new Map<string, KeywordPlace>();
      if (search) {
        keywordIndex.find(listing.title, 'title', found);
        if (listing.department) keywordIndex.find(listing.department, 'department', found);
        const description = text ?? (listing.description ? descriptionText(listing.description) : null);
        if (description !== null) keywordIndex.find(description, 'description', found);
        for (const reason of keywordReasons(found, description !== null)) add(reason, reason.points);
      } else if (keywordCount > 0) {
        const detail = `keywords not searched: with all ${keywordCount} found the job would score ${reachable}, below min_score ${options.skipBelow}`;
        add({ kind: 'keyword', detail, points: 0 }, 0);
      }

      add({ kind: fit.kind, detail: fit.detail, points: round1(locationPoints) }, locationPoints);
      if (fitPenalty > 0 && fit.penaltyDetail) {
        add({ kind: 'penalty', detail: fit.penaltyDetail, points: -fitPenalty }, -fitPenalty);
      }
      if (facts.seniority) {
        add(
          { kind: 'penalty', detail: facts.seniority.detail, points: -facts.seniority.points },
          -facts.seniority.points,
        );
      }

      let total = clampRound(sum);
      if (facts.excludedBy !== null) {
        reasons.push({
          kind: 'exclude',
          detail: `title contains the excluded word "${facts.excludedBy}" (search.exclude)`,
          points: -total,
        });
        total = 0;
      }
      const matchedRole =
        facts.role && facts.role.similarity >= ROLE_TUNING.matchedRoleMin ? facts.role.role : null;
      return {
        total,
        reasons,
        matchedRole,
        matchedKeywords: [...found.keys()],
        excluded: facts.excludedBy !== null,
      };
    },
  };
}

/** Scores a listing as a fresh ScoredJob (no duplicates yet). */
export function scoreListing(matcher: Matcher, listing: JobListing): ScoredJob {
  return { listing, score: matcher.score(listing), duplicates: [] };
}

/**
 * Scores a job again once its description is read; the new reasons include what the description
 * showed. The caller drops the job when `score.total` is now below min_score.
 */
export function rescore(job: ScoredJob, descriptionMarkdown: string, matcher: Matcher): ScoredJob {
  return { ...job, score: matcher.score(job.listing, descriptionMarkdown) };
}
