import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoBoards, demoConfig } from '../demo/boards.js';
import { startSimulator } from '../simulator/server.js';
import { runCli } from './run-cli.js';

/**
 * `npm run demo`: the whole pipeline, offline, against the built-in simulated career sites. Starts
 * the simulator, writes a demo config under output/demo/, runs the real CLI on it, and closes the
 * simulator. No network, no API key.
 */
const root = path.resolve(import.meta.dirname, '../..');
const demoDir = path.join(root, 'output', 'demo');
const controller = new AbortController();
process.on('SIGINT', () => controller.abort(new Error('interrupted')));

const simulator = await startSimulator({ boards: demoBoards() });
try {
  await mkdir(demoDir, { recursive: true });
  const configFile = path.join(demoDir, 'config.json');
  const config = demoConfig(simulator.origin, {
    resume: path.join(root, 'src', 'demo', 'resume.md'),
    outputDir: demoDir,
  });
  await writeFile(configFile, `${JSON.stringify(config, null, 2)}\n`);
  process.stdout.write(
    `[demo] simulated career sites at ${simulator.origin}; config ${path.relative(process.cwd(), configFile)}\n`,
  );
  process.exitCode = await runCli(['--config', configFile, '--force', ...process.argv.slice(2)], {
    stdout: process.stdout,
    stderr: process.stderr,
    env: { ...process.env, OPENAI_API_KEY: '' },
    cwd: process.cwd(),
    signal: controller.signal,
  });
} finally {
  await simulator.close();
}
