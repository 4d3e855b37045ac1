import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { RUN_ID_PATTERN } from '../../../src/app/run-records.js';
import { listCompleteApplications } from '../../../src/output/index.js';
import { RunSummary } from '../../../src/output/schemas.js';
import type { ApplicationRecord, RunSummary as RunSummaryType } from '../../../src/output/types.js';
import { HandledFile, handledFile } from '../../../src/stores/handled-store.js';
import { readZip } from './zip.js';

/**
 * What a scenario left on disk, checked as a user (or the next run) would rely on it: each
 * application folder whole, each run's summary valid, the state file valid and in agreement with
 * the folders, no lock or half-written file left behind.
 */

export interface AuditedApplication {
  runId: string;
  /** Relative to the run folder. */
  folder: string;
  record: ApplicationRecord;
}

export interface OutputAudit {
  runs: Array<{ id: string; summary: RunSummaryType | null }>;
  applications: AuditedApplication[];
  /** Job id -> every folder that holds it, `<run>/<company>/<job>`. */
  folders: Map<string, string[]>;
  handled: Set<string>;
  /** Temporaries left in the caches by killed writers (reported, not a failure). */
  cacheTemps: string[];
  problems: string[];
}

/**
 * Temporaries a writer killed mid-write leaves beside its file: `<name>.<pid>.<n>.tmp` (every
 * atomic write, src/output/state-write.ts), and write-file-atomic's `<name>.<number>` from older
 * versions.
 */
const ATOMIC_TEMP = /\.\d{6,}$|\.\d+\.\d+\.tmp$/;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

