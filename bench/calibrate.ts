import { createHash } from 'node:crypto';

/**
 * A machine's speed at the scan's kind of work, so CPU figures from different sessions (and the
 * peer's, measured on another machine) can be compared: the same code read 2x apart on two days
 * of one VM type (start-up 0.26 s against 0.5 s). A fixed board-sized JSON document, seeded, is
 * encoded, hashed, decoded, parsed, stripped of tags and split into words, as a scan does per
 * board; the figure is the fastest of a few rounds, the least disturbed by other work.
 */
export interface Calibration {
  /** The fastest round, in ms. */
  ms: number;
  rounds: number[];
}

/** Measured before the runs and after them: a shared VM's speed drifts within minutes. */
export interface Calibrations {
  before: Calibration;
  after: Calibration;
}

/** xorshift32: the same document on every machine and Node version. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 0x1_0000_0000;
  };
}

const WORDS = ['platform', 'engineer', 'typescript', 'distributed', 'systems', 'team', 'remote', 'data'];

/** ~200 KB of board JSON: 100 jobs with an HTML description each (a simulated board's size). */
function boardDocument(): string {
  const next = rng(20261202);
  const word = () => WORDS[Math.floor(next() * WORDS.length)] as string;
  const sentence = () => Array.from({ length: 12 }, word).join(' ');
  const jobs = Array.from({ length: 100 }, (_, i) => ({
    id: 4_000_000 + i,
    title: `${word()} ${word()}`,
    location: { name: i % 2 ? 'Berlin, Germany' : 'Remote' },
    updated_at: '2026-11-30T12:00:00Z',
    content: Array.from({ length: 12 }, () => `<p>${sentence()}</p>`).join('\n'),
  }));
  return JSON.stringify({ jobs });
}

function round(document: string, boards: number): number {
  const started = performance.now();
  let words = 0;
  for (let b = 0; b < boards; b++) {
    const bytes = Buffer.from(document);
    createHash('sha256').update(bytes).digest('hex');
    const parsed = JSON.parse(bytes.toString('utf8')) as { jobs: Array<{ content: string }> };
    for (const job of parsed.jobs)
      words += job.content
        .replace(/<[^>]*>/g, ' ')
        .toLowerCase()
        .split(/\s+/).length;
  }
  if (words === 0) throw new Error('calibration: no words');
  return performance.now() - started;
}

export function calibrate(rounds = 5, boards = 100): Calibration {
  const document = boardDocument();
  round(document, 3); // warm-up: compile before timing
  const times = Array.from({ length: rounds }, () => round(document, boards));
  return { ms: Math.min(...times), rounds: times };
}
