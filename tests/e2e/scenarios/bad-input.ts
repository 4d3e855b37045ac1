import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pLimit from 'p-limit';
import { type Simulator, startSimulator } from '../../../sim/server.js';
import type { ConfigInput } from '../../../src/config/schema.js';
import { runCli } from '../harness/cli.js';
import { findSecret } from '../harness/leaks.js';
import { createWorkspace, FAKE_API_KEY, RESUME } from '../harness/setup.js';
import type { ScenarioRow } from '../harness/table.js';

/**
 * Malformed configs, resumes, state and output folders: each ends the run with exit 2 and one
 * clear message naming the file (or key) and what to do, before any board is asked for anything.
 */

/** A key written into a config file: refused, and never echoed back. */
const CONFIG_KEY = 'sk-configured1234567890abcdef';

export interface BadInputCase {
  name: string;
  /** Writes what the case needs into `dir`; returns the CLI's arguments. */
  setup(dir: string, config: (extra?: Partial<ConfigInput>) => ConfigInput): Promise<string[]>;
  /** The message stderr must carry. */
  message: RegExp;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function put(dir: string, name: string, content: string | Buffer): Promise<string> {
  const file = path.join(dir, name);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
  return file;
}

/** A run with `resume` set to a file of this name and content. */
function resumeCase(name: string, file: string, content: string | Buffer, message: RegExp): BadInputCase {
  return {
    name: `resume: ${name}`,
    message,
    async setup(dir, config) {
      const resume = await put(dir, file, content);
      return ['--config', await put(dir, 'config.json', json(config({ resume })))];
    },
  };
}

export const BAD_INPUT_CASES: BadInputCase[] = [
  {
    name: 'config: not JSON',
    message: /config\.json: not valid JSON: Unexpected end of JSON input/,
    setup: async (dir) => ['--config', await put(dir, 'config.json', '{"resume": "me.md", "companies": [')],
  },
  {
    name: 'config: YAML that does not parse',
    message: /config\.yaml: not valid YAML: .*line 4/,
    setup: async (dir) => [
      '--config',
      await put(dir, 'config.yaml', 'resume: me.md\ncompanies:\n  - name: A\n   url: [unclosed\n'),
    ],
  },
  {
    name: 'config: misspelt key',
    message: /^config\.json: \(top level\): unknown key "paralel_workers"; check the spelling/m,
    setup: async (dir, config) => [
      '--config',
      await put(dir, 'config.json', json({ ...config(), paralel_workers: 3 })),
    ],
  },
  {
    name: 'config: no companies',
    message: /^config\.json: companies: .*at least one company/m,
    setup: async (dir, config) => [
      '--config',
      await put(dir, 'config.json', json(config({ companies: [] }))),
    ],
  },
  {
    name: 'config: a URL that is not one, a score that is text',
    message: /^config\.json: companies\[0\]\.url: expected a URL, got "boards\/acme"\n.*min_score: /m,
    setup: async (dir, config) => [
      '--config',
      await put(
        dir,
        'config.json',
        json({ ...config({ companies: [{ name: 'Acme', url: 'boards/acme' }] }), min_score: 'high' }),
      ),
    ],
  },
  {
    name: 'config: html board without selectors',
    message: /companies\[0\]\.selectors: required for kind "html"/,
    setup: async (dir, config) => [
      '--config',
      await put(
        dir,
        'config.json',
        json(config({ companies: [{ name: 'Acme', url: 'http://127.0.0.1:9/careers', kind: 'html' }] })),
      ),
    ],
  },
  {
    name: 'config: an API key written in it',
    message: /llm\.api_key: secrets are not allowed in config files .*OPENAI_API_KEY/,
    setup: async (dir, config) => [
      '--config',
      await put(dir, 'config.json', json({ ...config(), llm: { api_key: CONFIG_KEY } })),
    ],
  },
  {
    name: 'config: extends itself in a cycle',
    message: /extends forms a cycle: .*a\.json -> .*b\.json -> .*a\.json/,
    async setup(dir, config) {
      await put(dir, 'b.json', json({ extends: 'a.json', min_score: 10 }));
      return ['--config', await put(dir, 'a.json', json({ ...config(), extends: 'b.json' }))];
    },
  },
  {
    name: 'config: file missing',
    message: /missing\.json: file not found; pass an existing file with --config/,
    setup: async (dir) => ['--config', path.join(dir, 'missing.json')],
  },
  {
    name: 'usage: unknown option',
    message: /unknown option '--frobnicate'/,
    setup: async (dir, config) => ['--config', await put(dir, 'config.json', json(config())), '--frobnicate'],
  },
  {
    name: 'resume: missing',
    message: /nowhere\.md: resume file not found; check the `resume` path/,
    setup: async (dir, config) => [
      '--config',
      await put(dir, 'config.json', json(config({ resume: path.join(dir, 'nowhere.md') }))),
    ],
  },
  resumeCase('empty Markdown', 'empty.md', '', /empty\.md: /),
  resumeCase(
    'not a PDF',
    'resume.pdf',
    Buffer.from('this is not a pdf at all\n'.repeat(20)),
    /resume\.pdf: is not a readable PDF .*export it again/,
  ),
  resumeCase(
    'JSON Resume that does not parse',
    'resume.json',
    '{"basics": {"name": "Ann"',
    /resume\.json: is not valid JSON .*export the JSON Resume again/,
  ),
  resumeCase(
    'a Word file that is not one',
    'resume.docx',
    'plain text saved as .docx',
    /resume\.docx: is not a Word \.docx file/,
  ),
  resumeCase(
    'an unsupported format',
    'resume.pages',
    'x',
    /resume\.pages: cannot read "\.pages" files; supported resume formats: .*export it from Pages/,
  ),
  {
    name: 'output: folder cannot be created',
    message: /blocked\/out: cannot .*output folder.*; set output_dir or --out to a/,
    async setup(dir, config) {
      // A regular file where a folder must go: no one, not even root, can create the folder.
      await put(dir, 'blocked', 'a file');
      return ['--config', await put(dir, 'config.json', json(config({ output_dir: 'blocked/out' })))];
    },
  },
  {
    name: 'state: not JSON',
    message: /state\.json: the state file is not valid JSON .*move it aside/,
    async setup(dir, config) {
      await put(dir, 'out/state.json', '{"version": 1, "handled": {');
      return ['--config', await put(dir, 'config.json', json(config()))];
    },
  },
];

/** Root ignores permissions, so a read-only folder only stops other users. */
if (process.getuid?.() !== 0) {
  BAD_INPUT_CASES.push({
    name: 'output: folder is read-only',
    message: /cannot create or write the output folder/,
    async setup(dir, config) {
      await mkdir(path.join(dir, 'readonly'), { recursive: true });
      await chmod(path.join(dir, 'readonly'), 0o555);
      return ['--config', await put(dir, 'config.json', json(config({ output_dir: 'readonly/out' })))];
    },
  });
}

async function runCase(sim: Simulator, root: string, index: number, c: BadInputCase): Promise<ScenarioRow> {
  const dir = path.join(root, `case-${index}`);
  await mkdir(dir, { recursive: true });
  const board = `case-${index}`;
  const config = (extra: Partial<ConfigInput> = {}): ConfigInput => ({
    resume: RESUME,
    output_dir: 'out',
    sources: { greenhouse: { api_base: sim.origin } },
    companies: [{ name: 'Acme', url: `https://boards.greenhouse.io/${board}` }],
    ...extra,
  });
  const args = await c.setup(dir, config);
  const run = await runCli({ cwd: dir, args: [...args, '--no-pdf'] });
  const problems: string[] = [];
  if (run.code !== 2) problems.push(`exit code ${run.code}, expected 2`);
  if (!c.message.test(run.stderr)) problems.push(`stderr does not match ${c.message}: ${run.stderr.trim()}`);
  if (/^\s+at /m.test(run.stderr)) problems.push('stderr carries a stack trace');
  if (run.stderr.includes(CONFIG_KEY)) problems.push('stderr repeats the key written in the config');
  const asked = sim.requests.filter((r) => r.path.includes(`/${board}/`) || r.path.endsWith(`/${board}`));
  if (asked.length > 0) problems.push(`${asked.length} requests reached the board before the error`);
  const leaks = await findSecret(FAKE_API_KEY, [dir], { stdout: run.stdout, stderr: run.stderr });
  if (leaks.length > 0) problems.push(`the API key appears in: ${leaks.join(', ')}`);
  return {
    scenario: `bad input: ${c.name}`,
    expected: 0,
    done: 0,
    lost: 0,
    duplicates: 0,
    exitCode: run.code,
    problems,
    notes: (run.stderr.trim().split('\n')[0] ?? '').replaceAll(`${dir}${path.sep}`, '').slice(0, 90),
  };
}

/** Every case, a few at a time; one row each. */
export async function badInput(cases: BadInputCase[] = BAD_INPUT_CASES): Promise<ScenarioRow[]> {
  const ws = await createWorkspace('bad-input');
  const sim = await startSimulator({ boards: [] });
  try {
    const limit = pLimit(3);
    return await Promise.all(cases.map((c, i) => limit(() => runCase(sim, ws.root, i, c))));
  } finally {
    await sim.close();
    await ws.remove();
  }
}
