import { setTimeout as sleep } from 'node:timers/promises';
import type { TaskKind } from '../../src/app/task.js';
import { CancelledError, HttpError, UsageError } from '../../src/errors.js';

/**
 * A TaskKind for the queue's mechanics only (cancel mid-item, retries, restarts): each item is a
 * word with a behaviour. Every API feature is tested on the real kinds (screen, tailor).
 */
export interface WordsInput {
  words: { word: string; behaviour?: 'ok' | 'fail' | 'flaky' | 'slow' | 'hang' | 'write-hang' }[];
  failPrepare?: boolean;
}

export interface WordsKindProbe {
  /** Runs of runItem per `task/item` by this kind object. */
  runs: Map<string, number>;
  /** Resolves when an item started hanging. */
  hanging: Promise<void>;
}

/** `hang: false` makes hanging words finish: the process after a restart. */
export function createWordsKind(options: { hang?: boolean } = {}): {
  kind: TaskKind<WordsInput, { words: number }, { word: string; behaviour: string }, string, unknown>;
  probe: WordsKindProbe;
} {
  let hung: () => void = () => {};
  const probe: WordsKindProbe = {
    runs: new Map(),
    hanging: new Promise((resolve) => {
      hung = resolve;
    }),
  };
  const kind: TaskKind<WordsInput, { words: number }, { word: string; behaviour: string }, string, unknown> =
    {
      kind: 'words',
      async prepare(input) {
        if (input.failPrepare) throw new UsageError('the job text could not be read');
        return {
          plan: { words: input.words.length },
          items: input.words.map((w, i) => ({
            id: `w${i}`,
            label: w.word,
            input: { word: w.word, behaviour: w.behaviour ?? 'ok' },
          })),
        };
      },
      async runItem(_plan, item, deps, ctx) {
        const key = `${ctx.runId}/${item.id}`;
        const runs = (probe.runs.get(key) ?? 0) + 1;
        probe.runs.set(key, runs);
        const { word, behaviour } = item.input;
        if (behaviour === 'fail') throw new UsageError(`${word}: unreadable`);
        if (behaviour === 'flaky' && runs < 3) throw new HttpError('http://model/v1', 503, 'model busy');
        if (behaviour === 'slow') await sleep(200, undefined, { signal: ctx.signal }).catch(() => {});
        if (behaviour === 'write-hang') await deps.files.writeOnce(`${item.id}.txt`, `${word} (run ${runs})`);
        if ((behaviour === 'hang' || behaviour === 'write-hang') && options.hang !== false) {
          hung();
          await new Promise((_, reject) =>
            ctx.signal.addEventListener('abort', () => reject(new CancelledError()), { once: true }),
          );
        }
        await deps.files.writeOnce(`${item.id}.txt`, `${word.toUpperCase()} (run ${runs})`);
        return word.toUpperCase();
      },
      async finish(_plan, outcomes, deps) {
        const upper = outcomes.filter((o) => o.ok).map((o) => (o.ok ? o.value : ''));
        await deps.files.write('result.json', JSON.stringify(upper));
        return { upper, failed: outcomes.filter((o) => !o.ok).map((o) => o.label) };
      },
    };
  return { kind, probe };
}
