import { resolveInside } from './dir-store.js';
import type { FileEntry, FileStore } from './types.js';

/**
 * A FileStore in memory: the CLI's inputs gathered from a folder or a zip, and tests. Names are
 * checked exactly as DirStore checks them, so a name one store refuses every store refuses.
 */
export class MemoryStore implements FileStore {
  private readonly files = new Map<string, Buffer>();

  async write(name: string, data: Uint8Array | string): Promise<void> {
    resolveInside('/', name);
    this.files.set(name, Buffer.from(data));
  }

  async writeOnce(name: string, data: Uint8Array | string): Promise<boolean> {
    resolveInside('/', name);
    if (this.files.has(name)) return false;
    this.files.set(name, Buffer.from(data));
    return true;
  }

  async read(name: string): Promise<Buffer | null> {
    resolveInside('/', name);
    return this.files.get(name) ?? null;
  }

  async list(prefix = ''): Promise<FileEntry[]> {
    return [...this.files.entries()]
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, data]) => ({ name, size: data.length }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
