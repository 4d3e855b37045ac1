import type { SimBoard, SimContext, SimJob, SimKind, SimResponse, SimRoute } from '../types.js';
import { html } from '../types.js';

/**
 * GET /postings/:slug/:jobId - one job's posting page, for a job on a board of any kind: site
 * chrome (cookie banner, header, menus, breadcrumbs, "similar jobs", footer, scripts) around the
 * description in <main><article>, and for boards of kind 'jsonld' a schema.org JobPosting block.
 * SimJob.page picks a variant for tests: 'huge' (megabytes of inlined app state), 'empty' (a
 * JavaScript shell with no text), 'pdf' (the posting as a PDF), 'no-jsonld', 'redirect-loop'
 * (302 to itself with ?loop=1, which redirects back: a loop no client can finish).
 */

/** Every kind, checked complete by the compiler: a posting's board may be of any of them. */
const KIND_SET: Record<SimKind, true> = {
  greenhouse: true,
  lever: true,
  ashby: true,
  workday: true,
  smartrecruiters: true,
  jsonld: true,
  html: true,
  browser: true,
};
const KINDS = Object.keys(KIND_SET) as SimKind[];

/** Size of the 'huge' variant: well past any sane response cap in tests. */
export const HUGE_PAGE_BYTES = 6 * 1024 * 1024;

const PATTERN = /^\/postings\/(.+)\/([^/]+)\/?$/;

function decode(part: string | undefined): string {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    return part ?? '';
  }
}

function find(ctx: SimContext, slug: string, jobId: string): { board: SimBoard; job: SimJob } | undefined {
  for (const kind of KINDS) {
    for (const board of ctx.boards(kind)) {
      if (board.slug !== slug) continue;
      const job = board.jobs.find((j) => j.id === jobId);
      if (job) return { board, job };
    }
  }
  return undefined;
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const postingPath = (slug: string, jobId: string): string =>
  `/postings/${slug.split('/').map(encodeURIComponent).join('/')}/${encodeURIComponent(jobId)}`;

const EMPLOYMENT: Record<SimJob['employmentType'], string> = {
  FullTime: 'FULL_TIME',
  PartTime: 'PART_TIME',
  Contract: 'CONTRACTOR',
  Intern: 'INTERN',
};

function place(location: string): Record<string, unknown> {
  const [locality = location, rest = ''] = location.split(',').map((s) => s.trim());
  const region = /^[A-Z]{2}$/.test(rest);
  return {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      addressLocality: locality,
      ...(region ? { addressRegion: rest, addressCountry: 'US' } : { addressCountry: rest || undefined }),
    },
  };
}

