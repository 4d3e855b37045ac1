import { z } from 'zod';

/**
 * The config file's schema. Keys are snake_case exactly as users write them (the original
 * matcher's `parallel_workers`, `min_score`, `top_per_company` stay as they were), so the type
 * and the file read the same. Objects are strict: a misspelt key is an error, not a silent default.
 */

export const SOURCE_KINDS = [
  'greenhouse',
  'lever',
  'ashby',
  'workday',
  'smartrecruiters',
  'jsonld',
  'html',
  'browser',
] as const;
export const SourceKind = z.enum(SOURCE_KINDS);
export type SourceKind = z.infer<typeof SourceKind>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected a URL' });
const positiveInt = z.int().min(1);

/** CSS selectors for the `html` and `browser` kinds. */
export const Selectors = z.strictObject({
  /** One element per job. */
  item: z.string().min(1),
  /** Inside an item: the title element. */
  title: z.string().min(1),
  /** Inside an item: the link to the posting (href). Defaults to the first `a[href]`. */
  link: z.string().min(1).optional(),
  location: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  /** A link (html, browser) or button (browser) that leads to the next page. */
  next_page: z.string().min(1).optional(),
  /** A "load more" button (browser). */
  load_more: z.string().min(1).optional(),
  /** Wait until this selector is present before reading (browser). Defaults to `item`. */
  wait_for: z.string().min(1).optional(),
});
export type Selectors = z.infer<typeof Selectors>;

export const CompanyConfig = z
  .strictObject({
    name: z.string().min(1),
    url: httpUrl,
    /** Overrides detection from the URL. */
    kind: SourceKind.optional(),
    selectors: Selectors.optional(),
    /** Upper bound on pages followed (html, browser, workday, smartrecruiters). */
    max_pages: positiveInt.optional(),
  })
  .superRefine((company, ctx) => {
    // The selector kinds cannot read a page without selectors: say so at load, with the path.
    if ((company.kind === 'html' || company.kind === 'browser') && !company.selectors) {
      ctx.addIssue({
        code: 'custom',
        path: ['selectors'],
        input: undefined,
        message: `required for kind "${company.kind}": give at least {"item": "<CSS for one job>", "title": "<CSS for its title>"}`,
      });
    }
  });
export type CompanyConfig = z.infer<typeof CompanyConfig>;

export const WorkMode = z.enum(['onsite', 'hybrid', 'remote']);
export type WorkMode = z.infer<typeof WorkMode>;

function workModes(value: boolean | WorkMode | WorkMode[] | null): WorkMode[] | null {
  if (value === null) return null;
  if (value === true) return ['remote'];
  if (value === false) return ['onsite', 'hybrid'];
  return [...new Set(Array.isArray(value) ? value : [value])];
}

export const SearchConfig = z.strictObject({
  /** Target roles; when empty, derived from the resume's recent titles. */
  roles: z.array(z.string().min(1)).default([]),
  /** Extra keywords on top of the resume's skills. */
  keywords: z.array(z.string().min(1)).default([]),
  /** Preferred locations ("Berlin", "United States"); empty means anywhere. */
  locations: z.array(z.string().min(1)).default([]),
  /**
   * The work modes wanted: "remote", "hybrid", "onsite", or a list of them; null: any. The old
   * boolean still reads: true is ["remote"], false is ["onsite", "hybrid"] (at an office, as false
   * meant before hybrid was told apart).
   */
  remote: z
    .union([z.boolean(), WorkMode, z.array(WorkMode).min(1)])
    .nullable()
    .default(null)
    .transform(workModes),
  /** A title containing one of these words is dropped (e.g. "Senior", "Intern"). */
  exclude: z.array(z.string().min(1)).default([]),
});
export type SearchConfig = z.infer<typeof SearchConfig>;

export const MatchWeights = z.strictObject({
  title: z.number().min(0).default(0.55),
  keywords: z.number().min(0).default(0.3),
  location: z.number().min(0).default(0.15),
});
export type MatchWeights = z.infer<typeof MatchWeights>;

export const MatchConfig = z.strictObject({
  weights: MatchWeights.prefault({}),
});

export const LlmConfig = z.strictObject({
  provider: z.enum(['openai', 'offline']).default('openai'),
  model: z.string().min(1).default('gpt-4o-mini'),
  /** Any OpenAI-compatible endpoint (Azure, Ollama, vLLM, LM Studio). */
  base_url: httpUrl.optional(),
  concurrency: positiveInt.default(2),
  requests_per_minute: positiveInt.default(60),
  /** Stop starting new generations once the run's estimated cost reaches this. */
  max_cost_usd: z.number().positive().optional(),
  /** Stop starting new generations once the run's tokens reach this. */
  max_tokens_per_run: positiveInt.optional(),
  /** Prices for cost estimates, USD per million tokens. */
  input_usd_per_mtok: z.number().min(0).default(0.15),
  output_usd_per_mtok: z.number().min(0).default(0.6),
  timeout_ms: positiveInt.default(60_000),
  max_retries: z.int().min(0).max(10).default(3),
});
export type LlmConfig = z.infer<typeof LlmConfig>;

export const SourceOptions = z.strictObject({
  /** Replaces the board API's origin, e.g. http://127.0.0.1:8080 for the simulator. */
  api_base: httpUrl.optional(),
  /** At most this many listings from one company. */
  max_jobs: positiveInt.optional(),
  max_pages: positiveInt.optional(),
});
export type SourceOptions = z.infer<typeof SourceOptions>;

