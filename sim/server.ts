import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRng, type Rng } from './rng.js';
import { ALL_ROUTES } from './routes.js';
import type {
  FaultKind,
  FaultSpec,
  LatencySpec,
  SimBoard,
  SimContext,
  SimKind,
  SimRequest,
  SimResponse,
  SimRoute,
} from './types.js';

export interface SimulatorOptions {
  boards: SimBoard[];
  /** Defaults to every kind's routes (sim/routes.ts). */
  routes?: SimRoute[];
  /** Seeds latency draws and fault draws, so a run repeats exactly. */
  seed?: number;
  /** 0 (default) picks a free port. */
  port?: number;
}

/** One request as the server saw it, for tests that count concurrency or retries. */
export interface RequestRecord {
  method: string;
  path: string;
  kind: SimKind | null;
  slug: string | null;
  startedAt: number;
  endedAt: number | null;
  status: number | null;
  fault: FaultKind | null;
}

/** A running simulator. Whoever starts it calls close(). */
export class Simulator {
  readonly requests: RequestRecord[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly rng: Rng;
  private readonly boardsByKey = new Map<string, SimBoard>();
  private readonly firstNLeft = new Map<string, number>();

  private constructor(
    private readonly server: Server,
    readonly origin: string,
    private readonly routes: SimRoute[],
    seed: number,
  ) {
    this.rng = createRng(seed);
  }

  static async start(options: SimulatorOptions): Promise<Simulator> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const sim = new Simulator(
      server,
      `http://127.0.0.1:${port}`,
      options.routes ?? ALL_ROUTES,
      options.seed ?? 1,
    );
    for (const board of options.boards) sim.addBoard(board);
    server.on('connection', (socket) => {
      sim.sockets.add(socket);
      socket.on('close', () => sim.sockets.delete(socket));
    });
    server.on('request', (req, res) => void sim.serve(req, res));
    return sim;
  }

  /** Adds or replaces a board (tests add and remove jobs between runs this way). */
  addBoard(board: SimBoard): void {
    this.boardsByKey.set(`${board.kind}:${board.slug}`, board);
    if (board.faults?.firstN) this.firstNLeft.set(`${board.kind}:${board.slug}`, board.faults.firstN);
  }

  board(kind: SimKind, slug: string): SimBoard | undefined {
    return this.boardsByKey.get(`${kind}:${slug}`);
  }

  boards(kind?: SimKind): SimBoard[] {
    return [...this.boardsByKey.values()].filter((b) => kind === undefined || b.kind === kind);
  }

  setFaults(kind: SimKind, slug: string, faults: FaultSpec | undefined): void {
    const board = this.board(kind, slug);
    if (!board) throw new Error(`simulator: no ${kind} board "${slug}"`);
    board.faults = faults;
    if (faults?.firstN) this.firstNLeft.set(`${kind}:${slug}`, faults.firstN);
  }

  setLatency(kind: SimKind, slug: string, latency: LatencySpec | undefined): void {
    const board = this.board(kind, slug);
    if (!board) throw new Error(`simulator: no ${kind} board "${slug}"`);
    board.latency = latency;
  }

