import type { z } from 'zod';

/**
 * The one way a validation failure becomes text: `key.path[0]: expected X, got Y`, one line per
 * issue. Config errors, state and job.json files, board payloads, resumes and model replies all
 * read the same way; callers only add where the value came from (a file, a URL).
 */
type Issue = z.core.$ZodIssue;

/** `search.roles[0]`, or `(top level)` for the value itself. */
export function issuePath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out || '(top level)';
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  const text = JSON.stringify(input);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** What is wrong, in words; uses the offending value when the parse reported it (reportInput). */
function issueText(issue: Issue): string {
  const hasInput = 'input' in issue;
  const got = hasInput ? `, got ${describeInput(issue.input)}` : '';
  switch (issue.code) {
    case 'invalid_type':
      if (hasInput && issue.input === undefined) return `required: expected ${issue.expected}`;
      return hasInput ? `expected ${issue.expected}${got}` : issue.message;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}; check the spelling against the README's config reference`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}${got}`;
    case 'too_small':
    case 'too_big':
      return `${issue.message.replace(/^Too (small|big): /, '')}${got}`;
    default:
      return `${issue.message}${got}`;
  }
}

export function issueLine(issue: Issue, prefix: readonly PropertyKey[] = []): string {
  return `${issuePath([...prefix, ...issue.path])}: ${issueText(issue)}`;
}

/** One line per issue, at most `max` of them and a count of the rest. */
export function issueLines(
  issues: readonly Issue[],
  options: { max?: number; prefix?: readonly PropertyKey[] } = {},
): string[] {
  const max = options.max ?? Number.POSITIVE_INFINITY;
  const lines = issues.slice(0, max).map((issue) => issueLine(issue, options.prefix));
  if (issues.length > max) lines.push(`... and ${issues.length - max} more`);
  return lines;
}
