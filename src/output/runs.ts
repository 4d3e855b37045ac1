import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, OutputError } from '../errors.js';
import { SUMMARY_JSON } from './summary.js';

/** The shape newRunId gives: 2026-11-24T03-22-58Z. */
export const RUN_ID_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z$/;

/**
 * The newest run folder under `outputRoot` that has no summary.json, i.e. a run that was killed
 * before it finished; null when there is none. The CLI continues in that folder instead of
 * starting a new one, so a killed run's finished applications are kept and not made again.
 */
export async function latestUnfinishedRun(outputRoot: string): Promise<string | null> {
  let names: string[];
  try {
    names = (await readdir(outputRoot, { withFileTypes: true }))
      .filter((entry) => entry.isDirectory() && RUN_ID_PATTERN.test(entry.name))
      .map((entry) => entry.name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputError(
      outputRoot,
      `cannot list the output folder (${describeError(error)}); set output_dir or --out to a folder you can write`,
      { cause: error },
    );
  }
  const newest = names.sort().at(-1);
  if (newest === undefined) return null;
  const dir = join(outputRoot, newest);
  try {
    await access(join(dir, SUMMARY_JSON));
    return null;
  } catch {
    return dir;
  }
}
