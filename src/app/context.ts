import type { Logger } from '../infra/logger.js';
import type { RunEvents } from './events.js';

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
