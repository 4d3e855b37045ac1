import path from 'node:path';
import YAML from 'yaml';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { createMatchKind, type MatchKindOptions, type MatchRunRequest } from '../pipeline/kind.js';
import { taskFolders } from '../pipeline/task-folders.js';
import type { KindRoute } from './kinds.js';
import { HttpProblem } from './problem.js';
import { formOptions, type UploadedForm } from './upload.js';

const badConfig = (detail: string, received: unknown = null) =>
  new HttpProblem(400, 'Bad Request', `config: ${detail}`, { field: 'config', received });

/** Keys of an uploaded config the server decides itself (paths on its disk, its model, its browser). */
const SERVER_KEYS = ['output_dir', 'state_file', 'cache_dir', 'llm', 'http', 'browser', 'screen'];

/**
 * An uploaded match config made safe to run on the server: no `extends` or `candidates` (they
 * name files on the server's disk), the resume is the uploaded one, and the server's own paths,
 * model, HTTP and browser settings replace the file's. Companies read by a browser are refused:
 * the address guard holds for the HTTP client, not for pages Chromium opens.
 */
function rewriteConfig(text: string, resumeName: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (error) {
    throw badConfig(`not valid YAML or JSON (${(error as Error).message.split('\n')[0]})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw badConfig('expected an object');
  const config = { ...(raw as Record<string, unknown>) };
  for (const key of ['extends', 'candidates']) {
    if (key in config) {
      throw badConfig(
        `"${key}" names files on the server; upload one config and one resume, or ask for a configured candidate`,
        key,
      );
    }
  }
  const companies = Array.isArray(config['companies']) ? config['companies'] : [];
  const browserCompany = companies.find(
    (c) => typeof c === 'object' && c !== null && (c as { kind?: unknown }).kind === 'browser',
  ) as { name?: string } | undefined;
  if (browserCompany) {
    throw badConfig(
      `company "${browserCompany.name ?? '?'}": kind "browser" is not run for uploaded configs; use a board API, jsonld or html kind`,
      'browser',
    );
  }
  for (const key of SERVER_KEYS) delete config[key];
  config['resume'] = resumeName;
  return config;
}

/** A comma-separated list of candidate ids, or none. */
function candidateIds(form: UploadedForm): string[] {
  const raw = form.fields['candidate']?.trim();
  if (!raw) return [];
  const ids = raw.split(',').map((s) => s.trim());
  const bad = ids.find((id) => !/^[a-z0-9][a-z0-9_-]{0,39}$/.test(id));
  if (bad !== undefined) {
    throw new HttpProblem(400, 'Bad Request', 'candidate: expected candidate ids, comma separated', {
      field: 'candidate',
      received: raw,
    });
  }
  return ids;
}

/** POST /api/runs: a match run for an uploaded config and resume, or for configured candidates. */
export function runRoute(options: MatchKindOptions): KindRoute {
  // The marks are in this server's database; a worker on another machine cannot read it, so the
  // jobs marked not interested travel with the task.
  const declinedOf = (candidates: { id: string }[], owner: string): Record<string, string[]> =>
    Object.fromEntries(candidates.map((c) => [c.id, options.declined(owner, c.id)]));
  return {
    path: '/api/runs',
    kind: createMatchKind(options),
    summary:
      'A match run: boards read, jobs matched, applications written, for one resume or configured candidates',
    fields: {
      config:
        "a match config (YAML or JSON: companies, search, min_score...); paths, llm, http and browser are the server's",
      resume: 'the resume for the uploaded config (PDF, DOCX, Markdown, text)',
      force: 'true: redo jobs handled in earlier runs (jobs marked not interested stay out)',
      candidate:
        "instead of config and resume: ids of candidates in the server's serve.match_config, comma separated",
    },
    // A later run of the same config must read the boards again: never answered from the cache.
    cacheable: false,
    async build(form, inputs, env) {
      const configFile = form.files.find((f) => f.field === 'config');
      const resume = form.files.find((f) => f.field === 'resume');
      const candidates = candidateIds(form);
      const force = formOptions.bool(form, 'force') ?? false;
      let request: MatchRunRequest;
      if (configFile) {
        if (!resume) {
          throw new HttpProblem(400, 'Bad Request', 'resume: an uploaded config needs its resume file', {
            field: 'resume',
            received: null,
          });
        }
        const resumeName = `resume${path.extname(resume.filename).toLowerCase() || '.md'}`;
        const config = rewriteConfig(configFile.data.toString('utf8'), resumeName);
        await inputs.write(resumeName, resume.data);
        await inputs.write('config.json', JSON.stringify(config, null, 2));
        // Checked now, so that a broken config is a 400 naming its keys, not a failed task (on
        // Redis the inputs are copied to a temporary folder for the check).
        const folders = await taskFolders({ inputs, files: inputs });
        let uploaded: Config;
        try {
          uploaded = await loadConfig(path.join(folders.inputsDir, 'config.json'), {
            cwd: folders.inputsDir,
          });
        } catch (error) {
          if (error instanceof ConfigError) throw badConfig(error.problems.join('; '));
          throw error;
        } finally {
          await folders.close();
        }
        request = {
          config: { file: 'config.json' },
          candidates: [],
          owner: env.owner,
          force,
          declined: declinedOf(uploaded.candidates, env.owner),
        };
      } else if (candidates.length > 0 || form.fields['candidate'] !== undefined) {
        if (!options.configuredFile) {
          throw new HttpProblem(400, 'Bad Request', 'candidate: this server has no serve.match_config', {
            field: 'candidate',
            received: form.fields['candidate'] ?? null,
          });
        }
        const configured = await loadConfig(options.configuredFile);
        const unknown = candidates.filter((id) => !configured.candidates.some((c) => c.id === id));
        if (unknown.length > 0) {
          throw new HttpProblem(
            400,
            'Bad Request',
            `candidate: not in the server's match config: ${unknown.join(', ')} (configured: ${configured.candidates.map((c) => c.id).join(', ')})`,
            { field: 'candidate', received: form.fields['candidate'] ?? null },
          );
        }
        const chosen = configured.candidates.filter(
          (c) => candidates.length === 0 || candidates.includes(c.id),
        );
        request = {
          config: { configured: true },
          candidates,
          owner: env.owner,
          force,
          declined: declinedOf(chosen, env.owner),
        };
      } else {
        throw badConfig('give a config file in "config" and a resume in "resume", or "candidate" ids');
      }
      // Items are the candidates' jobs, not known before the boards are read: always answered 202.
      return { input: request, items: Number.POSITIVE_INFINITY };
    },
  };
}
