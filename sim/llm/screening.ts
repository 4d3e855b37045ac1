import { CRITERIA_MARKERS, RESUME_MARKERS } from '../../src/screen/llm-assess.js';
import type { ChatRequestBody, ReplyMode } from './replies.js';

/**
 * The local model's screening answer: for each criterion the first resume line that names one
 * of its words (a verdict "met" and that line as the quote), else "not_met". 'invent-quote'
 * plays a model that makes its quotes up.
 */
function between(text: string, [open, close]: readonly [string, string]): string | null {
  const start = text.indexOf(open);
  const end = text.indexOf(close, start + open.length);
  return start < 0 || end < 0 ? null : text.slice(start + open.length, end).trim();
}

export function screeningContent(mode: ReplyMode, body: ChatRequestBody): string | null {
  const user = body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const criteriaText = between(user, CRITERIA_MARKERS);
  const resume = between(user, RESUME_MARKERS);
  if (criteriaText === null || resume === null) return null;
  const criteria = JSON.parse(criteriaText) as { id: string; label: string }[];
  const lines = resume.split('\n').map((l) => l.replace(/^\d+:\s*/, ''));
  const assessments = criteria.map((c) => {
    const words = c.label
      .replace(/^\d+\+? years of |^speaks |^located in or near /i, '')
      .toLowerCase()
      .split(/[\s,/]+/)
      .filter((w) => w.length > 1 && !['degree', 'or', 'equivalent', '(or', 'equivalent)'].includes(w));
    const line = lines.find((l) =>
      words.some((w) =>
        new RegExp(`(^|[^a-z])${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z]|$)`, 'i').test(l),
      ),
    );
    if (!line) return { id: c.id, verdict: 'not_met', quote: '' };
    const quote =
      mode === 'invent-quote' ? `Led a team of 40 engineers building ${c.label} at NASA` : line.slice(0, 120);
    return { id: c.id, verdict: 'met', quote };
  });
  return JSON.stringify({ assessments });
}
