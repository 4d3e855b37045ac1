import type { Queue } from 'bullmq';
import { JOB_STATES, type JobState } from '../types.js';

/**
 * BullMQ jobs (prepare, items, finish) per state: the queue's depth for /metrics. BullMQ keeps a
 * paused queue's jobs in its wait list, so while it is paused (Bull Board can pause it) they count
 * as paused, not waiting.
 */
export async function queueDepth(bull: Queue): Promise<Record<JobState, number>> {
  const [counts, paused] = await Promise.all([
    bull.getJobCounts(
      'waiting',
      'prioritized',
      'active',
      'delayed',
      'waiting-children',
      'failed',
      'completed',
    ),
    bull.isPaused(),
  ]);
  const queued = (counts['waiting'] ?? 0) + (counts['prioritized'] ?? 0);
  const depth: Record<string, number> = {
    ...counts,
    waiting: paused ? 0 : queued,
    paused: paused ? queued : 0,
  };
  return Object.fromEntries(JOB_STATES.map((state) => [state, depth[state] ?? 0])) as Record<
    JobState,
    number
  >;
}
