import type { Profile } from '../profile/types.js';
import { analyzeTitle, type SeniorityLevel, seniorityRank } from './normalize.js';

/**
 * Seniority is scored apart from the role: "Staff Backend Engineer" is the right role for a
 * backend engineer, just a level away, so it costs a few points instead of failing the title match.
 *
 * The user's level: the levels written in the target roles ("Senior Backend Engineer"); else the
 * level of the most recent job title, which is "mid" when it states none; else unknown (no penalty).
 * A listing that states no level is never penalised.
 * Penalty for d levels apart: min(20, 7d - 3) points (d = 1: 4, d = 2: 11, d = 3: 18).
 */

export const SENIORITY_TUNING = { perLevel: 7, offset: 3, max: 20 } as const;

/** "YYYY-MM"/"YYYY" compare as strings; a current job (no end) sorts first. */
function mostRecentTitle(profile: Pick<Profile, 'work'>): string | null {
  let best: { title: string; end: string; start: string } | null = null;
  for (const entry of profile.work) {
    const candidate = { title: entry.title, end: entry.endDate ?? '9999', start: entry.startDate ?? '' };
    if (
      best === null ||
      candidate.end > best.end ||
      (candidate.end === best.end && candidate.start > best.start)
    ) {
      best = candidate;
    }
  }
  return best?.title ?? null;
}

export function targetLevels(profile: Pick<Profile, 'targetRoles' | 'work'>): SeniorityLevel[] {
  const fromRoles = new Set(profile.targetRoles.flatMap((role) => analyzeTitle(role).levels));
  if (fromRoles.size > 0) return [...fromRoles];
  const recent = mostRecentTitle(profile);
  if (recent === null) return [];
  const levels = analyzeTitle(recent).levels;
  return levels.length > 0 ? [...new Set(levels)] : ['mid'];
}

export interface SeniorityPenalty {
  points: number;
  detail: string;
}

export function seniorityPenalty(
  listing: { levels: readonly SeniorityLevel[]; levelWords: readonly string[] },
  targets: readonly SeniorityLevel[],
): SeniorityPenalty | null {
  if (listing.levels.length === 0 || targets.length === 0) return null;
  const rank = Math.max(...listing.levels.map(seniorityRank));
  let nearest = targets[0]!;
  for (const t of targets) {
    if (Math.abs(seniorityRank(t) - rank) < Math.abs(seniorityRank(nearest) - rank)) nearest = t;
  }
  const distance = Math.abs(seniorityRank(nearest) - rank);
  if (distance === 0) return null;
  const points = Math.min(
    SENIORITY_TUNING.max,
    SENIORITY_TUNING.perLevel * distance - SENIORITY_TUNING.offset,
  );
  const direction = rank > seniorityRank(nearest) ? 'above' : 'below';
  const plural = distance === 1 ? '' : 's';
  return {
    points,
    detail: `seniority: "${listing.levelWords.join(' ')}" is ${distance} level${plural} ${direction} your ${nearest} level`,
  };
}
