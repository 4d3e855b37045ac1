import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  apiError,
  buildReply,
  type ChatRequestBody,
  json,
  type ReplyMode,
  rejectResponseFormat,
  type SimReply,
} from './llm/replies.js';

export type { ChatRequestBody, ReplyMode } from './llm/replies.js';

/**
 * A local OpenAI-compatible server for tests and the demo: POST /v1/chat/completions (with
 * `response_format` json_schema and `usage` in every 200) and GET /v1/models. It plays the model by
 * reading the prompt's PROFILE and JOB blocks; a script picks, per request, whether it answers
 * well or fails in one of the ways real endpoints and models fail.
 */
export interface LlmRequestRecord {
  body: ChatRequestBody;
  headers: IncomingHttpHeaders;
  /** The mode the script chose; null when the request was answered before the script (400s). */
  mode: ReplyMode | null;
  status: number;
}

export interface LlmServerOptions {
  /** Every reply waits this long. */
  latencyMs?: number;
  /**
   * Per chat request that reaches the model (0-based n): an array (past its end: 'ok') or a
   * function. Requests refused for their response_format do not consume the script.
   */
  script?: ReplyMode[] | ((n: number, body: ChatRequestBody) => ReplyMode);
  /** Answer 400 to any request carrying response_format, as servers without structured output do. */
  rejectResponseFormat?: boolean;
  /** 0 (default) picks a free port; a fixed one lets a test stop the server and start it again. */
  port?: number;
}

export interface LlmServer {
  /** Ends in /v1, as the SDK's baseURL expects. */
  baseUrl: string;
  requests: LlmRequestRecord[];
  /** The most chat requests that were being answered at one moment. */
  maxInFlight(): number;
  /** Per answered request, ms from its first byte to its answer sent (latency and reply building). */
  serviceTimes(): number[];
  close(): Promise<void>;
}

export async function startLlmServer(opts: LlmServerOptions = {}): Promise<LlmServer> {
  const requests: LlmRequestRecord[] = [];
  const sockets = new Set<Socket>();
  let scripted = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const serviceTimes: number[] = [];

  const modeFor = (body: ChatRequestBody): ReplyMode => {
    const n = scripted++;
    const { script } = opts;
    if (typeof script === 'function') return script(n, body);
    return script?.[n] ?? 'ok';
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const raw = await readBody(req);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      const reply = answer(req, url, raw);
      // 'hang' leaves the request unanswered (close() destroys its socket); 'reset' drops it now.
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.destroy();
        return;
      }
      send(res, reply);
      serviceTimes.push(performance.now() - started);
    } finally {
      inFlight--;
    }
  }

  function answer(req: IncomingMessage, url: URL, raw: string): SimReply | 'hang' | 'reset' {
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      return json(200, {
        object: 'list',
        data: [{ id: 'sim-model', object: 'model', created: 0, owned_by: 'simulator' }],
      });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return apiError(404, `no route ${req.method} ${url.pathname}`, 'invalid_request_error');
    }
    let body: ChatRequestBody;
    try {
      body = JSON.parse(raw) as ChatRequestBody;
    } catch {
      return apiError(400, 'the body is not JSON', 'invalid_request_error');
    }
    const record: LlmRequestRecord = { body, headers: req.headers, mode: null, status: 0 };
    requests.push(record);
    let reply: SimReply;
    if (opts.rejectResponseFormat && body.response_format) {
      reply = rejectResponseFormat();
    } else {
      record.mode = modeFor(body);
      if (record.mode === 'hang' || record.mode === 'reset') return record.mode;
      reply = buildReply(record.mode, body);
    }
    record.status = reply.status;
    return reply;
  }

  const server = createServer((req, res) => {
    serve(req, res).catch((error: unknown) =>
      send(res, apiError(500, `llm simulator error: ${error}`, 'server_error')),
    );
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    maxInFlight: () => maxInFlight,
    serviceTimes: () => [...serviceTimes],
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: ServerResponse, reply: SimReply): void {
  if (res.headersSent) return;
  res.writeHead(reply.status, reply.headers);
  res.end(reply.body);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
