import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';

/**
 * A snapshot no board refers to and nobody is about to: past this age it is a leftover (of a crash,
 * of an older version, of a run that failed before it saved its state), never a run's work in
 * progress. Another run on the same state may have written a snapshot it has not saved yet.
 */
export const ORPHAN_SNAPSHOT_AGE_MS = 7 * 24 * 3600 * 1000;

/** Names the one state file the folder's snapshots serve, or says that several share it. */
export const OWNER_FILE = '.state';
const SHARED = 'shared';

/**
 * Whether `stateFile` is the only state that uses the snapshots `folder`: only then may its
 * references decide what is unused. Snapshots are named by content, so the states of several
 * users (serve shares one cache) hold the same names. The first state to use the folder claims
 * it; a second one marks it shared for good. The state is named relative to the folder, so a
 * folder carried to another machine with its state (the Actions cache) stays owned.
 */
export async function claimSnapshots(folder: string, stateFile: string): Promise<'own' | 'shared'> {
  const marker = join(folder, OWNER_FILE);
  const me = relative(folder, stateFile);
  try {
    await mkdir(folder, { recursive: true });
    const claimed = await writeFile(marker, me, { flag: 'wx' }).then(
      () => true,
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    if (claimed) return 'own';
    const owner = (await readFile(marker, 'utf8')).trim();
    if (owner === me) return 'own';
    if (owner !== SHARED) await writeFile(marker, SHARED);
    return 'shared';
  } catch {
    // Unsure whose it is: then it is nobody's to prune.
    return 'shared';
  }
}

/**
 * Removes from `folder` the board snapshots the saved state no longer refers to: those this run
 * replaced, at once, and any other past ORPHAN_SNAPSHOT_AGE_MS (temporaries of a killed write
 * included). Called under the state's lock, after the merged state is written, and only for a
 * folder the state owns (claimSnapshots). Without it the folder only grew: every board that
 * changed left its old snapshot behind (a 300-board scan run daily, ~90 MB a day, and the Actions
 * cache carries the folder from run to run).
 */
export async function pruneSnapshots(
  folder: string,
  referenced: ReadonlySet<string>,
  replaced: ReadonlySet<string>,
  nowMs: number,
): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const file of names) {
    if (file.startsWith('.')) continue;
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
