import { z } from 'zod';

/** Ashby posting API payloads (api.ashbyhq.com/posting-api/job-board/<name>). */

export const AshbyJob = z.object({
  id: z.string().min(1),
  title: z.string().trim().min(1),
  department: z.string().nullish(),
  team: z.string().nullish(),
  /** FullTime | PartTime | Intern | Contract | Temporary */
  employmentType: z.string().nullish(),
  location: z.string().nullish(),
  secondaryLocations: z
    .array(
      z.object({
        location: z.string().nullish(),
        address: z
          .object({ postalAddress: z.object({ addressCountry: z.string().nullish() }).nullish() })
          .nullish(),
      }),
    )
    .nullish()
    .catch(null),
  publishedAt: z.string().nullish(),
  /** Unlisted jobs are in the payload too; they are not public postings. */
  isListed: z.boolean().nullish(),
  isRemote: z.boolean().nullish(),
  /** OnSite | Remote | Hybrid; absent in 2025 payloads. */
  workplaceType: z.string().nullish(),
  jobUrl: z.string().min(1),
  address: z
    .object({ postalAddress: z.object({ addressCountry: z.string().nullish() }).nullish() })
    .nullish()
    .catch(null),
  /** With includeCompensation=true; summaries may be null and tiers empty. */
  compensation: z
    .object({
      compensationTierSummary: z.string().nullish(),
      scrapeableCompensationSalarySummary: z.string().nullish(),
      summaryComponents: z
        .array(
          z.object({
            compensationType: z.string().nullish(),
            interval: z.string().nullish(),
            currencyCode: z.string().nullish(),
            minValue: z.number().nullish(),
            maxValue: z.number().nullish(),
          }),
        )
        .nullish(),
    })
    .nullish()
    .catch(null),
  descriptionHtml: z.string().nullish(),
});
export type AshbyJob = z.infer<typeof AshbyJob>;

export const AshbyJobBoard = z.object({
  jobs: z.array(z.unknown()),
  apiVersion: z.string().nullish(),
});
export type AshbyJobBoard = z.infer<typeof AshbyJobBoard>;
