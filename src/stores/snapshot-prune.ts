import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A snapshot no board refers to and nobody is about to: past this age it is a leftover (of a crash,
 * of an older version, of a run that failed before it saved its state), never a run's work in
 * progress. Another run on the same state may have written a snapshot it has not saved yet.
 */
export const ORPHAN_SNAPSHOT_AGE_MS = 7 * 24 * 3600 * 1000;

/**
 * Removes from `folder` the board snapshots the saved state no longer refers to: those this run
 * replaced, at once, and any other past ORPHAN_SNAPSHOT_AGE_MS (temporaries of a killed write
 * included). Called under the state's lock, after the merged state is written. Without it the
 * folder only grew: every board that changed left its old snapshot behind (a 300-board scan run
 * daily, ~90 MB a day, and the Actions cache carries the folder from run to run).
 */
export async function pruneSnapshots(
  folder: string,
  referenced: ReadonlySet<string>,
  replaced: ReadonlySet<string>,
  nowMs: number,
): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const file of names) {
    const name = file.replace(/\.json$/, '');
    if (referenced.has(name)) continue;
    const old = replaced.has(name)
      ? true
      : await stat(join(folder, file)).then(
          (s) => s.isFile() && nowMs - s.mtimeMs > ORPHAN_SNAPSHOT_AGE_MS,
          () => false,
        );
    // Best effort: a snapshot left behind costs disk, never a result.
    if (old) await rm(join(folder, file), { force: true }).catch(() => undefined);
  }
}
