import { readBlock } from '../../src/generate/prompt.js';
import { screeningContent } from './screening.js';

/**
 * The local model's replies, built from the request as a model would: it reads the PROFILE and JOB
 * blocks of the prompt and answers with a TailoredDraft that uses only the profile's facts ('ok'),
 * or misbehaves in one named way.
 */
export type ReplyMode =
  | 'ok'
  | 'invent-employer'
  | 'invent-skill'
  | 'invalid-json'
  | '429'
  | '500'
  | 'echo-injection'
  // Screening: quotes that are not in the resume.
  | 'invent-quote'
  // Connection-level, played by the server itself: no answer at all, or the socket dropped.
  | 'hang'
  | 'reset';

export interface ChatMessage {
  role: string;
  content: string;
}

export interface ChatRequestBody {
  model?: string;
  messages?: ChatMessage[];
  response_format?: { type: string; json_schema?: { name: string; schema: unknown; strict?: boolean } };
}

export interface SimReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

interface PromptProfile {
  name: string;
  label: string | null;
  skills: string[];
  work: Array<{
    source: string;
    employer: string;
    title: string;
    bullets: Array<{ source: string; text: string }>;
  }>;
}

interface PromptJob {
  company: string;
  title: string;
  description: string;
}

/** Skills a careless model likes to add; the first one the profile lacks is used. */
const TEMPTING_SKILLS = ['Kubernetes', 'Scala', 'Terraform', 'Rust'];
const INVENTED_EMPLOYER = 'Initech Global';

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): SimReply => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export const apiError = (
  status: number,
  message: string,
  type: string,
  extra: Record<string, unknown> = {},
) => json(status, { error: { message, type, param: null, code: null, ...extra } });

export function rateLimited(retryAfterSeconds: number): SimReply {
  return json(
    429,
    {
      error: {
        message: 'Rate limit reached for requests',
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    },
    { 'retry-after': String(retryAfterSeconds) },
  );
}

export function rejectResponseFormat(): SimReply {
  return apiError(400, "'response_format' is not supported by this server", 'invalid_request_error', {
    param: 'response_format',
  });
}

const tokens = (chars: number) => Math.max(1, Math.ceil(chars / 4));

function completion(body: ChatRequestBody, content: string): SimReply {
  const promptChars = (body.messages ?? []).reduce((n, m) => n + String(m.content ?? '').length, 0);
  const usage = { prompt_tokens: tokens(promptChars), completion_tokens: tokens(content.length) };
  return json(200, {
    id: `chatcmpl-sim-${promptChars}-${content.length}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: body.model ?? 'sim-model',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content, refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  });
}

function readPrompt(body: ChatRequestBody): { profile: PromptProfile; job: PromptJob } | null {
  for (const m of body.messages ?? []) {
    if (m.role !== 'user' || typeof m.content !== 'string') continue;
    try {
      const profile = readBlock(m.content, 'profile') as PromptProfile | undefined;
      const job = readBlock(m.content, 'job') as PromptJob | undefined;
      if (profile && job) return { profile, job };
    } catch {
      return null;
    }
  }
  return null;
}

const lowerFirst = (s: string) => (/^\p{Lu}\p{Ll}/u.test(s) ? s[0]?.toLowerCase() + s.slice(1) : s);
const noStop = (s: string) => s.trim().replace(/[.;]+$/, '');

/** A faithful draft: the profile's skills (those the ad names first), its roles and bullets lightly reworded. */
function faithfulDraft(profile: PromptProfile, job: PromptJob) {
  const ad = job.description.toLowerCase();
  const named = (s: string) => ad.includes(s.toLowerCase());
  const skills = [...profile.skills.filter(named), ...profile.skills.filter((s) => !named(s))];
  const roles = profile.work.map((w) => ({
    source: w.source,
    employer: w.employer,
    title: w.title,
    bullets: w.bullets.slice(0, 4).map((b) => ({ source: b.source, text: noStop(b.text) })),
  }));
  const latest = profile.work[0];
  const who = profile.label ?? latest?.title ?? 'Professional';
  const summary = `${who}${latest ? ` with experience at ${latest.employer}` : ''}${skills.length ? `, skilled in ${skills.slice(0, 3).join(', ')}` : ''}.`;
  const paragraphs = [`I am excited to apply for the ${job.title} role at ${job.company}.`];
  const point = latest?.bullets[0];
  if (latest && point)
    paragraphs.push(`At ${latest.employer}, my work included this: ${lowerFirst(noStop(point.text))}.`);
  paragraphs.push(`I would be glad to talk about how I can help ${job.company}.`);
  return {
    summary,
    skills,
    roles,
    coverLetter: { greeting: `Dear ${job.company} team,`, paragraphs, closing: 'Kind regards,' },
  };
}

/** Lines of the ad from an "ignore ... instructions" line to the next blank line. */
function injectedLines(description: string): string[] {
  const lines = description.split('\n');
  const at = lines.findIndex((l) =>
    /ignore\s+(?:all\s+|any\s+)?(?:previous|prior|above)\s+instructions/i.test(l),
  );
  if (at < 0) return [];
  const end = lines.findIndex((l, i) => i > at && l.trim() === '');
  return lines
    .slice(at, end < 0 ? undefined : end)
    .map((l) => l.trim())
    .filter(Boolean);
}

export function buildReply(mode: ReplyMode, body: ChatRequestBody): SimReply {
  if (mode === '429') return rateLimited(1);
  if (mode === '500')
    return apiError(500, 'The server had an error while processing your request.', 'server_error');
  if (body.response_format?.json_schema?.name === 'screening') {
    const content = screeningContent(mode, body);
    if (content !== null) return completion(body, content);
  }
  const prompt = readPrompt(body);
  if (!prompt) return apiError(400, 'the prompt has no PROFILE and JOB blocks', 'invalid_request_error');
  if (mode === 'invalid-json') return completion(body, '{"summary": "Tailored for the role", "skills": ["');
  const draft = faithfulDraft(prompt.profile, prompt.job);
  if (mode === 'invent-employer') {
    const first = draft.roles[0];
    if (first) first.employer = INVENTED_EMPLOYER;
    draft.coverLetter.paragraphs.splice(
      1,
      0,
      `I spent three years at ${INVENTED_EMPLOYER} leading its platform team.`,
    );
  }
  if (mode === 'invent-skill') {
    const everything = JSON.stringify(prompt.profile).toLowerCase();
    const skill = TEMPTING_SKILLS.find((s) => !everything.includes(s.toLowerCase())) ?? 'Kubernetes';
    draft.skills.unshift(skill);
    draft.summary += ` Expert in ${skill}.`;
  }
  if (mode === 'echo-injection') {
    // A naive model: it does what the ad says, including showing its instructions.
    const injected = injectedLines(prompt.job.description);
    if (injected.length > 0) draft.coverLetter.paragraphs.push(injected.join(' '));
    if (injected.some((l) => /system prompt|instructions|reveal/i.test(l))) {
      const system = body.messages?.find((m) => m.role === 'system')?.content;
      if (system) draft.coverLetter.paragraphs.push(`My instructions were: ${system}`);
    }
  }
  const content = JSON.stringify(draft);
  // Without structured output, models tend to wrap JSON in prose and a fence.
  return completion(
    body,
    body.response_format ? content : `Here is the JSON you asked for:\n\`\`\`json\n${content}\n\`\`\``,
  );
}
