import { readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { describeError, OutputError } from '../errors.js';

/**
 * One run at a time per state file. proper-lockfile makes `<file>.lock` (an atomic mkdir) and
 * keeps its mtime fresh while the run lives; we record the owner's pid and host beside it, so a
 * lock whose process was killed on this machine need not wait to go stale. The owner file must
 * not live inside the lock directory: writing there changes the directory's mtime, which
 * proper-lockfile reads as another process having taken the lock.
 */

const ownerFile = (file: string): string => `${file}.lock-owner.json`;
const LockOwner = z.object({ pid: z.number(), host: z.string(), at: z.string() });

/** True when the lock's recorded owner is a process of this machine that no longer exists. */
async function ownerIsGone(file: string): Promise<boolean> {
  let owner: z.infer<typeof LockOwner>;
  try {
    const parsed = LockOwner.safeParse(JSON.parse(await readFile(ownerFile(file), 'utf8')));
    if (!parsed.success) return false;
    owner = parsed.data;
  } catch {
    // No owner yet: a run is between taking the lock and writing its name. Treat it as alive.
    return false;
  }
  if (owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export type Release = () => Promise<void>;

async function lockOnce(
  file: string,
  onCompromised: (error: Error) => void,
  waitMs: number,
): Promise<Release> {
  // realpath off: the state file need not exist yet; the lock is a `<file>.lock` directory.
  const release = await lockfile.lock(file, {
    realpath: false,
    // A busy machine can delay the heartbeat by many seconds; a short threshold then reports a
    // healthy lock as compromised. A killed owner on this machine is detected by its pid instead
    // (ownerIsGone), so the long threshold only delays takeover of a lock from another machine.
    stale: 120_000,
    update: 5_000,
    onCompromised,
    // A short critical section (the shared board store) waits its turn; a run's lock does not.
    ...(waitMs > 0 ? { retries: { retries: Math.ceil(waitMs / 100), minTimeout: 50, maxTimeout: 100 } } : {}),
  });
  await writeFile(
    ownerFile(file),
    JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
  );
  return async () => {
    await rm(ownerFile(file), { force: true });
    await release();
  };
}

/**
 * Takes the lock on the state file. A lock whose owner was killed on this machine is taken over
 * at once (so a rerun right after a crash works); one whose owner is unknown or elsewhere goes
 * stale after 120 s without the owner's heartbeat.
 */
export async function takeLock(
  file: string,
  onCompromised: (error: Error) => void,
  options: { waitMs?: number } = {},
): Promise<Release> {
  const lockDir = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      return await lockOnce(file, onCompromised, options.waitMs ?? 0);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTEMPTY: proper-lockfile found the lock stale but could not rmdir it (an older layout).
      const stale = code === 'ENOTEMPTY' || (code === 'ELOCKED' && (await ownerIsGone(file)));
      if (stale && attempt === 0) {
        await rm(lockDir, { recursive: true, force: true });
        continue;
      }
      if (code === 'ELOCKED') {
        throw new OutputError(
          file,
          `another run holds the lock on ${file}; wait for it or remove the stale lock (${lockDir})`,
          { cause: error },
        );
      }
      throw new OutputError(file, `cannot lock the state file (${describeError(error)})`, { cause: error });
    }
  }
}
