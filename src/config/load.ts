import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import { issueLines } from '../infra/zod-issues.js';
import { CANDIDATE_INHERITED, type CandidateConfig, Config, ScreenConfig } from './schema.js';

/** Keys whose values are file paths, resolved against the directory of the file that sets them. */
const PATH_KEYS = ['resume', 'output_dir', 'state_file', 'cache_dir'] as const;

/** Key names that can only hold a secret; secrets come from the environment alone. */
const SECRET_KEY = /^(api[_-]?key|openai[_-]?api[_-]?key|secret|token|password|authorization)$/i;
/** Values that look like an OpenAI-style key, wherever they are written. */
const SECRET_VALUE = /^sk-[A-Za-z0-9_-]{16,}$/;

type Plain = Record<string, unknown>;

const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects merge key by key; arrays and scalars in `over` replace those in `base`. */
function deepMerge(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const prior = out[key];
    out[key] = isPlain(prior) && isPlain(value) ? deepMerge(prior, value) : value;
  }
  return out;
}

async function readRaw(file: string): Promise<Plain> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'file not found; pass an existing file with --config' : `cannot read (${code})`;
    throw new ConfigError(`${file}: ${why}`, { cause });
  }
  const ext = path.extname(file).toLowerCase();
  let parsed: unknown;
  try {
    // The YAML parser is loaded only for YAML files: most configs are JSON.
    parsed = ext === '.yaml' || ext === '.yml' ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (cause) {
    const kind = ext === '.yaml' || ext === '.yml' ? 'YAML' : 'JSON';
    throw new ConfigError(`${file}: not valid ${kind}: ${(cause as Error).message.split('\n')[0]}`, {
      cause,
    });
  }
  if (!isPlain(parsed)) throw new ConfigError(`${file}: expected an object at the top level`);
  return parsed;
}

function findSecrets(value: unknown, at: string, out: string[]): void {
  if (isPlain(value)) {
    for (const [key, v] of Object.entries(value)) {
      const here = at ? `${at}.${key}` : key;
      if (SECRET_KEY.test(key)) out.push(here);
      else findSecrets(v, here, out);
    }
  } else if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) findSecrets(v, `${at}[${i}]`, out);
  } else if (typeof value === 'string' && SECRET_VALUE.test(value.trim())) {
    out.push(at);
  }
}

/** Reads one file and the chain it extends, merged; path keys made absolute per file. */
async function readChain(file: string, seen: string[]): Promise<Plain> {
  if (seen.includes(file)) {
    throw new ConfigError(`${file}: extends forms a cycle: ${[...seen, file].join(' -> ')}`);
  }
  const raw = await readRaw(file);
  const secrets: string[] = [];
  findSecrets(raw, '', secrets);
  if (secrets.length > 0) {
    throw new ConfigError(
      secrets.map(
        (at) =>
          `${file}: ${at}: secrets are not allowed in config files (they end up in git and in CI logs); ` +
          'remove it and set the OPENAI_API_KEY environment variable instead',
      ),
    );
  }
  const dir = path.dirname(file);
  for (const key of PATH_KEYS) {
    const v = raw[key];
    if (typeof v === 'string' && v.length > 0) raw[key] = path.resolve(dir, v);
  }
  if (Array.isArray(raw['candidates'])) {
    for (const candidate of raw['candidates']) {
      const resume = isPlain(candidate) ? candidate['resume'] : undefined;
      if (isPlain(candidate) && typeof resume === 'string' && resume.length > 0)
        candidate['resume'] = path.resolve(dir, resume);
    }
  }
  const parent = raw['extends'];
  delete raw['extends'];
  if (parent === undefined) return raw;
  if (typeof parent !== 'string' || parent.length === 0) {
    throw new ConfigError(`${file}: extends: expected a path to another config file`);
  }
  const base = await readChain(path.resolve(dir, parent), [...seen, file]);
  return deepMerge(base, raw);
}

/** One user-facing line per issue: `file: key.path: expected X, got Y`. */
export function formatIssues(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  cwd = process.cwd(),
): string[] {
  const relative = path.relative(cwd, file);
  const shown = relative && !relative.startsWith('..') ? relative : file;
  return issueLines(issues).map((line) => `${shown}: ${line}`);
}

/**
 * Each listed candidate gets the top level's terms (search, match, min_score, ...) where it sets
 * none: objects merge key by key, so `search: { roles: [...] }` keeps the shared locations.
 */
