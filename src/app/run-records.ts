import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describeError, OutputError } from '../errors.js';
import { writeTextAtomically } from '../output/state-write.js';

/**
 * A run's record, `<run folder>/run.json`: what it is, who runs it (pid and host), its state and
 * counts. The CLI continues a killed run from its record (state "running", owner gone) and never
 * a live one; nothing is guessed from which files a folder happens to hold.
 */
export const RUN_STATES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type RunState = (typeof RUN_STATES)[number];

export const RunRecord = z.object({
  runId: z.string(),
  kind: z.string(),
  state: z.enum(RUN_STATES),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  owner: z.object({ pid: z.number(), host: z.string() }),
  /** What the run was asked to do, so only the same request continues it (candidate ids, ...). */
  scope: z.array(z.string()),
  counts: z.record(z.string(), z.number()),
});
export type RunRecord = z.infer<typeof RunRecord>;

export const RUN_RECORD_FILE = 'run.json';

/**
 * `2026-11-24T03-22-58.123Z-3f9a1c`: sortable by time, unique by its random part. The
 * milliseconds keep two runs started in one second (an interrupted run and its rerun) in order;
 * folders named before they were added (`...T03-22-58Z-3f9a1c`) are still recognised.
 */
export const RUN_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}(?:\.\d{3})?Z(?:-[0-9a-f]{6})?$/;

export function newRunId(now: Date, random: string = randomBytes(3).toString('hex')): string {
  const time = now.toISOString().replaceAll(':', '-');
  return `${time}-${random}`;
}

export async function writeRunRecord(runDir: string, record: RunRecord): Promise<void> {
  try {
    await mkdir(runDir, { recursive: true });
    await writeTextAtomically(join(runDir, RUN_RECORD_FILE), `${JSON.stringify(record, null, 2)}\n`);
  } catch (error) {
    throw new OutputError(
      runDir,
      `cannot create or write the output folder (${describeError(error)}); set output_dir or --out to a writable place`,
      { cause: error },
    );
  }
}

export async function readRunRecord(runDir: string): Promise<RunRecord | null> {
  try {
    const parsed = RunRecord.safeParse(JSON.parse(await readFile(join(runDir, RUN_RECORD_FILE), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The record of a run this process starts now. */
export function startRecord(runId: string, kind: string, scope: string[], now: Date): RunRecord {
  return {
    runId,
    kind,
    state: 'running',
    startedAt: now.toISOString(),
    finishedAt: null,
    owner: { pid: process.pid, host: hostname() },
    scope,
    counts: {},
  };
}

/** True when the owner is a process of this machine that no longer exists. */
function ownerGone(owner: RunRecord['owner']): boolean {
  if (owner.host !== hostname()) return false;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * The newest run under `outputRoot` of this kind and scope whose record says it was running and
 * whose process is gone: a killed run, to be continued in its own folder. A run that is still
 * live (or whose owner cannot be checked, on another machine) is never taken over.
 */
export async function findKilledRun(
  outputRoot: string,
  kind: string,
  scope: string[],
): Promise<string | null> {
  let names: string[];
  try {
    names = (await readdir(outputRoot, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && RUN_ID_PATTERN.test(entry.name))
      .map((entry) => entry.name)
      .sort()
      .reverse();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputError(
      outputRoot,
      `cannot list the output folder (${describeError(error)}); set output_dir or --out to a folder you can write`,
      { cause: error },
    );
  }
  const wanted = [...scope].sort().join('\n');
  for (const name of names) {
    const record = await readRunRecord(join(outputRoot, name));
    if (!record || record.kind !== kind || [...record.scope].sort().join('\n') !== wanted) continue;
    if ((record.state === 'running' || record.state === 'queued') && ownerGone(record.owner)) return name;
  }
  return null;
}