export const SourcesConfig = z.strictObject({
  /**
   * Companies scraped at the same time. Boards sit on many hosts and http.per_host_concurrency
   * keeps each host's load polite, so this only bounds the run's own work (see the README).
   */
  concurrency: positiveInt.default(16),
  greenhouse: SourceOptions.prefault({}),
  lever: SourceOptions.prefault({}),
  ashby: SourceOptions.prefault({}),
  workday: SourceOptions.prefault({}),
  smartrecruiters: SourceOptions.prefault({}),
  jsonld: SourceOptions.prefault({}),
  html: SourceOptions.prefault({}),
  browser: SourceOptions.prefault({}),
});
export type SourcesConfig = z.infer<typeof SourcesConfig>;

export const HttpConfig = z.strictObject({
  timeout_ms: positiveInt.default(20_000),
  retries: z.int().min(0).max(10).default(3),
  /** Requests in flight to one host at once: politeness towards each board. */
  per_host_concurrency: positiveInt.default(8),
  max_response_bytes: positiveInt.default(20 * 1024 * 1024),
  user_agent: z.string().min(1).optional(),
});
export type HttpConfig = z.infer<typeof HttpConfig>;

export const BrowserConfig = z.strictObject({
  /** Chromium to launch; else $JOB_MATCHER_CHROMIUM, else Playwright's own browser. */
  executable_path: z.string().min(1).optional(),
  headless: z.boolean().default(true),
  timeout_ms: positiveInt.default(30_000),
  /** Pages open at once across all browser sources. */
  max_pages: positiveInt.default(4),
});
export type BrowserConfig = z.infer<typeof BrowserConfig>;

/** The `screen:` block: the same keys as the `screen` command's options. */
export const ScreenSettings = z.strictObject({
  concurrency: z.int().min(1).max(200).default(20),
  top: positiveInt.optional(),
  min_score: z.number().min(0).max(100).default(0),
  /** An edited requirements.json (relative to the config file). */
  criteria: z.string().min(1).optional(),
  /** Ask the model (needs OPENAI_API_KEY and `llm`). */
  llm: z.boolean().default(false),
  blind: z.boolean().default(false),
  reveal: z.boolean().default(false),
  /** The output folder (relative to the config file); default <output_dir>/screen-<id>. */
  out: z.string().min(1).optional(),
  log_file: z.string().min(1).optional(),
});
export type ScreenSettings = z.infer<typeof ScreenSettings>;

/** What each candidate may set for themselves; at the top level, the defaults all inherit. */
const candidateTerms = {
  min_score: z.number().min(0).max(100).default(60),
  /** true: the best job per company; a number: the best N; false: no per-company limit. */
  top_per_company: z.union([z.boolean(), positiveInt]).default(true),
  /** At most this many applications per run. */
  max_applications: positiveInt.optional(),
  search: SearchConfig.prefault({}),
  match: MatchConfig.prefault({}),
  llm: LlmConfig.prefault({}),
};
/** The keys of candidateTerms: a candidate's value wins over the top level's, object by object. */
export const CANDIDATE_INHERITED = Object.keys(candidateTerms) as (keyof typeof candidateTerms)[];

/** A candidate id names folders and state files, so it is a plain slug. */
export const CandidateId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,39}$/,
    'expected lowercase letters, digits, - or _ (at most 40), e.g. "dana"',
  );

export const CandidateConfig = z.strictObject({
  id: CandidateId,
  resume: z.string().min(1),
  ...candidateTerms,
});
export type CandidateConfig = z.infer<typeof CandidateConfig>;

export const Config = z.strictObject({
  /** Another config file whose keys this one overrides (path relative to this file). */
  extends: z.string().min(1).optional(),
  /** The one candidate's resume; optional when `candidates` is given. */
  resume: z.string().min(1).optional(),
  /** Several job seekers in one run: boards read once, each matched and written for separately. */
  candidates: z.array(CandidateConfig).min(1, 'expected at least one candidate').optional(),
  companies: z.array(CompanyConfig).min(1, 'expected at least one company'),
  parallel_workers: z.int().min(1).max(32).default(5),
  ...candidateTerms,
  sources: SourcesConfig.prefault({}),
  http: HttpConfig.prefault({}),
  browser: BrowserConfig.prefault({}),
  output_dir: z.string().min(1).default('output'),
  /** Defaults to <output_dir>/state.json. */
  state_file: z.string().min(1).optional(),
  /** Description and generation caches. Defaults to <output_dir>/.cache. */
  cache_dir: z.string().min(1).optional(),
  /** Settings of the `screen` command, when the same file serves both. */
  screen: ScreenSettings.optional(),
});
/** A config as written in the file, before defaults. */
export type ConfigInput = z.input<typeof Config>;

/**
 * A loaded config: defaults applied, paths absolute, `state_file` and `cache_dir` filled in, and
 * `candidates` always given: the listed ones (each with the top level's terms where it sets
 * none), or the one candidate of the shorthand, id "default".
 */
export type Config = Omit<z.infer<typeof Config>, 'extends' | 'state_file' | 'cache_dir' | 'candidates'> & {
  candidates: CandidateConfig[];
  /** True when the file lists `candidates`: each then gets its own folder in the run. */
  candidate_folders: boolean;
  state_file: string;
  cache_dir: string;
  /** The file the config came from, absolute (the first of an `extends` chain). */
  config_file: string;
};

/**
 * A config read by `screen`: no resume and no companies (a recruiter has neither), the model,
 * sources and HTTP settings as `match` has them, and the `screen:` block. Strict like Config, so a
 * misspelt key is still an error; a match config with `resume` and `companies` is accepted too.
 */
export const ScreenConfig = Config.extend({
  resume: z.string().min(1).optional(),
  companies: z.array(CompanyConfig).optional(),
  screen: ScreenSettings.prefault({}),
});
export type ScreenConfig = z.infer<typeof ScreenConfig>;
