import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OutputError, StorageUnwritableError } from '../../errors.js';
import type { FileEntry, FileStore } from './types.js';

/** Refuses names every FileStore refuses: empty, absolute, `..` or empty parts, NUL, backslashes. */
export function assertStoreName(name: string): void {
  const bad =
    name.length === 0 ||
    name.includes('\0') ||
    name.includes('\\') ||
    path.posix.isAbsolute(name) ||
    name.split('/').some((part) => part === '..' || part === '');
  if (bad) throw new OutputError(name, 'not a file name inside the task folder');
}

/** Resolves a store name below `root`, refusing the names `assertStoreName` refuses. */
export function resolveInside(root: string, name: string): string {
  assertStoreName(name);
  return path.join(root, ...name.split('/'));
}

/** What a failed write says about the disk (full, read-only, the folder gone or a file), not the name. */
const UNWRITABLE = new Set([
  'ENOSPC',
  'EDQUOT',
  'EROFS',
  'EACCES',
  'EPERM',
  'ENOTDIR',
  'EEXIST',
  'EIO',
  'ENOENT',
]);

/** A temporary's name as DirStore.temp makes it: the target, `.tmp-`, the writer's pid, random hex. */
const TEMP_NAME = /\.tmp-(\d+)-[0-9a-f]+$/;

/** Signal 0 checks that a process exists; EPERM means it exists under another user. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A folder on disk as a FileStore: the CLI's output folder, the embedded server's task folders. */
export class DirStore implements FileStore {
  constructor(readonly root: string) {}

  async write(name: string, data: Uint8Array | string): Promise<void> {
    const target = resolveInside(this.root, name);
    const temp = await this.temp(target, data);
    await rename(temp, target).catch((error: unknown) => this.unwritable(error, temp));
  }

  async writeOnce(name: string, data: Uint8Array | string): Promise<boolean> {
    const target = resolveInside(this.root, name);
    const temp = await this.temp(target, data);
    try {
      // link() fails with EEXIST when the name is taken: exclusive and atomic, unlike exists-then-write.
      await link(temp, target);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    } finally {
      await unlink(temp).catch(() => {});
    }
  }

  async read(name: string): Promise<Buffer | null> {
    try {
      return await readFile(resolveInside(this.root, name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async list(prefix = ''): Promise<FileEntry[]> {
    const out: FileEntry[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries: import('node:fs').Dirent[];
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const name = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.name.includes('.tmp-')) continue;
        if (entry.isDirectory()) await walk(path.join(dir, entry.name), name);
        else if (entry.isFile() && name.startsWith(prefix)) {
          out.push({ name, size: (await stat(path.join(dir, entry.name))).size });
        }
      }
    };
    await walk(this.root, '');
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * Temporaries of a process that is gone (a SIGKILL or a crash between writing and renaming):
   * list() never shows them, but they stay in the folder the user downloads or keeps. Another
   * live process's are in progress and stay.
   */
  async removeStaleTemps(): Promise<void> {
    const sweep = async (dir: string): Promise<void> => {
      const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) await sweep(full);
        const pid = Number(TEMP_NAME.exec(entry.name)?.[1]);
        if (entry.isFile() && pid > 0 && pid !== process.pid && !isAlive(pid)) {
          await unlink(full).catch(() => {});
        }
      }
    };
    await sweep(this.root);
  }

  private async temp(target: string, data: Uint8Array | string): Promise<string> {
    const temp = `${target}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(temp, data);
    } catch (error) {
      return this.unwritable(error, temp);
    }
    return temp;
  }

  /** A write the disk refused: StorageUnwritableError naming the folder; no half file is left. */
  private async unwritable(error: unknown, temp: string): Promise<never> {
    await unlink(temp).catch(() => {});
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (!UNWRITABLE.has(code)) throw error;
    throw new StorageUnwritableError(`the folder ${this.root}`, `${code} (${(error as Error).message})`, 30, {
      cause: error,
    });
  }
}
