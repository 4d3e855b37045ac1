import type { ResumeParser } from '../batch/parse-pool.js';
import { UsageError } from '../errors.js';
import type { FileStore } from '../infra/storage/types.js';
import { Requirements } from './criteria.js';
import { writeReports } from './report.js';
import type { CandidateResult, RankedCandidate, ScreenSummary } from './types.js';

/**
 * `--reveal <id,...>` on a finished blind screening: the named candidates get their names and
 * contact details back in candidates/<id>.json, ranking.csv, ranking.json and index.html, read
 * from the resume copies the screening kept. Nothing is screened again: scores, evidence and the
 * ranking stay as they were, and every other candidate stays an id and a file name. Each reveal
 * is logged in revealed.json (which ids, when), so who was unmasked stays on record.
 */
export interface Revealed {
  id: string;
  file: string;
  name: string | null;
  contact: CandidateResult['contact'];
}

interface RankingFile {
  job: ScreenSummary['job'];
  options: ScreenSummary['options'];
  notScreened: ScreenSummary['notScreened'];
  discardedQuotes: number;
  ranking: Array<{ id: string; rank: number; shortlisted: boolean }>;
}

async function readJson<T>(files: FileStore, name: string, folder: string): Promise<T> {
  const bytes = await files.read(name);
  if (!bytes)
    throw new UsageError(`${folder}: no ${name}; --reveal takes the --out folder of a finished screening`);
  try {
    return JSON.parse(bytes.toString('utf8')) as T;
  } catch (cause) {
    throw new UsageError(`${folder}/${name}: not readable JSON (${(cause as Error).message})`, { cause });
  }
}

export async function revealCandidates(
  files: FileStore,
  folder: string,
  ids: string[],
  parser: ResumeParser,
  now: Date,
): Promise<Revealed[]> {
  const ranking = await readJson<RankingFile>(files, 'ranking.json', folder);
  const requirements = Requirements.parse(await readJson(files, 'requirements.json', folder));
  const known = new Set(ranking.ranking.map((r) => r.id));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new UsageError(
      `--reveal ${unknown.join(',')}: no such candidate in ${folder}; use the ids of ranking.csv (e.g. ${[...known].slice(0, 3).join(',')})`,
    );
  }
  const ranked: RankedCandidate[] = [];
  const revealed: Revealed[] = [];
  for (const row of ranking.ranking) {
    let candidate = await readJson<CandidateResult>(files, `candidates/${row.id}.json`, folder);
    if (ids.includes(row.id)) {
      const bytes = await files.read(candidate.resumeFile);
      if (!bytes)
        throw new UsageError(
          `${folder}/${candidate.resumeFile}: the resume copy is gone; cannot reveal ${row.id}`,
        );
      const { content } = await parser.parse(candidate.file, bytes);
      const { email, phone, location } = content.contact;
      candidate = { ...candidate, name: content.name, contact: { email, phone, location } };
      await files.write(`candidates/${row.id}.json`, `${JSON.stringify(candidate, null, 2)}\n`);
      revealed.push({ id: row.id, file: candidate.file, name: candidate.name, contact: candidate.contact });
    }
    ranked.push({ ...candidate, rank: row.rank, shortlisted: row.shortlisted });
  }
  await writeReports(
    {
      job: ranking.job,
      requirements,
      ranked,
      notScreened: ranking.notScreened,
      discardedQuotes: ranking.discardedQuotes,
      options: ranking.options,
    },
    files,
  );
  const log = (await files.read('revealed.json'))?.toString('utf8');
  const entries = log ? (JSON.parse(log) as unknown[]) : [];
  entries.push({ at: now.toISOString(), ids });
  await files.write('revealed.json', `${JSON.stringify(entries, null, 2)}\n`);
  return revealed;
}
