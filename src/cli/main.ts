#!/usr/bin/env node
import './wasm-tiering.js';
import { setMaxListeners } from 'node:events';
import { runCli } from './run-cli.js';

// Ctrl-C once: stop starting new work, finish or abandon what is in flight, write the summary.
// Twice: leave at once.
const controller = new AbortController();
// Every request in flight listens on the one run-wide signal; dozens at once are expected.
setMaxListeners(200, controller.signal);
let interrupts = 0;
const onSignal = (): void => {
  interrupts += 1;
  if (interrupts > 1) process.exit(130);
  process.stderr.write('\nStopping: finishing what is in flight (Ctrl-C again to quit at once)...\n');
  controller.abort(new Error('interrupted'));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
});

// Stopped by a signal and everything closed: a library timer left behind (BullMQ's lock renewal
// of a worker that was disconnected after its shutdown bound) must not keep the process alive.
// Unref'd: when nothing else runs, the process has already exited without it.
if (controller.signal.aborted) setTimeout(() => process.exit(), 1_000).unref();
