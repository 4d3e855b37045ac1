import type { ScenarioRow } from '../harness/table.js';
import { badInput } from './bad-input.js';
import { failingBoards } from './failing-boards.js';
import { hostileContent } from './hostile.js';
import { llmRestart } from './llm-restart.js';
import { sigint } from './sigint.js';
import { sigkillLoop } from './sigkill.js';
import { transientFaults } from './transient.js';

/** Every reliability scenario, in the order the table lists them; each gives one row or more. */
export interface Scenario {
  name: string;
  run(): Promise<ScenarioRow[]>;
}

const one = (run: () => Promise<ScenarioRow>) => async (): Promise<ScenarioRow[]> => [await run()];

export const SCENARIOS: Scenario[] = [
  { name: 'transient', run: one(transientFaults) },
  { name: 'failing-boards', run: one(failingBoards) },
  { name: 'llm-restart', run: one(llmRestart) },
  { name: 'sigkill', run: one(sigkillLoop) },
  { name: 'sigint', run: one(sigint) },
  { name: 'bad-input', run: badInput },
  { name: 'hostile', run: one(hostileContent) },
];
