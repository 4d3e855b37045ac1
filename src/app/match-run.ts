import type { Config } from '../config/schema.js';
import { CancelledError } from '../errors.js';
import type { Logger } from '../infra/logger.js';
import { pickCandidates } from '../pipeline/companies.js';
import { type MatchOptions, type MatchResult, runPipeline } from '../pipeline/run.js';
import type { RunContext } from './context.js';
import { createRunEvents, type RunEvents } from './events.js';
import { findKilledRun, newRunId, type RunRecord, startRecord, writeRunRecord } from './run-records.js';
import type { Services } from './services.js';

export const MATCH_KIND = 'match';

export interface MatchRunInput {
  signal: AbortSignal;
  logger: Logger;
  events?: RunEvents;
}

/**
 * One match run as the CLI and a server start it: a new run id, or the id of a killed run of the
 * same candidates (its record says "running" and its process is gone), a record kept up to date,
 * and the pipeline on the shared services.
 */
export async function startMatchRun(
  config: Config,
  options: MatchOptions,
  services: Services,
  input: MatchRunInput,
): Promise<MatchResult> {
  const { logger } = input;
  const events = input.events ?? createRunEvents(() => services.clock.now());
  const scope = pickCandidates(config.candidates, options.candidates).map((c) => c.id);
  const kind = options.dryRun ? `${MATCH_KIND}-dry-run` : MATCH_KIND;
  const killed = options.dryRun ? null : await findKilledRun(config.output_dir, kind, scope);
  if (killed) logger.info('run', `continuing the killed run ${killed}`);
  const runId = killed ?? newRunId(services.clock.now());
  const ctx: RunContext = { runId, signal: input.signal, logger, events };
  const runDir = `${config.output_dir}/${runId}`;
  const record: RunRecord = startRecord(runId, kind, scope, services.clock.now());
  await writeRunRecord(runDir, record);
  events.emit({ type: 'run-started', runId, kind });
  let state: RunRecord['state'] = 'failed';
  try {
    const result = await runPipeline(config, options, services, ctx);
    state = result.cancelled ? 'cancelled' : result.exitCode === 0 ? 'succeeded' : 'failed';
    record.counts = {
      candidates: result.outcomes.length,
      skipped: result.outcomes.filter((o) => o.skipped).length,
      selected: result.outcomes.reduce((n, o) => n + (o.summary?.selected ?? 0), 0),
      generated: result.outcomes.reduce((n, o) => n + (o.summary?.generated ?? 0), 0),
      failed: result.outcomes.reduce((n, o) => n + (o.summary?.failures.length ?? 0), 0),
    };
    return result;
  } catch (error) {
    if (error instanceof CancelledError) state = 'cancelled';
    throw error;
  } finally {
    record.state = state;
    record.finishedAt = services.clock.now().toISOString();
    await writeRunRecord(runDir, record);
    events.emit({
      type: 'run-finished',
      runId,
      state: state === 'succeeded' ? 'succeeded' : state === 'cancelled' ? 'cancelled' : 'failed',
    });
  }
}
