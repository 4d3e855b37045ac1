import { describe, expect, it } from 'vitest';
import { checkFacts } from '../../src/generate/fact-guard.js';
import { generateOffline } from '../../src/generate/offline.js';
import { SYSTEM_PROMPT } from '../../src/generate/prompt.js';
import type { CoverLetter, TailoredResume } from '../../src/generate/types.js';
import { skillMentions } from '../../src/generate/vocabulary.js';
import type { Profile } from '../../src/profile/types.js';
import { BACKEND_AD, engineerProfile, sampleProfile } from './harness.js';

const NOW = new Date('2026-11-20T09:00:00Z');
const JOB = { company: 'Acme', title: 'Backend Engineer', description: BACKEND_AD };

/** A faithful result for the profile, then each test changes one thing. */
function faithful(profile: Profile): { resume: TailoredResume; coverLetter: CoverLetter } {
  return generateOffline({ profile, job: JOB, companyAbout: null });
}

function check(profile: Profile, edit: (r: TailoredResume, l: CoverLetter) => void) {
  const { resume, coverLetter } = faithful(profile);
  edit(resume, coverLetter);
  return checkFacts({ resume, coverLetter, profile, job: JOB, secretTexts: [SYSTEM_PROMPT], now: NOW });
}

describe('fact guard', () => {
  it('passes a result made only of the profile', () => {
    for (const profile of [engineerProfile(), sampleProfile()]) {
      expect(check(profile, () => {})).toEqual({ passed: true, violations: [] });
    }
  });

  it('does not read "scalable" as Scala, "guardrails" or "payment rails" as Rails, "react" as React', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.summary = 'Builds scalable systems with guardrails around the payment rails, and is quick to react.';
    });
    expect(verdict.violations).toEqual([]);
    expect(skillMentions('scalable guardrails on payment rails; quick to react; go ahead')).toEqual([]);
    expect(skillMentions('React on Rails, in Go')).toEqual(['react', 'rails', 'go']);
  });

  it('catches Scala and Rails when they are named, also through an alias', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.summary = 'Writes Scala services, ships Rails apps, runs k8s and Terraform-based Go/Kafka pipelines.';
    });
    expect(verdict.passed).toBe(false);
    expect(verdict.violations).toEqual(
      expect.arrayContaining([
        'skill "scala" in the summary is not in the resume',
        'skill "rails" in the summary is not in the resume',
        'skill "kubernetes" in the summary is not in the resume',
        'skill "terraform" in the summary is not in the resume',
        'skill "go" in the summary is not in the resume',
        'skill "kafka" in the summary is not in the resume',
      ]),
    );
  });

  it('accepts a skill by another spelling the profile has (NodeJS = Node.js, Postgres = PostgreSQL)', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.summary = 'NodeJS and Postgres on Amazon Web Services.';
      r.skills = ['nodejs', 'Postgres', ...r.skills];
    });
    expect(verdict.violations).toEqual([]);
  });

  it('rejects a skill in the skills list that the profile lacks', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.skills.push('Kubernetes', 'Quantum Basket Weaving');
    });
    expect(verdict.violations).toEqual([
      'skill "Kubernetes" is not in the resume',
      'skill "Quantum Basket Weaving" is not in the resume',
    ]);
  });

  it('rejects a number the source bullet does not carry, and keeps the ones it does', () => {
    const verdict = check(engineerProfile(), (r) => {
      const role = r.work[0]!;
      const latency = role.bullets.find((b) => b.source === 'work[0].bullets[1]')!;
      latency.text = 'Cut p99 latency of the payments API by 60% with PostgreSQL partial indexes';
      const pipeline = role.bullets.find((b) => b.source === 'work[0].bullets[2]')!;
      pipeline.text = 'Built a Node.js pipeline on AWS handling 2,000,000 transactions daily';
    });
    expect(verdict.violations).toEqual(['number 60 in the bullet is not in the resume']);
  });

  it('rejects an invented employer in the cover letter but allows the company applied to', () => {
    const verdict = check(engineerProfile(), (_r, l) => {
      l.paragraphs.splice(1, 0, 'Before Paylane I worked for Initech Global and at Acme I hope to do more.');
    });
    expect(verdict.violations).toEqual([
      'employer "Initech Global" in the cover letter is not in the resume',
    ]);
  });

  it('rejects a changed employer, title or dates of a role', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.work[0]!.employer = 'Google';
      r.work[1]!.title = 'Staff Engineer';
      r.work[1]!.startDate = '2015-01';
    });
    expect(verdict.violations).toEqual([
      'employer "Google" is not in the resume (work[0] is "Paylane")',
      'title "Staff Engineer" at Shopwise is not in the resume (it says "Software Engineer")',
      'dates of Shopwise (2015-01-2021-02) do not match the resume (2017-09-2021-02)',
    ]);
  });

  it('reads the role and company applied to as named, not claimed; the same skill claimed is caught', () => {
    const profile = engineerProfile();
    const job = {
      company: 'Scala Labs',
      title: 'Machine Learning Engineer (Kafka)',
      description: BACKEND_AD,
    };
    const { resume, coverLetter } = generateOffline({ profile, job, companyAbout: null });
    const verdict = () => checkFacts({ resume, coverLetter, profile, job, now: NOW }).violations;
    coverLetter.paragraphs.unshift(
      'I am excited to apply for the Machine Learning Engineer (Kafka) role at Scala Labs.',
    );
    expect(verdict()).toEqual([]);
    coverLetter.paragraphs.push('I have run Kafka pipelines for years.');
    expect(verdict()).toEqual(['skill "kafka" in the cover letter is not in the resume']);
  });

  it('rejects a title the profile never held, claimed in the letter', () => {
    const verdict = check(engineerProfile(), (_r, l) => {
      l.paragraphs.push('As a Principal Architect I set the technical direction.');
    });
    expect(verdict.violations).toEqual([
      'title "Principal Architect" in the cover letter is not in the resume',
    ]);
  });

  it('requires every bullet to cite a bullet of its own role', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.work[1]!.bullets[0]!.source = 'work[0].bullets[0]';
    });
    expect(verdict.violations).toHaveLength(1);
    expect(verdict.violations[0]).toMatch(
      /cites "work\[0\]\.bullets\[0\]", which is not a bullet of Shopwise/,
    );
  });

  it('rejects education the profile does not have', () => {
    const verdict = check(engineerProfile(), (r) => {
      r.education = [
        {
          institution: 'Stanford University',
          degree: 'PhD',
          area: 'Computer Science',
          startDate: '2017',
          endDate: '2021',
        },
      ];
    });
    expect(verdict.violations).toEqual(['education "PhD Stanford University" is not in the resume as given']);
  });

  it('rejects output that repeats the system prompt or carries an API key', () => {
    const verdict = check(engineerProfile(), (_r, l) => {
      l.paragraphs.push(
        `My instructions: ${SYSTEM_PROMPT.slice(0, 200)}`,
        'Key: sk-abcdefghijklmnopqrstuvwx',
      );
    });
    expect(verdict.violations).toEqual(
      expect.arrayContaining([
        'the output contains something that looks like an API key',
        'the output repeats the system instructions',
      ]),
    );
  });

  it('allows "N years" when the work history spans them, and nothing more', () => {
    const ok = check(engineerProfile(), (r) => {
      r.summary = 'Backend engineer with 9 years of experience.';
    });
    expect(ok.violations).toEqual([]);
    const inflated = check(engineerProfile(), (r) => {
      r.summary = 'Backend engineer with 15 years of experience.';
    });
    expect(inflated.violations).toEqual(['number 15 in the summary is not in the resume']);
  });
});

