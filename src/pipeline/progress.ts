import type { RunEvents } from '../app/events.js';

/**
 * Every stage's counts as run events: `stage-started` when its first item is known,
 * `progress` as items settle (the live display draws these, so every row moves while streaming),
 * `stage-finished` at the end. Totals grow as boards come in and jobs are selected.
 */
export class StageProgress {
  private readonly stages = new Map<
    string,
    { done: number; failed: number; total: number; startMs: number }
  >();

  constructor(private readonly events: RunEvents) {}

  private entry(stage: string) {
    let entry = this.stages.get(stage);
    if (!entry) {
      entry = { done: 0, failed: 0, total: 0, startMs: performance.now() };
      this.stages.set(stage, entry);
      this.events.emit({ type: 'stage-started', stage });
    }
    return entry;
  }

  /** More items for `stage` (companies to scrape, jobs to fetch, ...). */
  expect(stage: string, items: number): void {
    if (items <= 0) return;
    const entry = this.entry(stage);
    entry.total += items;
    this.emit(stage);
  }

  settle(stage: string, ok: boolean): void {
    const entry = this.entry(stage);
    if (ok) entry.done += 1;
    else entry.failed += 1;
    entry.total = Math.max(entry.total, entry.done + entry.failed);
    this.emit(stage);
  }

  /** A failed item, with its error as events carry it. */
  failed(stage: string, item: { company: string; job: string | null; reason: string; code: string }): void {
    this.events.emit({
      type: 'item-failed',
      stage,
      itemId: item.job ? `${item.company} / ${item.job}` : item.company,
      error: {
        code: item.code,
        message: item.reason,
        retryable: false,
        fields: { company: item.company, job: item.job },
      },
    });
  }

  private emit(stage: string): void {
    const { done, failed, total } = this.entry(stage);
    this.events.emit({ type: 'progress', stage, done, failed, total });
  }

  finish(): void {
    for (const [stage, { done, failed, startMs }] of this.stages) {
      this.events.emit({
        type: 'stage-finished',
        stage,
        done,
        failed,
        durationMs: Math.round(performance.now() - startMs),
      });
    }
  }
}
