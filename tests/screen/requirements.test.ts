import { describe, expect, it } from 'vitest';
import { Requirements } from '../../src/screen/criteria.js';
import { extractRequirements } from '../../src/screen/requirements.js';
import { GO_JOB } from './harness.js';

const job = (text: string) => ({ text, title: 'T', company: null, sha256: 'h', locations: [], remote: null });

describe('requirements from a job', () => {
  it('reads must-haves, nice-to-haves, years, degree and languages by section', () => {
    const r = extractRequirements(job(GO_JOB));
    const brief = r.criteria.map((c) => [c.id, c.must, c.label, c.min_years ?? null]);
    expect(brief).toEqual([
      ['skill-go', true, 'Go', null],
      ['years-go', true, '5+ years of Go', 5],
      ['skill-postgresql', true, 'PostgreSQL', null],
      ['skill-kubernetes', true, 'Kubernetes', null],
      ['degree', true, 'bachelor degree', null],
      ['language-english', true, 'speaks English', null],
      ['skill-rust', false, 'Rust', null],
      ['skill-terraform', false, 'Terraform', null],
    ]);
    // "About us" names Python, but does not ask for it.
    expect(r.criteria.some((c) => c.id === 'skill-python')).toBe(false);
    expect(Requirements.parse(r)).toEqual(r);
  });

  it('makes "a plus" lines and "or equivalent" degrees nice-to-haves, and reads the place', () => {
    const r = extractRequirements(
      job(
        "## Qualifications\n- Kafka; Scala is a plus\n- Master's degree or equivalent experience\n\nOffice: hybrid in Munich. Based in Munich, Germany.",
      ),
    );
    expect(r.criteria.find((c) => c.id === 'skill-kafka')?.must).toBe(true);
    expect(r.criteria.find((c) => c.id === 'skill-scala')?.must).toBe(false);
    expect(r.criteria.find((c) => c.id === 'degree')).toMatchObject({ must: false, degree: 'master' });
    expect(r.criteria.find((c) => c.id === 'location')).toMatchObject({ terms: ['Munich'], must: false });
  });

  it('treats a posting without headings as all required', () => {
    const r = extractRequirements(
      job('We want someone who knows React and TypeScript, with 3 years of experience.'),
    );
    expect(r.criteria.map((c) => [c.id, c.must])).toEqual([
      ['skill-react', true],
      ['skill-typescript', true],
      ['years-experience', true],
    ]);
  });

  it('names the field of an edited criteria file that is wrong', () => {
    const r = extractRequirements(job(GO_JOB));
    const edited = structuredClone(r) as unknown as { criteria: Record<string, unknown>[] };
    edited.criteria[1]!['min_years'] = undefined;
    edited.criteria[2]!['id'] = 'skill-go';
    edited.criteria[3]!['weight'] = 'high';
    const result = Requirements.safeParse(edited);
    const where = result.error!.issues.map((i) => i.path.join('.'));
    expect(where).toEqual(expect.arrayContaining(['criteria.1.min_years', 'criteria.3.weight']));
    const ids = Requirements.safeParse({
      ...r,
      criteria: [r.criteria[0], { ...r.criteria[2], id: 'skill-go' }],
    });
    expect(ids.error!.issues[0]!.path).toEqual(['criteria', 1, 'id']);
    expect(ids.error!.issues[0]!.message).toBe('"skill-go" is used twice');
  });
});
