import { z } from 'zod';
import { issueLines } from '../infra/zod-issues.js';

/**
 * What the model is asked to return: choices and wording only. Dates, locations, education and
 * contact details are never asked for; they are copied from the Profile, so the model has no
 * chance to get them wrong. Employer and title are asked for so that a model that changes them is
 * caught by the fact guard rather than silently corrected.
 */
export const TailoredDraft = z.strictObject({
  summary: z.string().min(1),
  /** The profile's own skills, most relevant to the job first. */
  skills: z.array(z.string().min(1)),
  roles: z.array(
    z.strictObject({
      /** "work[0]": the profile entry this role is. */
      source: z.string().min(1),
      employer: z.string().min(1),
      title: z.string().min(1),
      bullets: z.array(
        z.strictObject({
          /** "work[0].bullets[2]": the profile bullet this one rewords. */
          source: z.string().min(1),
          text: z.string().min(1),
        }),
      ),
    }),
  ),
  coverLetter: z.strictObject({
    greeting: z.string().min(1),
    paragraphs: z.array(z.string().min(1)).min(1),
    closing: z.string().min(1),
  }),
});
export type TailoredDraft = z.infer<typeof TailoredDraft>;

export const DRAFT_SCHEMA_NAME = 'tailored_application';

/** Keywords that strict structured output on OpenAI and several local servers refuse. */
const UNSUPPORTED = new Set([
  '$schema',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
  'format',
]);

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !UNSUPPORTED.has(key))
      .map(([key, v]) => [key, strip(v)]),
  );
}

/**
 * The JSON schema for `response_format: json_schema` with `strict: true`: every property required,
 * no additional properties, no length keywords (zod still checks those on the reply).
 */
export const DRAFT_JSON_SCHEMA = strip(z.toJSONSchema(TailoredDraft, { target: 'draft-7' })) as Record<
  string,
  unknown
>;

/** The first JSON object in a reply, also when a model wraps it in a ```json fence or prose. */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed)?.[1];
  const candidate = fenced ?? trimmed;
  const start = candidate.indexOf('{');
  const end = candidate.lastIndexOf('}');
  if (start < 0 || end < start) throw new SyntaxError('the reply holds no JSON object');
  return JSON.parse(candidate.slice(start, end + 1));
}

/** A validation failure as lines a model can act on: `roles[0].bullets: expected array`. */
export function describeDraftIssues(error: z.ZodError): string[] {
  return issueLines(error.issues, { max: 10 }).slice(0, 10);
}