describe("the job's own technology in the letter", () => {
  const STREAMING_AD = [
    '## About Vectra',
    'Vectra processes billions of card events a day. Our platform team runs Kafka and Flink for event streaming.',
    '## Requirements',
    '- TypeScript and Node.js',
    '- Experience with Kafka or another event streaming system',
  ].join('\n');
  const job = { company: 'Vectra', title: 'Senior Backend Engineer', description: STREAMING_AD };
  const verdict = (sentence: string) => {
    const profile = engineerProfile();
    const { resume, coverLetter } = generateOffline({ profile, job, companyAbout: null });
    coverLetter.paragraphs.splice(1, 0, sentence);
    return checkFacts({ resume, coverLetter, profile, job, now: NOW }).violations;
  };

  it('the candidate has no Kafka or Flink', () => {
    expect(skillMentions(engineerProfile().skills.join(', '))).not.toContain('kafka');
    expect(verdict('I have never used anything but Node.js.')).toEqual([]);
  });

  it.each([
    'What draws me to this role is how your team uses Kafka for event streaming at this scale.',
    "I was struck by Vectra's use of Kafka and Flink to process billions of card events a day.",
    'I would be glad to learn how the platform team runs Kafka in production.',
    'The role’s focus on Kafka-based event streaming is exactly the kind of problem I enjoy.',
  ])('accepts a sentence about the company or the role: %s', (sentence) => {
    expect(verdict(sentence)).toEqual([]);
  });

  it.each([
    ['I have built event pipelines with Kafka for five years.', 'kafka'],
    ['My experience running Kafka clusters maps directly onto your platform.', 'kafka'],
    ['Your team uses Kafka, which I have operated at scale in production.', 'kafka'],
    ['Kafka and Flink are tools I know well.', 'kafka'],
  ])('rejects a sentence that claims it for the candidate: %s', (sentence, skill) => {
    expect(verdict(sentence)).toContain(`skill "${skill}" in the cover letter is not in the resume`);
  });

  it('still rejects a technology the job never names, even said of the company', () => {
    expect(verdict('I admire how your team uses Cassandra.')).toEqual([
      'skill "cassandra" in the cover letter is not in the resume',
    ]);
  });
});
