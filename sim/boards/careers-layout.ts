import { escapeAttribute, escapeText } from 'entities';
import type { SimBoard, SimContext, SimJob, SimKind, SimRequest, SimResponse, SimRoute } from '../types.js';
import { html } from '../types.js';
import { postingPath } from './postings.js';

/**
 * What the three careers pages (jsonld, html, app) share: the site chrome around the jobs, the
 * posting URL each job links to, and the query parameters they read.
 */

export const CAREERS_PATTERN = (suffix: string): RegExp => new RegExp(`^/careers/([^/]+)/${suffix}/?$`);

export function decodeSlug(part: string | undefined): string {
  try {
    return decodeURIComponent(part ?? '');
  } catch {
    return part ?? '';
  }
}

/** The absolute URL of a job's posting page (served by postings.ts). */
export const postingUrl = (ctx: SimContext, board: SimBoard, job: SimJob): string =>
  `${ctx.origin}${postingPath(board.slug, job.id)}`;

/** A positive integer query parameter, else the fallback. */
export function intParam(req: SimRequest, name: string, fallback: number): number {
  const value = Number.parseInt(req.url.searchParams.get(name) ?? '', 10);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

export const PER_PAGE = 10;

/** The jobs on 1-based page `page`, and how many pages there are. */
export function pageOf(
  jobs: readonly SimJob[],
  page: number,
  perPage: number,
): { items: SimJob[]; pages: number } {
  const pages = Math.max(1, Math.ceil(jobs.length / perPage));
  return { items: jobs.slice((page - 1) * perPage, page * perPage), pages };
}

/**
 * A GET route for one careers page of a board: the pattern, the slug and the board lookup (a
 * missing board answers `missing`, a 404 page by default) are the same for every page; `handle`
 * gets the board.
 */
export function careersRoute(
  kind: SimKind,
  suffix: string,
  handle: (board: SimBoard, req: SimRequest, ctx: SimContext) => SimResponse,
  missing?: () => SimResponse,
): SimRoute {
  return {
    kind,
    method: 'GET',
    pattern: CAREERS_PATTERN(suffix),
    slugOf: (match) => decodeSlug(match[1]),
    handle(match, req, ctx) {
      const found = boardOrNotFound(ctx, kind, decodeSlug(match[1]));
      if (!found.board) return missing ? missing() : found.missing;
      return handle(found.board, req, ctx);
    },
  };
}

export function boardOrNotFound(
  ctx: SimContext,
  kind: SimKind,
  slug: string,
): { board: SimBoard; missing: null } | { board: null; missing: SimResponse } {
  const board = ctx.board(kind, slug);
  if (board) return { board, missing: null };
  return {
    board: null,
    missing: html(
      404,
      '<!DOCTYPE html><html><head><title>Page not found</title></head><body><main><h1>Page not found</h1><p>The careers page you are looking for does not exist.</p></main></body></html>',
    ),
  };
}

export interface LayoutParts {
  board: SimBoard;
  ctx: SimContext;
  title: string;
  /** Extra markup in <head> (JSON-LD blocks, scripts). */
  head?: string;
  /** The page's main content. */
  main: string;
  /** Markup after the footer (scripts). */
  tail?: string;
}

/** A careers page as companies' sites render them: cookie banner, header, hero, main, footer. */
export function careersPage(parts: LayoutParts): string {
  const company = escapeText(parts.board.companyName);
  const home = parts.ctx.origin;
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${escapeText(parts.title)} | ${company}</title>
  <meta name="description" content="Open positions at ${escapeAttribute(parts.board.companyName)}.">
  <link rel="stylesheet" href="${home}/assets/careers.css">
  <script>window.dataLayer=window.dataLayer||[];window.dataLayer.push({event:'careers_view'});</script>
  ${parts.head ?? ''}
</head>
<body class="page page--careers">
  <div class="cookie-consent" role="dialog" aria-label="Cookies">
    <div class="cookie-consent__inner"><p>We use cookies to understand how our site is used.</p>
    <button type="button" class="btn btn--small">Accept</button></div>
  </div>
  <div class="page-wrapper">
    <header class="site-header">
      <div class="container"><a class="site-header__logo" href="${home}/">${company}</a>
        <nav class="site-nav" aria-label="Main"><ul class="site-nav__list">
          <li class="site-nav__item"><a href="${home}/about">About</a></li>
          <li class="site-nav__item"><a href="${home}/careers/${escapeAttribute(parts.board.slug)}">Careers</a></li>
          <li class="site-nav__item"><a href="${home}/blog">Blog</a></li>
        </ul></nav>
      </div>
    </header>
    <section class="hero"><div class="container"><h1 class="hero__title">${escapeText(parts.title)}</h1>
      <p class="hero__lead">${escapeText(parts.board.about)}</p></div></section>
    <main id="main" class="careers">
      <div class="container">
${parts.main}
      </div>
    </main>
    <footer class="site-footer"><div class="container">
      <p>&copy; 2026 ${company}. All rights reserved.</p>
      <ul class="site-footer__links"><li><a href="${home}/privacy">Privacy</a></li><li><a href="${home}/imprint">Imprint</a></li></ul>
    </div></footer>
  </div>
  ${parts.tail ?? ''}
</body>
</html>
`;
}
