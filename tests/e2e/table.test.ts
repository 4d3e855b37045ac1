import { describe, expect, it } from 'vitest';
import { formatTable, type ScenarioRow } from './harness/table.js';

const row = (scenario: string, problems: string[] = []): ScenarioRow => ({
  scenario,
  expected: 12,
  done: problems.length ? 11 : 12,
  lost: problems.length ? 1 : 0,
  duplicates: 0,
  exitCode: 0,
  problems,
  notes: 'n',
});

describe('the reliability table', () => {
  it('aligns the columns, marks failures and lists their problems below', () => {
    const text = formatTable([row('ok one'), row('bad one', ['lost: Acme / Backend Engineer'])]);
    const lines = text.split('\n');
    expect(lines[0]).toBe('scenario  jobs expected  jobs done  lost  duplicates  exit code  result  notes');
    expect(lines[2]).toBe('ok one               12         12     0           0          0  pass    n');
    expect(lines[3]).toBe('bad one              12         11     1           0          0  FAIL    n');
    expect(text).toContain('\nbad one:\n  - lost: Acme / Backend Engineer\n');
    expect(text.trimEnd().endsWith('1 of 2 passed')).toBe(true);
  });
});
