import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { decodeHTML } from 'entities';

/**
 * The description HTML of every posting in the real captured board payloads, as each board sends
 * it once its transport encoding is undone (Greenhouse's entity-escaped `content`, Lever's
 * description + lists + additional, JSON-LD inside a page). The tests' fixtures are a copy of the
 * shared captures; both are read so that a capture added to either is covered.
 */
export interface RealDescription {
  /** The capture file and the posting's title. */
  source: string;
  title: string;
  html: string;
}

type Json = Record<string, unknown>;
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

function leverHtml(posting: Json): string {
  const lists = (posting['lists'] as Json[] | undefined) ?? [];
  return [
    str(posting['description']),
    ...lists.map((l) => `<h3>${str(l['text'])}</h3><ul>${str(l['content'])}</ul>`),
    str(posting['additional']),
  ].join('\n');
}

function jsonLdHtml(page: string): Array<{ title: string; html: string }> {
  const $ = load(page);
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => JSON.parse($(el).text()) as Json)
    .filter((node) => node['@type'] === 'JobPosting')
    .map((node) => ({ title: str(node['title']), html: str(node['description']) }));
}

/** Per capture file: its postings' titles and HTML. */
const READERS: Record<string, (text: string) => Array<{ title: string; html: string }>> = {
  'greenhouse/duolingo_jobs_content_true_custom_domain.json': greenhouse,
  'greenhouse/smarterdx_jobs_content_true.json': greenhouse,
  'lever/palantir_postings_mode_json.json': (text) =>
    (JSON.parse(text) as Json[]).map((p) => ({ title: str(p['text']), html: leverHtml(p) })),
  'ashby/materialsecurity_job-board.json': ashby,
  'ashby/openevidence_job-board.json': ashby,
  'ashby/turbopuffer_job-board_includeCompensation.json': ashby,
  'workday/nvidia_cxs_job_detail.json': (text) => {
    const info = (JSON.parse(text) as Json)['jobPostingInfo'] as Json;
    return [{ title: str(info['title']), html: str(info['jobDescription']) }];
  },
  'workable/huggingface_widget_accounts_details_true_trimmed.json': (text) =>
    ((JSON.parse(text) as Json)['jobs'] as Json[]).map((j) => ({
      title: str(j['title']),
      html: str(j['description']),
    })),
  'recruitee/channable_api_offers_trimmed.json': (text) =>
    ((JSON.parse(text) as Json)['offers'] as Json[]).map((o) => ({
      title: str(o['title']),
      html: `${str(o['description'])}\n${str(o['requirements'])}`,
    })),
  'jsonld/workday_dell_job_page.html': jsonLdHtml,
};

function greenhouse(text: string): Array<{ title: string; html: string }> {
  return ((JSON.parse(text) as Json)['jobs'] as Json[]).map((j) => ({
    title: str(j['title']),
    html: decodeHTML(str(j['content'])),
  }));
}

function ashby(text: string): Array<{ title: string; html: string }> {
  return ((JSON.parse(text) as Json)['jobs'] as Json[]).map((j) => ({
    title: str(j['title']),
    html: str(j['descriptionHtml']),
  }));
}

const ROOTS = [
  path.resolve(import.meta.dirname, '..', 'fixtures', 'boards'),
  path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures', 'boards'),
];

/** Every real posting's description, once per distinct HTML (the two copies of a capture agree). */
export function realDescriptions(): RealDescription[] {
  const seen = new Set<string>();
  const out: RealDescription[] = [];
  for (const root of ROOTS) {
    for (const [file, read] of Object.entries(READERS)) {
      let text: string;
      try {
        text = readFileSync(path.join(root, file), 'utf8');
      } catch {
        continue; // shared/ is beside the checkout on developers' machines and in CI, not always elsewhere
      }
      for (const { title, html } of read(text)) {
        if (!html.trim() || seen.has(html)) continue;
        seen.add(html);
        out.push({ source: file, title: title.trim(), html });
      }
    }
  }
  return out;
}
