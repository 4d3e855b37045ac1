import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { FileEntry, FileStore } from '../infra/storage/types.js';

/**
 * The files named on the command line as a task's input store: each store name maps to a file on
 * disk, so the task reads its inputs by name as it does on the service. Read-only.
 */
export class InputFiles implements FileStore {
  private readonly files = new Map<string, string>();

  add(name: string, file: string): void {
    this.files.set(name, file);
  }

  /** Every file of `folder` (and its subfolders) as `<prefix>/<relative path>`; dotfiles left out. */
  async addFolder(prefix: string, folder: string): Promise<number> {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(folder);
    } catch (cause) {
      throw new UsageError(`${folder}: not found; --resumes takes a folder of resumes`, { cause });
    }
    if (!info.isDirectory())
      throw new UsageError(`${folder}: not a folder; --resumes takes a folder of resumes`);
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    let added = 0;
    for (const entry of entries) {
      const full = path.join(entry.parentPath, entry.name);
      const rel = path.relative(folder, full).split(path.sep);
      if (!entry.isFile() || rel.some((part) => part.startsWith('.'))) continue;
      this.add(`${prefix}/${rel.join('/')}`, full);
      added++;
    }
    return added;
  }

  async read(name: string): Promise<Buffer | null> {
    const file = this.files.get(name);
    if (!file) return null;
    try {
      return await readFile(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async list(prefix = ''): Promise<FileEntry[]> {
    const out: FileEntry[] = [];
    for (const [name, file] of this.files) {
      if (name.startsWith(prefix)) out.push({ name, size: (await stat(file)).size });
    }
    return out.sort((a, b) => a.name.localeCompare(b.name));
  }

  write(name: string): Promise<void> {
    return Promise.reject(new UsageError(`${name}: the command line's inputs are read-only`));
  }

  writeOnce(name: string): Promise<boolean> {
    return Promise.reject(new UsageError(`${name}: the command line's inputs are read-only`));
  }
}
