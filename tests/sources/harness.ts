import { generateBoards } from '../../sim/data.js';
import { type Simulator, startSimulator } from '../../sim/server.js';
import type { SimBoard, SimRoute } from '../../sim/types.js';
import { CompanyConfig, SourcesConfig } from '../../src/config/schema.js';
import type { BoardValidators, JobSource, ScrapeContext, SourceKind } from '../../src/sources/types.js';
import { type TestDeps, type TestDepsOptions, testDeps } from '../helpers/deps.js';

export type ApiKind = 'greenhouse' | 'lever' | 'ashby' | 'workday' | 'smartrecruiters';
export const API_KINDS: ApiKind[] = ['greenhouse', 'lever', 'ashby', 'workday', 'smartrecruiters'];

/** The company-facing board URL of each kind, as a user would paste it into the config. */
export function boardUrl(kind: ApiKind, slug: string): string {
  switch (kind) {
    case 'greenhouse':
      return `https://job-boards.greenhouse.io/${slug}`;
    case 'lever':
      return `https://jobs.lever.co/${slug}`;
    case 'ashby':
      return `https://jobs.ashbyhq.com/${encodeURIComponent(slug)}`;
    case 'workday': {
      const [tenant, site] = slug.split('/');
      return `https://${tenant}.wd5.myworkdayjobs.com/en-US/${site}`;
    }
    case 'smartrecruiters':
      return `https://jobs.smartrecruiters.com/${slug}`;
  }
}

/** Every API kind's options pointed at the simulator. */
export function simSources(
  origin: string,
  options: Partial<SourcesConfig['greenhouse']> = {},
): SourcesConfig {
  const each = { api_base: origin, ...options };
  return SourcesConfig.parse({
    greenhouse: each,
    lever: each,
    ashby: each,
    workday: each,
    smartrecruiters: each,
  });
}

export interface SourceHarness {
  sim: Simulator;
  t: TestDeps;
  sources: SourcesConfig;
  company(board: SimBoard, extra?: Partial<CompanyConfig>): CompanyConfig;
  ctx(source: JobSource, company: CompanyConfig, previous?: BoardValidators): ScrapeContext;
  close(): Promise<void>;
}

/** A simulator with the given boards (and routes, default all), and a real HTTP client pointed at it. */
export async function sourceHarness(
  boards: SimBoard[],
  deps: TestDepsOptions = {},
  routes?: SimRoute[],
): Promise<SourceHarness> {
  const sim = await startSimulator({ boards, ...(routes ? { routes } : {}) });
  const t = testDeps(deps);
  const sources = simSources(sim.origin);
  return {
    sim,
    t,
    sources,
    company: (board, extra = {}) =>
      CompanyConfig.parse({
        name: board.companyName,
        url: boardUrl(board.kind as ApiKind, board.slug),
        ...extra,
      }),
    ctx: (source, company, previous) => ({
      company,
      options: sources[source.kind as SourceKind],
      deps: t.deps,
      ...(previous ? { previous } : {}),
    }),
    close: async () => {
      await t.close();
      await sim.close();
    },
  };
}

/** One board of `kind` with `jobs` generated jobs. */
export function oneBoard(
  kind: ApiKind,
  slug: string,
  companyName: string,
  jobs: number,
  seed = 42,
): SimBoard {
  const [board] = generateBoards([{ kind, slug, companyName, jobs }], seed);
  if (!board) throw new Error('no board generated');
  return board;
}
