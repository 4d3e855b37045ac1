import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { describeError, OutputError } from '../errors.js';
import { formatIssues } from '../output/schemas.js';
import { writeAtomically } from '../output/state-write.js';

/**
 * A store's file: read and validated (a corrupt file is reported with the way out and never
 * overwritten), written whole or not at all. Missing means empty.
 */
export async function readStoreFile<T>(file: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OutputError(file, `cannot read the state file (${describeError(error)})`, { cause: error });
  }
  const recover = `it was left as it is: fix it, or move it aside (e.g. to ${file}.bad) to start with a fresh state, which redoes every job`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new OutputError(file, `the state file is not valid JSON (${describeError(error)}); ${recover}`, {
      cause: error,
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new OutputError(
      file,
      `the state file does not match its schema: ${formatIssues(parsed.error)}; ${recover}`,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

export async function writeStoreFile(file: string, value: unknown): Promise<void> {
  try {
    await writeAtomically(file, [Buffer.from(`${JSON.stringify(value, null, 1)}\n`)]);
  } catch (error) {
    throw new OutputError(file, `cannot write the state file (${describeError(error)})`, { cause: error });
  }
}
