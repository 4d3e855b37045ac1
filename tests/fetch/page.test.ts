import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { readPostingPage } from '../../src/fetch/page.js';
import { HTML_TAG } from './harness.js';

const PAGE_URL = 'https://careers.acme.example/jobs/42';
const html = (body: string, head = '') =>
  `<!DOCTYPE html><html><head><title>Job</title>${head}</head><body>${body}</body></html>`;
const ldJson = (value: unknown) => `<script type="application/ld+json">${JSON.stringify(value)}</script>`;
const read = (text: string, contentType: string | null = 'text/html; charset=utf-8', url = PAGE_URL) =>
  readPostingPage({ url, contentType, text });

describe('readPostingPage: JSON-LD', () => {
  it('reads the real Dell Workday page: plain-text description in JSON-LD, empty JS shell body', async () => {
    const page = await readFile('tests/fixtures/boards/jsonld/workday_dell_job_page.html', 'utf8');
    const reading = read(
      page,
      'text/html;charset=UTF-8',
      'https://dell.wd1.myworkdayjobs.com/en-US/External/job/Internal-Audit-SOX-Senior-Advisor_R246118',
    );
    expect(reading.ok && reading.source).toBe('jsonld');
    if (!reading.ok) return;
    expect(reading.markdown.startsWith('Internal Audit SOX Senior Advisor We’re a global business')).toBe(
      true,
    );
    expect(reading.markdown.endsWith('innovative technology and services portfolio for the data era.')).toBe(
      true,
    );
  });

  it('finds the posting in an @graph beside WebSite and Organization nodes', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', name: 'Acme careers', description: 'Jobs at Acme' },
        { '@type': 'Organization', name: 'Acme', description: 'We make anvils' },
        { '@type': ['JobPosting'], title: 'Welder', description: '<p>Weld &amp; <b>grind</b>.</p>' },
      ],
    };
    expect(read(html('<main><p>Page text</p></main>', ldJson(graph)))).toEqual({
      ok: true,
      markdown: 'Weld & **grind**.',
      source: 'jsonld',
    });
  });

  it("picks the page's own posting among several, and reads a block with raw newlines in strings", () => {
    const other = {
      '@type': 'JobPosting',
      url: 'https://careers.acme.example/jobs/7',
      description: 'Other job',
    };
    const own = `{"@context":"http://schema.org","@type":"http://schema.org/JobPosting","url":"${PAGE_URL}/",
      "description":"Line one
Line two"}`;
    const page = html('', `${ldJson([other])}<script type="application/ld+json">${own}</script>`);
    expect(read(page)).toEqual({ ok: true, markdown: 'Line one\nLine two', source: 'jsonld' });
  });

  it('skips JSON-LD that cannot be parsed or has a blank description, and reads the page', () => {
    const page = html(
      '<main><h2>Role</h2><p>Real text here.</p></main>',
      `<script type="application/ld+json">{"@type": "JobPosting", "description": "broken "quote""}</script>${ldJson({ '@type': 'JobPosting', description: '  ' })}`,
    );
    expect(read(page)).toEqual({ ok: true, markdown: '## Role\n\nReal text here.', source: 'page' });
  });
});

describe('readPostingPage: page text', () => {
  it('takes the readable content, with links made absolute and no chrome', () => {
    const page = html(`
      <header><a href="/">Acme</a><nav><a href="/jobs">Jobs</a></nav></header>
      <div class="cookie" role="dialog">We use cookies</div>
      <main><article><h1>Welder</h1>
        <div class="body"><p>You will weld pipes for our <a href="/plants/berlin">Berlin plant</a> and
        keep the workshop safe, tidy and running through two shifts a day.</p>
        <p>Bring three years of MIG and TIG welding, a steady hand and a <a href="javascript:void(0)">sense</a> of humour.</p></div>
      </article><aside><h2>Similar jobs</h2><a href="/jobs/7">Fitter</a></aside></main>
      <footer>© Acme</footer>`);
    const reading = read(page);
    expect(reading.ok && reading.source).toBe('page');
    if (!reading.ok) return;
    expect(reading.markdown).toContain('[Berlin plant](https://careers.acme.example/plants/berlin)');
    expect(reading.markdown).toContain('a sense of humour.');
    for (const chrome of ['cookies', 'Similar jobs', 'Fitter', '© Acme', 'Jobs]']) {
      expect(reading.markdown).not.toContain(chrome);
    }
    expect(reading.markdown).not.toMatch(HTML_TAG);
  });

  it('reads a page without <main> or <article> by its body', () => {
    expect(read(html('<div id="wrap"><h3>Cook</h3><p>Make soup.</p></div>'))).toEqual({
      ok: true,
      markdown: '### Cook\n\nMake soup.',
      source: 'page',
    });
  });

  it('calls a page with only chrome empty', () => {
    const page = html(
      '<header><nav><a href="/">Home</a></nav></header><main><div id="root"></div></main><footer>© Acme</footer>',
    );
    expect(read(page)).toEqual({ ok: false, reason: 'empty description' });
  });

  it('sniffs HTML sent without a content type', () => {
    expect(read(html('<main><p>Hello</p></main>'), null)).toMatchObject({ ok: true, markdown: 'Hello' });
  });
});

describe('readPostingPage: other content types', () => {
  it('refuses PDFs and images by their content type', () => {
    expect(read('%PDF-1.4 ...', 'application/pdf')).toEqual({
      ok: false,
      reason: 'not an HTML page (content-type application/pdf)',
    });
    expect(read('GIF89a', 'image/gif')).toEqual({
      ok: false,
      reason: 'not an HTML page (content-type image/gif)',
    });
    expect(read('%PDF-1.4', null)).toEqual({ ok: false, reason: 'not an HTML page (content-type missing)' });
  });

  it('reads JSON that carries a description, and refuses JSON that does not', () => {
    expect(read('{"title":"Cook","description":"<p>Make soup</p>"}', 'application/json')).toEqual({
      ok: true,
      markdown: 'Make soup',
      source: 'page',
    });
    expect(read('{"@type":"JobPosting","description":"Make soup"}', 'application/ld+json')).toEqual({
      ok: true,
      markdown: 'Make soup',
      source: 'jsonld',
    });
    expect(read('{"ok":false,"error":"Document not found"}', 'application/json; charset=utf-8')).toEqual({
      ok: false,
      reason: 'not an HTML page (content-type application/json; charset=utf-8)',
    });
  });

  it('takes plain text and Markdown as they are', () => {
    expect(read('# Cook\n\nMake soup.\n', 'text/markdown; charset=utf-8')).toEqual({
      ok: true,
      markdown: '# Cook\n\nMake soup.',
      source: 'page',
    });
    expect(read('   \n', 'text/plain')).toEqual({ ok: false, reason: 'empty description' });
  });
});
