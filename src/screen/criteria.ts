import { z } from 'zod';

/**
 * The criteria a screening checks, as requirements.json holds them: written by the first run,
 * edited by a person, read back with `--criteria`. Validated here, at the edge, field by field.
 */
export const CriterionKind = z.enum(['skill', 'years', 'degree', 'location', 'language']);
export type CriterionKind = z.infer<typeof CriterionKind>;

export const DegreeLevel = z.enum(['associate', 'bachelor', 'master', 'doctorate']);
export type DegreeLevel = z.infer<typeof DegreeLevel>;

export const Criterion = z
  .strictObject({
    /** Stable within the file ("skill-go", "years-go"); used in reports and by the model. */
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
    kind: CriterionKind,
    /** For people: "5+ years of Go". */
    label: z.string().min(1),
    /** A must-have: missing it is named in the report. */
    must: z.boolean(),
    /** Its share of the total, relative to the other criteria's weights. */
    weight: z.number().min(0).max(10),
    /** Words that meet it in a resume (a skill and its spellings, a place, a language). */
    terms: z.array(z.string().min(1)).default([]),
    /** years: at least this many years. */
    min_years: z.number().min(0).max(50).optional(),
    /** degree: at least this level. */
    degree: DegreeLevel.optional(),
    /** The job's line it came from. */
    source: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    if (c.kind === 'years' && c.min_years === undefined)
      ctx.addIssue({ code: 'custom', path: ['min_years'], message: 'required for kind "years"' });
    if (c.kind === 'degree' && c.degree === undefined)
      ctx.addIssue({ code: 'custom', path: ['degree'], message: 'required for kind "degree"' });
    if ((c.kind === 'skill' || c.kind === 'language' || c.kind === 'location') && c.terms.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['terms'],
        message: `give at least one term for kind "${c.kind}"`,
      });
  });
export type Criterion = z.infer<typeof Criterion>;

export const Requirements = z
  .strictObject({
    version: z.literal(1),
    job: z.strictObject({
      title: z.string().nullable(),
      company: z.string().nullable(),
      /** The job text's hash: the model cache and the report name the job by it. */
      sha256: z.string(),
    }),
    criteria: z.array(Criterion).min(1, 'give at least one criterion'),
  })
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.criteria.forEach((c, i) => {
      if (seen.has(c.id))
        ctx.addIssue({ code: 'custom', path: ['criteria', i, 'id'], message: `"${c.id}" is used twice` });
      seen.add(c.id);
    });
  });
export type Requirements = z.infer<typeof Requirements>;
