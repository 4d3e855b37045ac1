import { escapeAttribute, escapeText } from 'entities';
import type { SimBoard, SimContext, SimJob, SimRoute } from '../types.js';
import { html } from '../types.js';
import { careersPage, careersRoute, postingUrl } from './careers-layout.js';

/**
 * GET /careers/:slug/jsonld[?style=blocks|graph|array|mixed] - a careers page that embeds a
 * schema.org JobPosting for every job, in the variety real sites ship (ATS-FACTS.md section 9):
 * separate <script> blocks, an `@graph`, a top-level array, a WebSite block and an Organization
 * node beside them, three `@context` spellings, employmentType as string or array, jobLocation
 * as one Place or an array (or a Place with only a name), TELECOMMUTE jobs, `@type` as an array,
 * and one hand-written block that is not valid JSON (raw newlines and quotes in `description`, as
 * on the USDA page), which a reader must skip. The default style, `mixed`, uses all three layouts
 * on one page; `?style=` picks one for tests. The broken block is on the page in every style.
 */

export const JSONLD_STYLES = ['mixed', 'blocks', 'graph', 'array'] as const;
export type JsonLdStyle = (typeof JSONLD_STYLES)[number];

const CONTEXTS = ['https://schema.org', 'http://schema.org', 'https://schema.org/'];

const EMPLOYMENT: Record<SimJob['employmentType'], string[]> = {
  FullTime: ['FULL_TIME'],
  PartTime: ['PART_TIME'],
  Contract: ['CONTRACTOR', 'TEMPORARY'],
  Intern: ['INTERN'],
};

/** "Berlin, Germany" / "Austin, TX" as a Place; every seventh job names the place only (Meta). */
function place(location: string, index: number): Record<string, unknown> {
  if (index % 7 === 3) return { '@type': 'Place', name: location };
  const [locality = location, rest = ''] = location.split(',').map((s) => s.trim());
  const usState = /^[A-Z]{2}$/.test(rest);
  return {
    '@type': 'Place',
    address: {
      '@type': 'PostalAddress',
      addressLocality: locality,
      ...(usState ? { addressRegion: rest, addressCountry: 'US' } : rest ? { addressCountry: rest } : {}),
    },
  };
}

/** One job as a JobPosting node; `index` picks among the real-world variants. */
export function jobPostingNode(
  ctx: SimContext,
  board: SimBoard,
  job: SimJob,
  index: number,
): Record<string, unknown> {
  const types = EMPLOYMENT[job.employmentType];
  const onSite = job.locations.filter((l) => !l.startsWith('Remote'));
  const region = job.locations.find((l) => l.startsWith('Remote'))?.replace(/^Remote\s*-\s*/, '');
  return {
    '@context': CONTEXTS[index % CONTEXTS.length],
    '@type': index % 5 === 4 ? ['JobPosting'] : 'JobPosting',
    title: job.title,
    description: job.descriptionHtml,
    // A few boards leave the identifier out; the posting URL is then the only id.
    ...(index % 6 === 5
      ? {}
      : { identifier: { '@type': 'PropertyValue', name: board.companyName, value: job.requisitionId } }),
    datePosted: index % 2 === 0 ? job.postedAt.slice(0, 10) : job.postedAt,
    validThrough: new Date(Date.parse(job.postedAt) + 60 * 86_400_000).toISOString(),
    employmentType: index % 2 === 0 && types.length === 1 ? types[0] : types,
    hiringOrganization: {
      '@type': 'Organization',
      name: board.companyName,
      sameAs: `${ctx.origin}/`,
    },
    ...(onSite.length > 0
      ? {
          jobLocation:
            index % 2 === 0 && onSite.length === 1
              ? place(onSite[0] as string, index)
              : onSite.map((l) => place(l, index)),
        }
      : {}),
    ...(job.remote
      ? {
          jobLocationType: 'TELECOMMUTE',
          applicantLocationRequirements: {
            '@type': region === 'US' ? 'Country' : 'AdministrativeArea',
            name: region,
          },
        }
      : {}),
    url: postingUrl(ctx, board, job),
    directApply: index % 3 !== 0,
  };
}

