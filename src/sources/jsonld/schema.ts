import { z } from 'zod';

/**
 * schema.org JobPosting as real pages write it (ATS-FACTS.md section 9). Only `@type` and `title`
 * are required; every other field is read when it has a usable shape and ignored otherwise, so one
 * odd field (a placeholder, a wrong type) costs that field, not the job.
 */

/** A value or a list of them; read as a list. */
const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

/** Optional and forgiving: a value of the wrong shape reads as absent. */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const NamedThing = z.looseObject({ name: z.string().optional().catch(undefined) });

const ScalarText = z.union([z.string(), z.number()]).transform(String);

export const PostalAddress = z.looseObject({
  streetAddress: lenient(ScalarText),
  addressLocality: lenient(ScalarText),
  addressRegion: lenient(ScalarText),
  postalCode: lenient(ScalarText),
  /** A country name or code, or a Country node. */
  addressCountry: lenient(z.union([z.string(), NamedThing])),
});
export type PostalAddress = z.infer<typeof PostalAddress>;

export const Place = z.looseObject({
  name: lenient(z.string()),
  address: lenient(z.union([z.string(), PostalAddress])),
});
export type Place = z.infer<typeof Place>;

/** A PropertyValue `{name, value}`, or a bare string or number. */
export const Identifier = z.union([
  ScalarText,
  z.looseObject({ name: lenient(z.string()), value: lenient(ScalarText) }),
]);
export type Identifier = z.infer<typeof Identifier>;

const Amount = z.union([
  z.number(),
  z
    .string()
    .regex(/^\s*\d[\d,.]*\s*$/)
    .transform((s) => Number(s.replace(/,/g, ''))),
]);

/** MonetaryAmount{currency, value: number | QuantitativeValue{value | minValue, maxValue, unitText}}. */
export const MonetaryAmount = z.looseObject({
  currency: lenient(z.string()),
  value: lenient(
    z.union([
      Amount,
      z.looseObject({
        value: lenient(Amount),
        minValue: lenient(Amount),
        maxValue: lenient(Amount),
        unitText: lenient(z.string()),
      }),
    ]),
  ),
});
export type MonetaryAmount = z.infer<typeof MonetaryAmount>;

export const JobPosting = z.looseObject({
  '@type': z.union([z.string(), z.array(z.string())]),
  title: z
    .string({ error: 'JobPosting without a title' })
    .transform((s) => s.replace(/\s+/g, ' ').trim())
    .pipe(z.string().min(1, 'JobPosting with an empty title')),
  description: lenient(z.string()),
  identifier: lenient(Identifier),
  datePosted: lenient(z.string()),
  validThrough: lenient(z.string()),
  employmentType: lenient(oneOrMany(z.string())),
  jobLocation: lenient(oneOrMany(Place)),
  /** "TELECOMMUTE" for remote jobs. */
  jobLocationType: lenient(oneOrMany(z.string())),
  applicantLocationRequirements: lenient(oneOrMany(NamedThing)),
  url: lenient(z.string()),
  hiringOrganization: lenient(z.union([z.string(), NamedThing])),
  baseSalary: lenient(MonetaryAmount),
});
export type JobPosting = z.infer<typeof JobPosting>;
