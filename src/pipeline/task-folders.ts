import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TaskDeps } from '../app/task.js';
import { DirStore } from '../infra/storage/dir-store.js';

/** A task's inputs and files as folders, for code that reads and writes paths (the match pipeline). */
export interface TaskFolders {
  inputsDir: string;
  filesDir: string;
  /** Puts what was written into filesDir into the task's files (a no-op when they are the store's own). */
  upload(): Promise<void>;
  /** Removes the temporary folders, if any. */
  close(): Promise<void>;
}

/**
 * The embedded queue's stores are folders already. On Redis the stores are hashes and the worker
 * may be on another machine than the API: the inputs are copied to a temporary folder, the run
 * writes into another, and upload() puts every file it wrote into the task's result store, from
 * which the API serves them (no shared disk).
 */
export async function taskFolders(deps: Pick<TaskDeps, 'inputs' | 'files'>): Promise<TaskFolders> {
  if (deps.inputs instanceof DirStore && deps.files instanceof DirStore) {
    return {
      inputsDir: deps.inputs.root,
      filesDir: deps.files.root,
      upload: async () => {},
      close: async () => {},
    };
  }
  const root = await mkdtemp(path.join(tmpdir(), 'jm-task-'));
  const inputsDir = path.join(root, 'inputs');
  const filesDir = path.join(root, 'files');
  await mkdir(filesDir, { recursive: true });
  for (const entry of await deps.inputs.list()) {
    const bytes = await deps.inputs.read(entry.name);
    if (!bytes) continue;
    const target = path.join(inputsDir, ...entry.name.split('/'));
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, bytes);
  }
  return {
    inputsDir,
    filesDir,
    async upload() {
      for (const name of await filesUnder(filesDir)) {
        await deps.files.write(name, await readFile(path.join(filesDir, ...name.split('/'))));
      }
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
}

/** Every file below `dir`, as store names (forward slashes). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}