function jobPostingJsonLd(board: SimBoard, job: SimJob, pageUrl: string): string {
  const onSite = job.locations.filter((l) => !l.startsWith('Remote'));
  const posting = {
    '@context': 'https://schema.org/',
    '@type': 'JobPosting',
    title: job.title,
    description: job.descriptionHtml,
    identifier: { '@type': 'PropertyValue', name: board.companyName, value: job.requisitionId },
    datePosted: job.postedAt.slice(0, 10),
    employmentType: EMPLOYMENT[job.employmentType],
    hiringOrganization: { '@type': 'Organization', name: board.companyName },
    ...(onSite.length > 0 ? { jobLocation: onSite.map(place) } : {}),
    ...(job.remote ? { jobLocationType: 'TELECOMMUTE' } : {}),
    url: pageUrl,
    directApply: true,
  };
  // "</" inside a script element would end it early; JSON allows the escaped slash.
  return JSON.stringify(posting, null, 2).replace(/<\//g, '<\\/');
}

function similarJobs(ctx: SimContext, board: SimBoard, job: SimJob): string {
  return board.jobs
    .filter((j) => j.id !== job.id)
    .slice(0, 3)
    .map(
      (j) =>
        `<li><a href="${ctx.origin}${postingPath(board.slug, j.id)}">${escapeHtml(j.title)}</a> <span>${escapeHtml(j.locations.join(' / '))}</span></li>`,
    )
    .join('\n');
}

/** Megabytes of inlined app state, as single-page apps ship in __NEXT_DATA__ and the like. */
function hugeAppState(job: SimJob): string {
  const row = JSON.stringify({ id: job.id, title: job.title, html: job.descriptionHtml });
  const rows = Math.ceil(HUGE_PAGE_BYTES / (row.length + 1));
  return `<script id="__NEXT_DATA__" type="application/json">{"rows":[${Array.from(
    { length: rows },
    () => row,
  )
    .join(',')
    .replace(/<\//g, '<\\/')}]}</script>`;
}

function renderPage(ctx: SimContext, board: SimBoard, job: SimJob, pageUrl: string): string {
  const variant = job.page ?? 'normal';
  const company = escapeHtml(board.companyName);
  const careers = `${ctx.origin}/careers/${board.slug}`;
  const jsonLd =
    board.kind === 'jsonld' && variant !== 'no-jsonld' && variant !== 'empty'
      ? `<script type="application/ld+json">\n${jobPostingJsonLd(board, job, pageUrl)}\n</script>`
      : '';
  const article =
    variant === 'empty'
      ? '<div id="app" data-hydrate="posting"></div>\n<noscript>Please enable JavaScript to view this job.</noscript>'
      : `<article class="posting" data-job-id="${escapeHtml(job.id)}">
      <header class="posting-header">
        <h1 class="posting-title">${escapeHtml(job.title)}</h1>
        <ul class="posting-meta">
          <li class="location">${escapeHtml(job.locations.join(' / '))}</li>
          <li class="department">${escapeHtml(job.department)} &middot; ${escapeHtml(job.team)}</li>
          <li class="type">${escapeHtml(job.employmentType)}</li>
        </ul>
      </header>
      <div class="posting-description">
${job.descriptionHtml}
      </div>
      <section class="apply">
        <a class="button button-primary" href="${pageUrl}/apply">Apply for this job</a>
      </section>
    </article>
    <aside class="similar-jobs">
      <h2>Similar jobs</h2>
      <ul>${similarJobs(ctx, board, job)}</ul>
    </aside>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeHtml(job.title)} - ${company} Careers</title>
  <meta property="og:title" content="${escapeHtml(job.title)} at ${company}">
  <link rel="stylesheet" href="${ctx.origin}/assets/careers.css">
  <style>.cookie-banner{position:fixed;bottom:0}.posting-title{font-size:2rem}</style>
  <script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}gtag('js',new Date());</script>
  ${jsonLd}
</head>
<body class="careers posting-page">
  <div class="cookie-banner" role="dialog" aria-label="Cookie consent">
    <p>We use cookies to improve your experience and to measure traffic.</p>
    <button type="button">Accept all</button> <button type="button">Reject</button>
  </div>
  <header class="site-header">
    <a class="logo" href="${ctx.origin}/">${company}</a>
    <nav aria-label="Main"><ul>
      <li><a href="${ctx.origin}/about">About us</a></li>
      <li><a href="${careers}">Careers</a></li>
      <li><a href="${ctx.origin}/blog">Blog</a></li>
    </ul></nav>
  </header>
  <nav class="breadcrumbs" aria-label="Breadcrumb">
    <a href="${careers}">All jobs</a> &rsaquo; <span>${escapeHtml(job.department)}</span>
  </nav>
  <main id="content">
    ${article}
  </main>
  <footer class="site-footer">
    <p>&copy; 2026 ${company}. All rights reserved.</p>
    <nav aria-label="Legal"><a href="${ctx.origin}/privacy">Privacy</a> <a href="${ctx.origin}/terms">Terms</a></nav>
  </footer>
  ${variant === 'huge' ? hugeAppState(job) : ''}
  <script src="${ctx.origin}/assets/app.js" defer></script>
</body>
</html>
`;
}

/** A small but well-formed one-page PDF (xref offsets right), as employers upload them. */
export function postingPdf(board: SimBoard, job: SimJob): Buffer {
  const pdfText = (s: string) => s.replace(/[^\x20-\x7e]/g, '?').replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 16 Tf 72 720 Td (${pdfText(job.title)}) Tj 0 -24 Td /F1 11 Tf (${pdfText(board.companyName)} - ${pdfText(job.locations.join(' / '))}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  const head = Buffer.concat([
    Buffer.from('%PDF-1.4\n%'),
    Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]),
    Buffer.from('\n'),
  ]);
  const parts: Buffer[] = [head];
  const offsets: number[] = [];
  let length = head.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const part = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, 'latin1');
    parts.push(part);
    length += part.length;
  });
  const xref = [
    'xref',
    `0 ${objects.length + 1}`,
    '0000000000 65535 f ',
    ...offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n `),
    'trailer',
    `<< /Size ${objects.length + 1} /Root 1 0 R >>`,
    'startxref',
    String(length),
    '%%EOF',
    '',
  ].join('\n');
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

function notFound(): SimResponse {
  return html(
    404,
    '<!DOCTYPE html><html><head><title>Job not found</title></head><body><main><h1>This job is no longer available</h1><p>It may have been filled or removed.</p></main></body></html>',
  );
}

export const routes: SimRoute[] = [
  {
    // The kind here is a default; kindOf names the kind of the board the posting is on.
    kind: 'html',
    method: 'GET',
    pattern: PATTERN,
    slugOf: (match) => decode(match[1]),
    kindOf: (match, _req, ctx) => find(ctx, decode(match[1]), decode(match[2]))?.board.kind,
    detail: true,
    handle(match, req, ctx) {
      const found = find(ctx, decode(match[1]), decode(match[2]));
      if (!found) return notFound();
      const { board, job } = found;
      if (job.page === 'redirect-loop') {
        const back = req.url.searchParams.has('loop') ? req.url.pathname : `${req.url.pathname}?loop=1`;
        return { status: 302, headers: { location: `${ctx.origin}${back}` }, body: '' };
      }
      if (job.page === 'pdf') {
        return {
          status: 200,
          headers: {
            'content-type': 'application/pdf',
            'content-disposition': `inline; filename="job-${job.id}.pdf"`,
          },
          body: postingPdf(board, job),
        };
      }
      const pageUrl = `${ctx.origin}${req.url.pathname.replace(/\/$/, '')}`;
      return html(200, renderPage(ctx, board, job, pageUrl), { 'cache-control': 'public, max-age=300' });
    },
  },
];
