import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BrowserConfig } from '../../src/config/schema.js';
import { htmlToPdf } from '../../src/generate/render/pdf.js';
import { LazyBrowser } from '../../src/infra/browser.js';
import { pdfText } from './read-back.js';

/**
 * Printing to PDF runs real Chromium over HTML made from a resume and a job: whatever that HTML
 * names (an image, a style sheet, a frame, a redirect, a script's fetch) must never reach the
 * network, so a hostile posting cannot make the service call an internal address. A local server
 * counts every request Chromium would make.
 */
const browser = new LazyBrowser(BrowserConfig.parse({ executable_path: '/usr/bin/chromium' }));
let server: Server;
let origin: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    res.end('x');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('htmlToPdf', () => {
  it('prints the document and makes no request for anything it names', async () => {
    const html = `<!doctype html><html><head>
      <link rel="stylesheet" href="${origin}/style.css">
      <meta http-equiv="refresh" content="0;url=${origin}/refresh">
      <style>@import url("${origin}/import.css"); body { background: url("${origin}/bg.png"); }</style>
      </head><body><h1>Dana Okafor</h1>
      <img src="${origin}/img.png"><iframe src="${origin}/frame"></iframe>
      <script>fetch("${origin}/fetch"); new Image().src = "${origin}/script-img";</script>
      </body></html>`;
    // Printed more than once: a refresh racing the print failed it only now and then.
    for (let round = 0; round < 5; round++) {
      const pdf = await htmlToPdf(html, browser);
      expect((await pdfText(pdf)).text).toContain('Dana Okafor');
    }
    // The refresh and any late request get time to arrive before the count is read.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(requests).toEqual([]);
  });
});