  /** The most requests matching `filter` that were in flight at one moment. */
  maxConcurrent(filter: (r: RequestRecord) => boolean = () => true): number {
    const events: Array<[number, number]> = [];
    for (const r of this.requests.filter(filter)) {
      events.push([r.startedAt, 1], [r.endedAt ?? Number.POSITIVE_INFINITY, -1]);
    }
    // Ends sort before starts at the same instant: back-to-back is not overlap.
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let now = 0;
    let max = 0;
    for (const [, delta] of events) {
      now += delta;
      max = Math.max(max, now);
    }
    return max;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private context(): SimContext {
    return { origin: this.origin, board: (k, s) => this.board(k, s), boards: (k) => this.boards(k) };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.origin);
    const record: RequestRecord = {
      method: req.method ?? 'GET',
      path: url.pathname + url.search,
      kind: null,
      slug: null,
      startedAt: performance.now(),
      endedAt: null,
      status: null,
      fault: null,
    };
    this.requests.push(record);
    const rawBody = await readBody(req);
    let parsed: unknown;
    try {
      parsed = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      parsed = undefined;
    }
    const simReq: SimRequest = { method: record.method, url, headers: req.headers, json: parsed, rawBody };
    const found = this.route(simReq);
    if (!found) {
      this.finish(res, record, { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' });
      return;
    }
    const { route, match } = found;
    const slug = route.slugOf(match, simReq);
    const kind = route.kindOf?.(match, simReq, this.context()) ?? route.kind;
    const board = slug === undefined ? undefined : this.board(kind, slug);
    record.kind = kind;
    record.slug = slug ?? null;
    const latency = (route.detail ? board?.detailLatency : undefined) ?? board?.latency;
    if (latency) await sleep(this.drawLatency(latency));
    const fault = board ? this.drawFault(board) : null;
    record.fault = fault;
    if (fault === 'hang') return; // never answers; close() destroys the socket
    if (fault === 'reset') {
      record.endedAt = performance.now();
      req.socket.destroy();
      return;
    }
    let response: SimResponse;
    try {
      // A truncated answer is the route's real answer, cut off mid-body.
      response =
        fault && fault !== 'truncated'
          ? faultResponse(fault, board?.faults)
          : await route.handle(match, simReq, this.context());
    } catch (error) {
      response = {
        status: 500,
        headers: { 'content-type': 'text/plain' },
        body: `simulator error: ${error}`,
      };
    }
    if (fault === 'truncated') {
      this.truncate(res, record, response);
      return;
    }
    this.finish(res, record, withEtag(simReq, response));
  }

  private route(req: SimRequest): { route: SimRoute; match: RegExpExecArray } | undefined {
    for (const route of this.routes) {
      if (route.method !== req.method) continue;
      const match = route.pattern.exec(req.url.pathname);
      if (match) return { route, match };
    }
    return undefined;
  }

  private drawLatency(spec: LatencySpec): number {
    if (spec.fixedMs !== undefined) return spec.fixedMs;
    const min = spec.minMs ?? 0;
    const max = spec.maxMs ?? min;
    return min + (max - min) * this.rng();
  }

  private drawFault(board: SimBoard): FaultKind | null {
    const spec = board.faults;
    if (!spec) return null;
    if (spec.always) return spec.always;
    const kinds = spec.kinds?.length ? spec.kinds : (['429', '500'] as FaultKind[]);
    const key = `${board.kind}:${board.slug}`;
    const left = this.firstNLeft.get(key) ?? 0;
    if (left > 0) {
      this.firstNLeft.set(key, left - 1);
      return kinds[0] ?? '500';
    }
    if (spec.rate && this.rng() < spec.rate) return kinds[Math.floor(this.rng() * kinds.length)] ?? '500';
    return null;
  }

  private finish(res: ServerResponse, record: RequestRecord, response: SimResponse): void {
    record.status = response.status;
    res.writeHead(response.status, response.headers);
    res.end(response.body, () => {
      record.endedAt = performance.now();
    });
  }

  private truncate(res: ServerResponse, record: RequestRecord, response: SimResponse): void {
    const body = Buffer.from(response.body);
    record.status = response.status;
    res.writeHead(response.status, { ...response.headers, 'content-length': String(body.length) });
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => {
      record.endedAt = performance.now();
      res.socket?.destroy();
    });
  }
}

function faultResponse(fault: FaultKind, spec: FaultSpec | undefined): SimResponse {
  switch (fault) {
    case '429':
      return {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(spec?.retryAfterSeconds ?? 1) },
        body: '{"error":"Too Many Requests"}',
      };
    case 'malformed-json':
      return {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: '{"jobs": [{"id": 1, "title": ',
      };
    case 'html':
      return {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
        body: '<!doctype html><html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
      };
    default:
      return { status: 500, headers: { 'content-type': 'text/plain' }, body: 'Internal Server Error' };
  }
}

/** A route that sets `etag: auto` gets a content hash ETag and 304 for a matching If-None-Match. */
function withEtag(req: SimRequest, response: SimResponse): SimResponse {
  if (response.headers?.['etag'] !== 'auto') return response;
  const etag = `"${createHash('sha1').update(response.body).digest('hex').slice(0, 16)}"`;
  const headers = { ...response.headers, etag };
  if (req.headers['if-none-match'] === etag) return { status: 304, headers: { etag }, body: '' };
  return { ...response, headers };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Starts a simulator on 127.0.0.1 with a free port. */
export const startSimulator = (options: SimulatorOptions): Promise<Simulator> => Simulator.start(options);
