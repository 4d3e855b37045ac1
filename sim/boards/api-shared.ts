import { createHash } from 'node:crypto';
import { decodeHTML } from 'entities';
import type { SimBoard, SimContext, SimJob } from '../types.js';
import { postingPath } from './postings.js';

/**
 * Helpers shared by the simulated job-board APIs (greenhouse, lever, ashby, workday,
 * smartrecruiters): deterministic ids, location pieces, section splitting, query parsing.
 */

function digest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** A UUID-shaped id derived from a SimJob id, the same on every run. */
export function uuidFor(scope: string, id: string): string {
  const h = digest(`${scope}:${id}`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A 32-hex id (Workday GUIDs, facet ids), the same on every run. */
export function hexFor(scope: string, id: string): string {
  return digest(`${scope}:${id}`).slice(0, 32);
}

/** Jobs a public API shows: unlisted ones only appear where the real API shows them (Ashby). */
export const publicJobs = (board: SimBoard): SimJob[] => board.jobs.filter((j) => !j.unlisted);

/** The job's posting page on the simulator (served by ./postings.ts for every kind). */
export const pageUrl = (ctx: SimContext, board: SimBoard, job: SimJob): string =>
  `${ctx.origin}${postingPath(board.slug, job.id)}`;

/** A path parameter, percent-decoded. */
export function param(match: RegExpExecArray, index: number): string {
  const raw = match[index] ?? '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** A non-negative integer query parameter, or `fallback` when absent or not a number. */
export function intQuery(url: URL, name: string, fallback: number): number {
  const value = Number(url.searchParams.get(name));
  return url.searchParams.has(name) && Number.isInteger(value) && value >= 0 ? value : fallback;
}

const COUNTRIES: Record<string, string> = {
  'United States': 'US',
  US: 'US',
  'United Kingdom': 'GB',
  Germany: 'DE',
  Canada: 'CA',
  Ireland: 'IE',
  Netherlands: 'NL',
  Brazil: 'BR',
  France: 'FR',
  Spain: 'ES',
  Poland: 'PL',
  India: 'IN',
  Israel: 'IL',
};

export interface Place {
  city: string | null;
  /** US state code, or null. */
  region: string | null;
  /** Full country name, or a region ("Europe") for remote areas. */
  country: string | null;
  /** ISO 3166 alpha-2, upper case, when known. */
  alpha2: string | null;
  remote: boolean;
}

/** 'San Francisco, CA' | 'London, United Kingdom' | 'Remote - US' -> its pieces. */
export function placeOf(location: string): Place {
  const remote = /^Remote\b/i.exec(location);
  if (remote) {
    const area = location.replace(/^Remote\s*[-–,]?\s*/i, '').trim();
    const country = area === 'US' ? 'United States' : area || null;
    return {
      city: null,
      region: null,
      country,
      alpha2: country ? (COUNTRIES[country] ?? null) : null,
      remote: true,
    };
  }
  const [city = location, rest = ''] = location.split(',').map((s) => s.trim());
  if (/^[A-Z]{2}$/.test(rest)) {
    return { city, region: rest, country: 'United States', alpha2: 'US', remote: false };
  }
  const country = rest || null;
  return {
    city,
    region: null,
    country,
    alpha2: country ? (COUNTRIES[country] ?? null) : null,
    remote: false,
  };
}

/** ISO 8601 with a fixed offset, as boards in a US timezone write it ("...T10:55:28-04:00"). */
export function isoWithOffset(iso: string, offsetHours: number): string {
  const shifted = new Date(new Date(iso).getTime() + offsetHours * 3_600_000);
  const sign = offsetHours < 0 ? '-' : '+';
  const hours = String(Math.abs(offsetHours)).padStart(2, '0');
  return `${shifted.toISOString().slice(0, 19)}${sign}${hours}:00`;
}

/** Text of an HTML fragment, roughly as boards' "...Plain" fields give it. */
export function plainOf(html: string): string {
  return decodeHTML(
    html
      .replace(/<\/(p|div|h[1-6]|li|ul)>/gi, '$&\n')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface Section {
  /** The `<h2>` text, or null for what comes before the first heading. */
  heading: string | null;
  body: string;
}

/** Splits a description at its `<h2>` headings. */
export function sectionsOf(html: string): Section[] {
  const sections: Section[] = [];
  const parts = html.split(/<h2>(.*?)<\/h2>/i);
  const lead = parts[0]?.trim();
  if (lead) sections.push({ heading: null, body: lead });
  for (let i = 1; i < parts.length; i += 2) {
    sections.push({ heading: decodeHTML(parts[i] ?? ''), body: (parts[i + 1] ?? '').trim() });
  }
  return sections;
}

/** A section whose body is a list: the list items, and whatever follows the list. */
export function listOf(section: Section): { items: string; after: string } | null {
  const match = /^<ul>([\s\S]*?)<\/ul>([\s\S]*)$/i.exec(section.body);
  return match ? { items: match[1] ?? '', after: (match[2] ?? '').trim() } : null;
}

/** The newest posting date of a board: the simulator's "today" for relative dates. */
export function boardToday(board: SimBoard): number {
  return Math.max(0, ...board.jobs.map((j) => Date.parse(j.postedAt)));
}
