import { z } from 'zod';

/** Lever Postings API payloads (api.lever.co/v0/postings/<site>?mode=json): a bare array. */

export const LeverPosting = z.object({
  id: z.string().min(1),
  text: z.string().trim().min(1),
  hostedUrl: z.string().min(1),
  /** Epoch milliseconds. */
  createdAt: z.number().nullish(),
  categories: z
    .object({
      location: z.string().nullish(),
      commitment: z.string().nullish(),
      team: z.string().nullish(),
      department: z.string().nullish(),
      allLocations: z.array(z.string()).nullish(),
    })
    .nullish(),
  /** unspecified | on-site | onsite | remote | hybrid */
  workplaceType: z.string().nullish(),
  /** ISO 3166 alpha-2 ("GB"). */
  country: z.string().nullish(),
  /** Pay, where the company publishes it; interval like "per-year-salary" or "per-hour-wage". */
  salaryRange: z
    .object({
      currency: z.string().nullish(),
      interval: z.string().nullish(),
      min: z.number().nullish(),
      max: z.number().nullish(),
    })
    .nullish()
    .catch(null),
  salaryDescriptionPlain: z.string().nullish(),
  /** Opening and body; the `lists` and `additional` come separately. */
  description: z.string().nullish(),
  /** An odd value (one capture holds a string here) costs the lists, not the posting. */
  lists: z
    .array(z.object({ text: z.string().nullish(), content: z.string().nullish() }))
    .nullish()
    .catch(null),
  additional: z.string().nullish(),
});
export type LeverPosting = z.infer<typeof LeverPosting>;

export const LeverPostingList = z.array(z.unknown());
export type LeverPostingList = z.infer<typeof LeverPostingList>;