/** JSON inside <script>: "</" would end the element early, so it is written "<\/" as JSON allows. */
const scriptJson = (value: unknown): string => JSON.stringify(value, null, 2).replace(/<\//g, '<\\/');

const ldBlock = (value: unknown): string =>
  `<script type="application/ld+json">\n${scriptJson(value)}\n</script>`;

function websiteBlock(ctx: SimContext, board: SimBoard): string {
  return ldBlock({
    '@context': 'https://schema.org',
    '@type': 'WebSite',
    name: `${board.companyName} Careers`,
    url: `${ctx.origin}/careers/${board.slug}/jsonld`,
    potentialAction: {
      '@type': 'SearchAction',
      target: `${ctx.origin}/careers/${board.slug}/jsonld?q={search_term_string}`,
      'query-input': 'required name=search_term_string',
    },
  });
}

function organizationNode(ctx: SimContext, board: SimBoard): Record<string, unknown> {
  return {
    '@type': 'Organization',
    '@id': `${ctx.origin}/#organization`,
    name: board.companyName,
    url: `${ctx.origin}/`,
    logo: `${ctx.origin}/assets/logo.png`,
  };
}

/**
 * A posting hand-typed into a template, as on the USDA page: the description holds raw line
 * breaks and unescaped quotes, so the block is not JSON. Not one of the board's jobs.
 */
function invalidBlock(board: SimBoard): string {
  return `<script type="application/ld+json">
{
  "@context" : "https://schema.org/",
  "@type" : "JobPosting",
  "title" : "Open application - ${board.companyName}",
  "description" : "<h2 id="open-application">Open application</h2>
<p>Don't see the right role? Send us your resume and tell us what you would like to work on.</p>
  ",
  "datePosted" : "2026-10-01",
  "hiringOrganization" : { "@type" : "Organization", "name" : "${board.companyName}" }
}
</script>`;
}

function blocksFor(ctx: SimContext, board: SimBoard, style: JsonLdStyle): string[] {
  const nodes = board.jobs.map((job, i) => jobPostingNode(ctx, board, job, i));
  // In a graph or array the context is said once at the top, as real sites do.
  const bare = (list: Record<string, unknown>[]) => list.map(({ '@context': _c, ...rest }) => rest);
  const graph = (list: Record<string, unknown>[]) =>
    ldBlock({ '@context': 'https://schema.org', '@graph': [organizationNode(ctx, board), ...bare(list)] });
  const array = (list: Record<string, unknown>[]) => ldBlock(list);
  const third = Math.ceil(nodes.length / 3);
  const layout: Record<JsonLdStyle, () => string[]> = {
    blocks: () => nodes.map(ldBlock),
    graph: () => [graph(nodes)],
    array: () => [array(nodes)],
    mixed: () => [
      ...nodes.slice(0, third).map(ldBlock),
      graph(nodes.slice(third, 2 * third)),
      array(nodes.slice(2 * third)),
    ],
  };
  const [first = '', ...rest] = layout[style]();
  // Every style carries the broken block, after the first one, as a page would among the rest.
  return [first, invalidBlock(board), ...rest];
}

function jobList(ctx: SimContext, board: SimBoard): string {
  const rows = board.jobs.map(
    (job) => `        <li class="openings__item">
          <a class="openings__link" href="${escapeAttribute(postingUrl(ctx, board, job))}">${escapeText(job.title)}</a>
          <span class="openings__meta">${escapeText(job.department)} &middot; ${escapeText(job.locations.join(' / '))}</span>
        </li>`,
  );
  return `        <h2 class="openings__heading">${board.jobs.length} open positions</h2>
        <ul class="openings">
${rows.join('\n')}
        </ul>`;
}

function styleOf(value: string | null): JsonLdStyle {
  return JSONLD_STYLES.find((s) => s === value) ?? 'mixed';
}

export const routes: SimRoute[] = [
  careersRoute('jsonld', 'jsonld', (board, req, ctx) => {
    const style = styleOf(req.url.searchParams.get('style'));
    const blocks = blocksFor(ctx, board, style);
    const head = [websiteBlock(ctx, board), ...blocks].join('\n  ');
    return html(
      200,
      careersPage({
        board,
        ctx,
        title: `Careers at ${board.companyName}`,
        head,
        main: jobList(ctx, board),
      }),
      {
        etag: 'auto',
      },
    );
  }),
];