function inheritTerms(raw: Plain): Plain {
  if (!Array.isArray(raw['candidates'])) return raw;
  const shared: Plain = {};
  for (const key of CANDIDATE_INHERITED) if (raw[key] !== undefined) shared[key] = raw[key];
  const candidates = raw['candidates'].map((c: unknown) => (isPlain(c) ? deepMerge(shared, c) : c));
  return { ...raw, candidates };
}

/** Problems the schema cannot see: a missing resume, the same id twice. */
function candidateProblems(data: z.infer<typeof Config>): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  if (!data.candidates && !data.resume) {
    issues.push({
      code: 'custom',
      path: ['resume'],
      input: undefined,
      message: 'required: give the resume file, or list `candidates` with a resume each',
    });
  }
  const seen = new Set<string>();
  for (const [i, candidate] of (data.candidates ?? []).entries()) {
    if (seen.has(candidate.id)) {
      issues.push({
        code: 'custom',
        path: ['candidates', i, 'id'],
        input: candidate.id,
        message: `duplicate candidate id "${candidate.id}"; each candidate needs its own`,
      });
    }
    seen.add(candidate.id);
  }
  return issues;
}

export interface LoadConfigOptions {
  cwd?: string;
  /** --out: replaces output_dir; the state and caches follow unless the file names them. */
  outputDir?: string;
}

/**
 * Loads a config file (JSON or YAML) with its `extends` chain, validates it, and returns it with
 * defaults applied and every path absolute. Any problem throws a ConfigError listing them all,
 * with the file shown relative to `cwd` when it lies below it.
 */
export async function loadConfig(file: string, opts: LoadConfigOptions = {}): Promise<Config> {
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const merged = inheritTerms(await readChain(absolute, []));
  const result = Config.safeParse(merged, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(absolute, result.error.issues, cwd));
  const problems = candidateProblems(result.data);
  if (problems.length > 0) throw new ConfigError(formatIssues(absolute, problems, cwd));
  const { extends: _ignored, state_file, cache_dir, candidates, ...rest } = result.data;
  // A default (not written in any file) is relative to the config file that was loaded.
  const output_dir = opts.outputDir
    ? path.resolve(cwd, opts.outputDir)
    : path.resolve(path.dirname(absolute), rest.output_dir);
  return {
    ...rest,
    candidates: candidates ?? [shorthandCandidate(rest)],
    candidate_folders: candidates !== undefined,
    output_dir,
    state_file: state_file ?? path.join(output_dir, 'state.json'),
    cache_dir: cache_dir ?? path.join(output_dir, '.cache'),
    config_file: absolute,
  };
}

/**
 * Loads a config for `screen` (ScreenConfig: no resume or companies needed), with the same
 * `extends` chain and error lines as loadConfig; paths in the `screen:` block are made absolute.
 */
export async function loadScreenConfig(file: string, opts: { cwd?: string } = {}): Promise<ScreenConfig> {
  const cwd = opts.cwd ?? process.cwd();
  const absolute = path.resolve(cwd, file);
  const merged = await readChain(absolute, []);
  const result = ScreenConfig.safeParse(merged, { reportInput: true });
  if (!result.success) throw new ConfigError(formatIssues(absolute, result.error.issues, cwd));
  const dir = path.dirname(absolute);
  const { screen } = result.data;
  const resolve = (p: string | undefined): string | undefined =>
    p === undefined ? undefined : path.resolve(dir, p);
  return {
    ...result.data,
    output_dir: path.resolve(dir, result.data.output_dir),
    ...(result.data.cache_dir ? { cache_dir: path.resolve(dir, result.data.cache_dir) } : {}),
    screen: {
      ...screen,
      criteria: resolve(screen.criteria),
      out: resolve(screen.out),
      log_file: resolve(screen.log_file),
    },
  };
}

/** The one candidate of a config without `candidates`: the top level's resume and terms. */
function shorthandCandidate(
  top: Pick<Config, (typeof CANDIDATE_INHERITED)[number] | 'resume'>,
): CandidateConfig {
  const terms = Object.fromEntries(CANDIDATE_INHERITED.map((key) => [key, top[key]]));
  return { ...(terms as Omit<CandidateConfig, 'id' | 'resume'>), id: 'default', resume: top.resume! };
}
