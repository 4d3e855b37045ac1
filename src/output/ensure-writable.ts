import { access, constants, mkdir } from 'node:fs/promises';
import { OutputError } from '../errors.js';

/** Fails before any scraping when the output folder cannot be written. */
export async function ensureWritable(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (cause) {
    throw new OutputError(
      dir,
      'cannot create or write the output folder; set output_dir or --out to a writable place',
      { cause },
    );
  }
}
