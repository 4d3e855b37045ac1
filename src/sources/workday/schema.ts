import { z } from 'zod';

/** Workday CXS payloads (POST <host>/wday/cxs/<tenant>/<site>/jobs, GET ...<externalPath>). */

export const WorkdayPosting = z.object({
  title: z.string().trim().min(1),
  /** `/job/<location-slug>/<title-slug>_<reqId>`: the posting's path on its site. */
  externalPath: z.string().startsWith('/'),
  /** "US, CA, Santa Clara", a rollup "2 Locations", or absent on some tenants. */
  locationsText: z.string().nullish(),
  /** Relative only: "Posted Today", "Posted 30+ Days Ago". */
  postedOn: z.string().nullish(),
  /** Tenant-configured; usually [reqId]. */
  bulletFields: z.array(z.string()).nullish().catch(null),
  timeType: z.string().nullish(),
  remoteType: z.string().nullish(),
});
export type WorkdayPosting = z.infer<typeof WorkdayPosting>;

export const WorkdayJobList = z.object({
  /** Meaningful on offset 0 only; later pages say 0. */
  total: z.number().nullish(),
  jobPostings: z.array(z.unknown()),
});
export type WorkdayJobList = z.infer<typeof WorkdayJobList>;

export const WorkdayJobDetail = z.object({
  jobPostingInfo: z.object({
    title: z.string().nullish(),
    jobDescription: z.string().nullish(),
    startDate: z.string().nullish(),
    jobReqId: z.string().nullish(),
    externalUrl: z.string().nullish(),
  }),
});
export type WorkdayJobDetail = z.infer<typeof WorkdayJobDetail>;
