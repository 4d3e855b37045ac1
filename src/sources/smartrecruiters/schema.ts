import { z } from 'zod';

/** SmartRecruiters Posting API payloads (api.smartrecruiters.com/v1/companies/<id>/postings). */

const Labelled = z.object({ id: z.string().nullish(), label: z.string().nullish() });

export const SmartRecruitersPosting = z.object({
  /** Numeric string, e.g. "744000137613800". */
  id: z.string().min(1),
  /** The title; may end in a space. */
  name: z.string().trim().min(1),
  refNumber: z.string().nullish(),
  company: z.object({ identifier: z.string().nullish(), name: z.string().nullish() }).nullish(),
  releasedDate: z.string().nullish(),
  location: z
    .object({
      city: z.string().nullish(),
      region: z.string().nullish(),
      /** Lower-case ISO 3166 alpha-2. */
      country: z.string().nullish(),
      remote: z.boolean().nullish(),
      hybrid: z.boolean().nullish(),
      fullLocation: z.string().nullish(),
    })
    .nullish(),
  department: Labelled.nullish().catch(null),
  function: Labelled.nullish().catch(null),
  typeOfEmployment: Labelled.nullish().catch(null),
});
export type SmartRecruitersPosting = z.infer<typeof SmartRecruitersPosting>;

export const SmartRecruitersPostingList = z.object({
  offset: z.number().nullish(),
  limit: z.number().nullish(),
  totalFound: z.number(),
  content: z.array(z.unknown()),
});
export type SmartRecruitersPostingList = z.infer<typeof SmartRecruitersPostingList>;

const Section = z.object({ title: z.string().nullish(), text: z.string().nullish() }).nullish();

/** GET .../postings/<id>: the list's fields plus the job ad's sections (HTML). */
export const SmartRecruitersPostingDetail = z.object({
  id: z.string(),
  postingUrl: z.string().nullish(),
  jobAd: z.object({
    sections: z.object({
      companyDescription: Section,
      jobDescription: Section,
      qualifications: Section,
      additionalInformation: Section,
    }),
  }),
});
export type SmartRecruitersPostingDetail = z.infer<typeof SmartRecruitersPostingDetail>;
