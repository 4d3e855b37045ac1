import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpConfig } from '../../../src/config/schema.js';
import { BlockedAddressError } from '../../../src/errors.js';
import { type AddressGuard, createAddressGuard } from '../../../src/infra/http/address-guard.js';
import { KyHttpClient } from '../../../src/infra/http/client.js';

/** A page that answers on /ok and redirects /to?u=<url> anywhere, counting requests. */
let server: http.Server;
let port = 0;
let requests = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    requests++;
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/to') {
      res.writeHead(302, { location: url.searchParams.get('u') ?? '/' });
      res.end();
      return;
    }
    res.end('a job posting');
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function client(guard: AddressGuard): KyHttpClient {
  return new KyHttpClient({
    ...HttpConfig.parse({ timeout_ms: 2_000, retries: 3 }),
    dispatcher: guard.dispatcher,
    backoffBaseMs: 5,
  });
}

async function refused(promise: Promise<unknown>): Promise<BlockedAddressError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BlockedAddressError);
  return error as BlockedAddressError;
}

describe('address guard', () => {
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.0.0.5',
    '172.16.4.4',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    'fd00:ec2::254',
    'fe80::1',
  ])('refuses %s', (address) => {
    expect(createAddressGuard().refusal(address)).toMatch(/loopback, private, link-local/);
  });

  it.each(['93.184.215.14', '2606:4700::1111', '8.8.8.8'])(
    'lets the public address %s through',
    (address) => {
      expect(createAddressGuard().refusal(address)).toBeNull();
    },
  );

  it('refuses a loopback URL before any request reaches the server, and does not retry it', async () => {
    const guard = createAddressGuard();
    const before = requests;
    const error = await refused(
      client(guard)
        .request(`http://127.0.0.1:${port}/ok`)
        .then((r) => r.text),
    );
    expect(error.message).toContain(`127.0.0.1:${port}`);
    expect(error.message).toContain('serve.url_allowlist');
    expect(requests).toBe(before);
    await guard.close();
  });

  it('refuses a name that resolves to a private address', async () => {
    const guard = createAddressGuard({
      lookup: async (name) =>
        name === 'jobs.example.test'
          ? [{ address: '10.1.2.3', family: 4 }]
          : [{ address: '93.184.215.14', family: 4 }],
    });
    const error = await refused(
      client(guard)
        .request(`http://jobs.example.test:${port}/ok`)
        .then((r) => r.text),
    );
    expect(error.address).toBe('10.1.2.3');
    await guard.close();
  });

  it('refuses the system resolver answer for localhost', async () => {
    const guard = createAddressGuard();
    await refused(
      client(guard)
        .request(`http://localhost:${port}/ok`)
        .then((r) => r.text),
    );
    await guard.close();
  });

  it('follows an allowed page but refuses its redirect to a blocked address', async () => {
    const guard = createAddressGuard({ allow: ['127.0.0.1/32'] });
    const http = client(guard);
    expect(await http.request(`http://127.0.0.1:${port}/ok`).then((r) => r.text)).toBe('a job posting');
    const before = requests;
    const target = encodeURIComponent(`http://127.0.0.2:${port}/ok`);
    const error = await refused(http.request(`http://127.0.0.1:${port}/to?u=${target}`).then((r) => r.text));
    expect(error.address).toBe('127.0.0.2');
    expect(requests).toBe(before + 1); // the redirect was asked once; the target never
    await guard.close();
  });

  it('says which allowlist entry is not an address', () => {
    expect(() => createAddressGuard({ allow: ['intranet'] })).toThrow(/"intranet"/);
  });
});
