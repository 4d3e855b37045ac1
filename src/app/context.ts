import type { Logger } from '../infra/logger.js';
import type { RunEvents } from './events.js';
import type { Services } from './services.js';

/**
 * What belongs to one run (a match run, a screening, a tailoring, or one queued item of them):
 * its id, the signal that cancels it, its logger and its events. Process-wide collaborators live
 * in Services; a stage takes `Pick<Services, ...>` plus this.
 */
export interface RunContext {
  runId: string;
  signal: AbortSignal;
  logger: Logger;
  events: RunEvents;
}

/**
 * What a stage that talks to the outside is handed: the process's services it uses and its run's
 * signal and logger. The signal goes with each request (HttpRequestOptions.signal), so one HTTP
 * client serves runs that are cancelled independently.
 */
export type StageDeps<K extends keyof Services = 'http' | 'browser' | 'clock'> = Pick<Services, K> &
  Pick<RunContext, 'signal' | 'logger'>;

/** A stage's deps from the process's services and one run. */
export function stageDeps(
  services: Services,
  run: Pick<RunContext, 'signal' | 'logger'>,
): StageDeps<keyof Omit<Services, 'close' | 'logger'>> {
  const { close: _close, logger: _processLogger, ...rest } = services;
  return { ...rest, signal: run.signal, logger: run.logger };
}
