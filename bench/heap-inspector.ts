import { WebSocket } from 'undici';

/**
 * Another Node process's live heap, read over the Chrome DevTools Protocol from its inspector
 * (the process started with --inspect=127.0.0.1:0): a full collection first, so garbage that
 * V8 has not yet swept is not counted as held (heap_size_used from /metrics counts it). Nothing
 * in the product is changed for it. undici's WebSocket (a dependency already): Node 20 has no
 * global WebSocket without a flag.
 */
export interface HeapInspector {
  /** The main thread's heap in use after a full collection. */
  liveHeapBytes(): Promise<number>;
  /** A heap snapshot (V8 collects before it takes one), as DevTools loads it (.heapsnapshot). */
  heapSnapshot(): Promise<string>;
  /** A heap snapshot's objects by constructor. */
  heapSummary(): Promise<HeapSummary>;
  close(): void;
}

/** Per constructor (objects) or kind in parentheses (strings, arrays, closures, code): count, bytes. */
export type HeapSummary = Map<string, { count: number; selfBytes: number }>;

const LISTENING = /Debugger listening on (ws:\/\/\S+)/;

/** The inspector's WebSocket address from what the process printed on stderr, or null. */
export function inspectorUrlOf(stderr: string): string | null {
  return LISTENING.exec(stderr)?.[1] ?? null;
}

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
}

export async function connectInspector(url: string): Promise<HeapInspector> {
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  let chunks: string[] = [];
  let nextId = 1;
  socket.addEventListener('message', (ev) => {
    const message = JSON.parse(String(ev.data)) as {
      id?: number;
      method?: string;
      params?: { chunk?: string };
      result?: unknown;
      error?: { message: string };
    };
    if (message.method === 'HeapProfiler.addHeapSnapshotChunk') chunks.push(message.params?.chunk ?? '');
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(`inspector: ${message.error.message}`));
    else waiter?.resolve(message.result);
  });
  socket.addEventListener('close', () => {
    for (const waiter of pending.values()) waiter.reject(new Error(`inspector at ${url} closed`));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true });
    socket.addEventListener('error', () => reject(new Error(`inspector at ${url}: cannot connect`)), {
      once: true,
    });
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  const heapSnapshot = async () => {
    chunks = [];
    await send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    const text = chunks.join('');
    chunks = [];
    return text;
  };
  return {
    async liveHeapBytes() {
      // Twice: objects that the first collection finalised (weak callbacks) go in the second.
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      const usage = (await send('Runtime.getHeapUsage')) as { usedSize: number };
      return usage.usedSize;
    },
    heapSnapshot,
    async heapSummary() {
      return summarise(JSON.parse(await heapSnapshot()) as Snapshot);
    },
    close() {
      socket.close();
    },
  };
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Groups a snapshot's nodes as DevTools' Summary view does, by constructor for objects. */
function summarise(snapshot: Snapshot): HeapSummary {
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const summary: HeapSummary = new Map();
  const { nodes, strings } = snapshot;
  for (let i = 0; i < nodes.length; i += width) {
    const type = types[nodes[i + typeAt] as number] ?? 'unknown';
    const name = strings[nodes[i + nameAt] as number] ?? '';
    const key =
      type === 'object' || type === 'native' ? name : type === 'closure' ? `${name}()` : `(${type})`;
    const entry = summary.get(key) ?? { count: 0, selfBytes: 0 };
    entry.count++;
    entry.selfBytes += nodes[i + sizeAt] as number;
    summary.set(key, entry);
  }
  return summary;
}

/** The constructors whose bytes grew most from `before` to `after`, one line each. */
export function heapGrowth(before: HeapSummary, after: HeapSummary, top = 12): string[] {
  const rows = [...after].map(([key, a]) => {
    const b = before.get(key) ?? { count: 0, selfBytes: 0 };
    return { key, count: a.count - b.count, bytes: a.selfBytes - b.selfBytes };
  });
  rows.sort((x, y) => y.bytes - x.bytes);
  return rows
    .slice(0, top)
    .map((r) => `${r.key}: ${r.count >= 0 ? '+' : ''}${r.count} objects, ${(r.bytes / 1024).toFixed(0)} KiB`);
}
