/**
 * Where a task's files live: a folder on disk (CLI, embedded server) or Redis (workers on many
 * machines, no shared disk). Names are relative POSIX paths ("ranking.csv", "alice/resume.docx");
 * a name that climbs out ("../x") or is absolute is refused by every implementation.
 */
export interface FileEntry {
  name: string;
  size: number;
}

export interface FileStore {
  /** Atomic: a reader sees the whole file or none. Writing a name again replaces it. */
  write(name: string, data: Uint8Array | string): Promise<void>;
  /** Writes only if the name does not exist yet; true when this call wrote it (exactly-once writes). */
  writeOnce(name: string, data: Uint8Array | string): Promise<boolean>;
  /** null when there is no such file. */
  read(name: string): Promise<Buffer | null>;
  /** Every file under `prefix` (default: all), sorted by name. */
  list(prefix?: string): Promise<FileEntry[]>;
  /**
   * Removes what a writer killed mid-write left behind (a store whose writes leave nothing behind
   * has no such method). Called when a task starts or continues after a restart.
   */
  removeStaleTemps?(): Promise<void>;
}
