import { z } from 'zod';

/**
 * Greenhouse Job Board API payloads (boards-api.greenhouse.io/v1/boards/<token>/...). Only the
 * fields we read are checked; the many others (data_compliance, ai_*, ...) pass by unread.
 */

const Named = z.object({ name: z.string().nullish() });

export const GreenhouseJob = z.object({
  id: z.number().int(),
  title: z.string().trim().min(1),
  absolute_url: z.string().min(1),
  location: Named.nullish(),
  updated_at: z.string().nullish(),
  first_published: z.string().nullish(),
  requisition_id: z.string().nullish(),
  /** The date applications close, when the company set one. */
  application_deadline: z.string().nullish().catch(null),
  /** HTML escaped as entities; present with `content=true` and on the detail endpoint. */
  content: z.string().nullish(),
  departments: z.array(Named).nullish(),
  offices: z.array(Named.extend({ location: z.string().nullish() })).nullish(),
  /** Per-company custom fields; some companies keep the employment type here. */
  metadata: z
    .array(z.object({ name: z.string().nullish(), value: z.unknown() }))
    .nullish()
    .catch(null),
});
export type GreenhouseJob = z.infer<typeof GreenhouseJob>;

export const GreenhouseJobList = z.object({
  jobs: z.array(z.unknown()),
  meta: z.object({ total: z.number() }).nullish(),
});
export type GreenhouseJobList = z.infer<typeof GreenhouseJobList>;

/** GET /v1/boards/<token>: the board's name and intro. */
export const GreenhouseBoard = z.object({
  name: z.string().nullish(),
  content: z.string().nullish(),
});
export type GreenhouseBoard = z.infer<typeof GreenhouseBoard>;
