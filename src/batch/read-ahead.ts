/** What reads one file: the parse pool, or a parse with more work after it in the same thread. */
export interface FileReader<T> {
  parse(file: string, bytes: Uint8Array): Promise<T>;
}

/** One file to read: its name in the task's inputs and the name shown (and parsed by). */
export interface ReadAheadFile {
  name: string;
  file: string;
}

/**
 * Reads the next resumes while the current ones wait for the model. In a pool whose slots spend
 * seconds on model calls the parse threads are idle most of the time, yet each new item used to
 * wait for its own parse before its model call could start: under load that wait is the pool's
 * overhead over its lower bound (bench workload (e)). Items are asked for in plan order; asking
 * for item i also starts items i+1..i+ahead. A reading is handed out once (a retried item reads
 * again), and an item this process did not plan (a queue worker) is read when asked.
 */
export class ReadAhead<T> {
  private order: ReadAheadFile[] = [];
  private readonly index = new Map<string, number>();
  private readonly started = new Map<string, Promise<T>>();
  private next = 0;

  constructor(
    private readonly parser: FileReader<T>,
    private readonly ahead: number,
  ) {}

  /** The items in the order the pool will ask for them. */
  plan(files: ReadAheadFile[]): void {
    this.order = files;
    this.index.clear();
    this.started.clear();
    this.next = 0;
    for (const [i, f] of files.entries()) this.index.set(f.name, i);
  }

  async read(item: ReadAheadFile, bytesOf: (name: string) => Promise<Uint8Array | null>): Promise<T> {
    const at = this.index.get(item.name);
    if (at !== undefined) {
      // The item asked for goes to the parser first, the next ones after it: a slot is waiting
      // for this one. (Started after its read-ahead, the run's first item queued behind eight
      // others before the first model call could go out: bench (e).)
      const limit = Math.min(this.order.length, at + 1 + this.ahead);
      for (this.next = Math.max(this.next, at); this.next < limit; this.next++) {
        const file = this.order[this.next]!;
        if (this.started.has(file.name)) continue;
        const reading = bytesOf(file.name).then((bytes) =>
          bytes
            ? this.parser.parse(file.file, bytes)
            : Promise.reject(new Error(`${file.file}: not in the inputs`)),
        );
        // Its own item awaits it and sees the failure; until then it must not count as unhandled.
        reading.catch(() => {});
        this.started.set(file.name, reading);
      }
    }
    const early = this.started.get(item.name);
    this.started.delete(item.name);
    if (early) return early;
    const bytes = await bytesOf(item.name);
    if (!bytes) throw new Error(`${item.file}: no longer in the task's inputs`);
    return this.parser.parse(item.file, bytes);
  }
}
