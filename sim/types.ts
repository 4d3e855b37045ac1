import type { IncomingMessage } from 'node:http';

/**
 * The career-site simulator's model. One SimBoard is one company's board on one kind of site;
 * the kind's route module (sim/boards/<kind>.ts) renders it in that site's real
 * payload shape.
 */
export type SimKind =
  | 'greenhouse'
  | 'lever'
  | 'ashby'
  | 'workday'
  | 'smartrecruiters'
  | 'jsonld'
  | 'html'
  | 'browser';

export interface SimJob {
  /** Numeric string; kinds that use UUIDs derive one from it deterministically. */
  id: string;
  requisitionId: string;
  title: string;
  department: string;
  team: string;
  locations: string[];
  remote: boolean;
  employmentType: 'FullTime' | 'PartTime' | 'Contract' | 'Intern';
  /** ISO 8601. */
  postedAt: string;
  updatedAt: string;
  /** Real HTML, unescaped; each kind escapes or wraps it as its real API does. */
  descriptionHtml: string;
  /** Published but not publicly listed: Ashby's API includes it with isListed false; other APIs omit it. */
  unlisted?: boolean;
  /** How its posting page (/postings/:slug/:jobId) answers; default 'normal'. */
  page?: 'normal' | 'huge' | 'empty' | 'pdf' | 'no-jsonld' | 'redirect-loop';
}

export interface LatencySpec {
  /** Every response waits this long. */
  fixedMs?: number;
  /** Or a uniform draw between min and max (seeded, so runs repeat). */
  minMs?: number;
  maxMs?: number;
}

export type FaultKind =
  | '429' // Too Many Requests with Retry-After
  | '500'
  | 'hang' // headers never sent; the client must time out
  | 'reset' // socket destroyed without a response
  | 'malformed-json' // 200 with a body that is not JSON
  | 'html' // 200 text/html where JSON was expected (a login wall, a CDN error page)
  | 'truncated'; // Content-Length promises more than is sent

export interface FaultSpec {
  /** Probability in [0, 1] that a request gets a fault (seeded). */
  rate?: number;
  /** Which faults to draw from when `rate` hits; default ['429', '500']. */
  kinds?: FaultKind[];
  /** Fail exactly the first N requests to the board with `kinds[0]`, then answer normally. */
  firstN?: number;
  /** Every request gets this fault: a board that is down for the whole run. */
  always?: FaultKind;
  /** Retry-After seconds sent with 429 (default 1). */
  retryAfterSeconds?: number;
}

export interface SimBoard {
  kind: SimKind;
  /** The board's name in its URLs: greenhouse token, lever site, `tenant/site` for workday... */
  slug: string;
  companyName: string;
  /** Company blurb some boards expose (Greenhouse board intro, SmartRecruiters companyDescription). */
  about: string;
  jobs: SimJob[];
  latency?: LatencySpec;
  /** For routes marked `detail` (one job's detail API or posting page); `latency` when unset. */
  detailLatency?: LatencySpec;
  faults?: FaultSpec;
}

/** What a route handler answers; the server applies latency and faults around it. */
export interface SimResponse {
  status: number;
  headers?: Record<string, string>;
  body: string | Buffer;
}

export interface SimRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  /** Parsed when the request carried JSON; undefined otherwise. */
  json: unknown;
  rawBody: string;
}

export interface SimContext {
  /** The simulator's own origin, e.g. http://127.0.0.1:43123 (for absolute URLs in payloads). */
  origin: string;
  board(kind: SimKind, slug: string): SimBoard | undefined;
  boards(kind: SimKind): SimBoard[];
}

export interface SimRoute {
  kind: SimKind;
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** Which board a request is for (faults and latency are per board); undefined: none. */
  slugOf(match: RegExpExecArray, req: SimRequest): string | undefined;
  /** For routes shared by every kind (posting pages): the kind of the board the request is for. */
  kindOf?(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimKind | undefined;
  /** One job's detail API or posting page: answers after the board's `detailLatency` if set. */
  detail?: boolean;
  handle(match: RegExpExecArray, req: SimRequest, ctx: SimContext): SimResponse | Promise<SimResponse>;
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  body: JSON.stringify(value),
});

export const html = (status: number, body: string, headers: Record<string, string> = {}): SimResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', ...headers },
  body,
});
