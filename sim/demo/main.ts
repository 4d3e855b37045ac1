import { setMaxListeners } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import { browserAvailable } from '../../src/infra/browser.js';
import { startSimulator } from '../server.js';
import { DEMO_BROWSER_COMPANY, DEMO_COMPANIES, demoBoards, demoConfig } from './boards.js';

/**
 * `npm run demo`: the whole pipeline, offline, against the built-in simulated career sites. Starts
 * the simulator, writes a demo config under output/demo/, runs the real CLI on it, and closes the
 * simulator. No network, no API key.
 */
// The project folder: the nearest one up with a package.json (this file runs as sim/demo/main.ts
// under tsx or as dist/sim/demo/main.js once built, two or three levels down).
const root = projectRoot(import.meta.dirname);
const demoDir = path.join(root, 'output', 'demo');
const controller = new AbortController();
setMaxListeners(200, controller.signal);
process.on('SIGINT', () => controller.abort(new Error('interrupted')));

// The JS-rendered company and the PDFs need a Chromium; without one the demo says so and goes on.
const withBrowser = await browserAvailable({});
const companies = withBrowser ? [...DEMO_COMPANIES, DEMO_BROWSER_COMPANY] : DEMO_COMPANIES;
const simulator = await startSimulator({ boards: demoBoards(companies) });
try {
  await mkdir(demoDir, { recursive: true });
  const configFile = path.join(demoDir, 'config.json');
  const config = demoConfig(simulator.origin, {
    resume: path.join(root, 'sim', 'demo', 'resume.md'),
    outputDir: demoDir,
    companies,
  });
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  process.stdout.write(
    `[demo] simulated career sites at ${simulator.origin}; config ${path.relative(process.cwd(), configFile)}\n`,
  );
  if (!withBrowser) {
    process.stdout.write(
      '[demo] no Chromium found: skipping the JS-rendered site and PDFs (apt-get install chromium, or npx playwright install chromium)\n',
    );
  }
  const flags = withBrowser ? ['--force'] : ['--force', '--no-pdf'];
  process.exitCode = await runCli(['--config', configFile, ...flags, ...process.argv.slice(2)], {
    stdout: process.stdout,
    stderr: process.stderr,
    env: { ...process.env, OPENAI_API_KEY: '' },
    cwd: process.cwd(),
    signal: controller.signal,
  });
} finally {
  await simulator.close();
}

function projectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
