import http from 'node:http';

/**
 * Open-loop clients for the service bench and the load test: each client sends one request every
 * `intervalMs` (its first at a random moment within the first interval, so the clients do not
 * all fire in the same millisecond), as a web page polling a task's status or a program
 * submitting work does. A client whose answer comes late sends its next request when the answer
 * arrives (it never has two in flight), so a slow server is seen as slow answers, not hidden.
 *
 * Why not autocannon's `connectionRate`: it sends a second's requests back to back when the
 * second starts (every connection at the same moment) and corrects for coordinated omission
 * with an expected interval of ceil(1 / rate) = 1 ms, so its percentiles describe bursts, not
 * pollers. autocannon stays for the closed-loop saturation figure (bench/service-load.ts).
 */
export interface PollingClients {
  clients: number;
  intervalMs: number;
  /** Each request's method, path, headers and body; `n` counts this client group's requests. */
  request(n: number): { method: string; path: string; headers: Record<string, string>; body?: Buffer };
}

export interface PollingResult {
  requests: number;
  /** Answers that were not 2xx, and requests that failed (connection, timeout). */
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Requests per second over the run. */
  rate: number;
}

const TIMEOUT_MS = 30_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

function send(
  agent: http.Agent,
  url: URL,
  req: ReturnType<PollingClients['request']>,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const headers = req.body ? { ...req.headers, 'content-length': String(req.body.length) } : req.headers;
    const r = http.request(
      { agent, host: url.hostname, port: url.port, method: req.method, path: req.path, headers },
      (res) => {
        res.resume();
        res.once('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.once('error', reject);
      },
    );
    r.setTimeout(TIMEOUT_MS, () => r.destroy(new Error(`no answer in ${TIMEOUT_MS} ms`)));
    r.once('error', reject);
    r.end(req.body);
  });
}

/** Runs the clients for `durationS` seconds; latencies are from sending to the answer's end. */
export async function runPolling(
  base: string,
  group: PollingClients,
  durationS: number,
): Promise<PollingResult> {
  const url = new URL(base);
  // One kept-alive connection per client, as a browser tab or an API client holds one.
  const agent = new http.Agent({ keepAlive: true, maxSockets: group.clients });
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const endAt = started + durationS * 1000;
  const client = async () => {
    let next = started + Math.random() * group.intervalMs;
    for (;;) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      if (performance.now() >= endAt) return;
      const sentAt = performance.now();
      try {
        const { status } = await send(agent, url, group.request(n++));
        if (status < 200 || status > 299) non2xx++;
        else latencies.push(performance.now() - sentAt);
      } catch {
        errors++;
      }
      next = Math.max(next + group.intervalMs, performance.now());
    }
  };
  await Promise.all(Array.from({ length: group.clients }, client));
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 10) / 10;
  return {
    requests: latencies.length + non2xx + errors,
    non2xx,
    errors,
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
    maxMs: round(latencies.at(-1) ?? Number.NaN),
    rate: Math.round((latencies.length + non2xx + errors) / durationS),
  };
}