/** Every file below `dir`, absolute. */
export async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(full, ...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

/** Why a written file is not whole, or null. */
async function fileProblem(file: string): Promise<string | null> {
  const data = await readFile(file).catch(() => null);
  if (data === null) return 'missing';
  if (data.length === 0) return 'empty';
  try {
    if (file.endsWith('.json')) JSON.parse(data.toString('utf8'));
    else if (file.endsWith('.docx')) readZip(data);
    else if (file.endsWith('.pdf') && !data.subarray(-1024).toString('latin1').includes('%%EOF')) {
      return 'PDF without %%EOF';
    }
  } catch (error) {
    return (error as Error).message;
  }
  return null;
}

async function auditRun(outDir: string, id: string, audit: OutputAudit): Promise<void> {
  const runDir = path.join(outDir, id);
  let summary: RunSummaryType | null = null;
  if (await exists(path.join(runDir, 'summary.json'))) {
    const parsed = RunSummary.safeParse(
      JSON.parse(await readFile(path.join(runDir, 'summary.json'), 'utf8').catch(() => 'null')),
    );
    if (parsed.success) summary = parsed.data;
    else audit.problems.push(`${id}/summary.json does not match its schema`);
    for (const file of ['summary.md', 'index.html']) {
      if (!(await exists(path.join(runDir, file))))
        audit.problems.push(`${id}: summary.json without ${file}`);
    }
  }
  audit.runs.push({ id, summary });
  const listing = await listCompleteApplications(runDir);
  for (const skipped of listing.skipped)
    audit.problems.push(`${id}/${skipped.folder}: not an application (${skipped.reason})`);
  if (summary) {
    // A finished run's summary and review page show every application in its folder, including
    // those an earlier, killed attempt of the same run wrote.
    const listed = new Set(summary.applications.map((a) => a.folder));
    const missing = listing.applications.filter((a) => !listed.has(a.folder)).map((a) => a.folder);
    const onDisk = new Set(listing.applications.map((a) => a.folder));
    const gone = [...listed].filter((folder) => !onDisk.has(folder));
    if (gone.length > 0)
      audit.problems.push(`${id}: summary.json lists applications not in its folder: ${gone.join(', ')}`);
    if (missing.length > 0)
      audit.problems.push(
        `${id}: summary.json omits ${missing.length} applications in its folder: ${missing.join(', ')}`,
      );
    const page = await readFile(path.join(runDir, 'index.html'), 'utf8').catch(() => '');
    const unlinked = listing.applications.filter((a) => !page.includes(`href="${a.folder}/job.json"`));
    if (page && unlinked.length > 0)
      audit.problems.push(
        `${id}: index.html omits ${unlinked.length} applications: ${unlinked.map((a) => a.folder).join(', ')}`,
      );
  }
  for (const { folder, record } of listing.applications) {
    audit.applications.push({ runId: id, folder, record });
    const where = `${id}/${folder}`;
    audit.folders.set(record.id, [...(audit.folders.get(record.id) ?? []), where]);
    const onDisk = (await readdir(path.join(runDir, folder))).sort();
    const listed = [...record.files].sort();
    if (JSON.stringify(onDisk) !== JSON.stringify(listed))
      audit.problems.push(`${where}: files ${onDisk.join(',')} but job.json lists ${listed.join(',')}`);
    for (const name of listed) {
      const problem = await fileProblem(path.join(runDir, folder, name));
      if (problem) audit.problems.push(`${where}/${name}: ${problem}`);
    }
  }
  // A finished run has nothing half-written left in it; an unfinished one is cleaned by the next.
  if (summary) {
    for (const file of await listFiles(runDir)) {
      if (file.includes('.partial-'))
        audit.problems.push(`${path.relative(outDir, file)}: partial left behind`);
    }
  }
}

export async function auditOutput(
  outDir: string,
  stateFile = path.join(outDir, 'state.json'),
): Promise<OutputAudit> {
  const audit: OutputAudit = {
    runs: [],
    applications: [],
    folders: new Map(),
    handled: new Set(),
    cacheTemps: [],
    problems: [],
  };
  const names = await readdir(outDir).catch(() => [] as string[]);
  const ids = names.filter((n) => RUN_ID_PATTERN.test(n)).sort();
  const stateName = path.relative(outDir, stateFile);
  for (const name of names) {
    if (
      !RUN_ID_PATTERN.test(name) &&
      name !== '.cache' &&
      !name.startsWith(stateName) &&
      !name.startsWith('handled-')
    )
      audit.problems.push(`${name}: in the output folder but neither a run, the state nor the cache`);
  }
  for (const id of ids) await auditRun(outDir, id, audit);
  const handledPath = handledFile(stateFile, 'default');
  if (await exists(handledPath)) {
    let handled: HandledFile | null = null;
    try {
      const parsed = HandledFile.safeParse(JSON.parse(await readFile(handledPath, 'utf8')));
      if (parsed.success) handled = parsed.data;
      else audit.problems.push('handled store does not match its schema');
    } catch (error) {
      audit.problems.push(`handled store is not JSON: ${(error as Error).message}`);
    }
    for (const id of Object.keys(handled?.handled ?? {})) {
      audit.handled.add(id);
      if (!audit.folders.has(id)) audit.problems.push(`state: ${id} handled, but no run folder holds it`);
    }
  }
  for (const id of audit.folders.keys()) {
    if (!audit.handled.has(id)) audit.problems.push(`${id}: written but not marked handled in the state`);
  }
  for (const leftover of ['.lock', '.lock-owner.json']) {
    for (const file of [stateFile, handledPath])
      if (await exists(file + leftover)) audit.problems.push(`state lock left behind (${leftover})`);
  }
  for (const file of await listFiles(outDir)) {
    if (!ATOMIC_TEMP.test(file)) continue;
    const where = path.relative(outDir, file);
    // In the caches a leftover is garbage, never read; beside the state or in a run it is a fault.
    if (where.startsWith(`.cache${path.sep}`)) audit.cacheTemps.push(where);
    else audit.problems.push(`${where}: temporary file left behind`);
  }
  return audit;
}

/** How scenarios name a job: its company and title (titles are unique per board, see e2eBoards). */
export const jobKey = (company: string, title: string): string => `${company} / ${title}`;

/** Jobs expected vs written: done, lost, duplicates, plus any written job that was not expected. */
export function countJobs(
  audit: OutputAudit,
  expected: Set<string>,
): { done: number; lost: number; duplicates: number; unexpected: string[] } {
  const byKey = new Map<string, number>();
  for (const { record } of audit.applications) {
    const key = jobKey(record.company, record.title);
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  let done = 0;
  let duplicates = 0;
  for (const [key, copies] of byKey) {
    duplicates += copies - 1;
    if (expected.has(key)) done++;
  }
  const unexpected = [...byKey.keys()].filter((key) => !expected.has(key));
  return { done, lost: expected.size - done, duplicates, unexpected };
}
