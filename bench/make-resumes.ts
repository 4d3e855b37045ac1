import { Document, HeadingLevel, Packer, Paragraph } from 'docx';
import type { Page } from 'playwright';
import { createRng, pick } from '../sim/rng.js';

/**
 * Resumes for the screening benches, made with the same tools as the tests' fixtures
 * (tests/profile/fixtures/make-fixtures.ts): Markdown and JSON Resume as text, DOCX through the
 * docx package, PDF through Chromium's page.pdf(). Seeded: the same set every run.
 */

const FIRST = [
  'Ada',
  'Ben',
  'Chen',
  'Dana',
  'Emeka',
  'Fatima',
  'Goran',
  'Hana',
  'Ivan',
  'Juno',
  'Kofi',
  'Lena',
];
const LAST = ['Okafor', 'Rivera', 'Nakamura', 'Schmidt', 'Haddad', 'Kowalski', 'Mensah', 'Silva', 'Novak'];
const SKILLS = [
  'Go',
  'Python',
  'TypeScript',
  'Java',
  'Rust',
  'Kubernetes',
  'PostgreSQL',
  'Kafka',
  'AWS',
  'Terraform',
  'Docker',
  'Redis',
  'gRPC',
  'React',
];
const EMPLOYERS = ['Globex', 'Initech', 'Umbrella Labs', 'Stark Systems', 'Wayne Data', 'Hooli', 'Vandelay'];
const TITLES = [
  'Backend Engineer',
  'Software Engineer',
  'Platform Engineer',
  'Senior Software Engineer',
  'Data Engineer',
];

export interface BenchResume {
  name: string;
  title: string;
  skills: string[];
  roles: { title: string; employer: string; start: number; end: number | null; bullets: string[] }[];
  degree: string;
}

export function benchResumes(count: number, seed = 7): BenchResume[] {
  const rng = createRng(seed);
  return Array.from({ length: count }, (_, i) => {
    const skills = SKILLS.filter(() => rng() < 0.45);
    let year = 2026;
    const roles = Array.from({ length: 1 + Math.floor(rng() * 3) }, (_r, n) => {
      const end = n === 0 ? null : year;
      const start = year - 1 - Math.floor(rng() * 4);
      year = start;
      const used = skills.filter(() => rng() < 0.6).slice(0, 3);
      return {
        title: pick(rng, TITLES),
        employer: pick(rng, EMPLOYERS),
        start,
        end,
        bullets: [
          `Built services in ${used.join(', ') || 'Java'} for ${1 + Math.floor(rng() * 50)} million users`,
          'Mentored engineers and ran incident reviews',
        ],
      };
    });
    return {
      name: `${pick(rng, FIRST)} ${pick(rng, LAST)} ${i}`,
      title: roles[0]!.title,
      skills: skills.length ? skills : ['Java'],
      roles,
      degree: rng() < 0.7 ? 'BSc Computer Science' : 'MSc Computer Science',
    };
  });
}

export function toMarkdown(r: BenchResume): string {
  const roles = r.roles.map(
    (role) =>
      `### ${role.title}, ${role.employer}\n${role.start} - ${role.end ?? 'Present'}\n${role.bullets.map((b) => `- ${b}`).join('\n')}`,
  );
  return `# ${r.name}\n\n${r.title}\n${r.name.split(' ')[0]!.toLowerCase()}@example.com\n\n## Experience\n${roles.join('\n\n')}\n\n## Education\n${r.degree}, Technical University\n\n## Skills\n${r.skills.join(', ')}\n`;
}

export function toJsonResume(r: BenchResume): string {
  return JSON.stringify({
    basics: { name: r.name, label: r.title, email: 'x@example.com' },
    work: r.roles.map((role) => ({
      name: role.employer,
      position: role.title,
      startDate: String(role.start),
      ...(role.end ? { endDate: String(role.end) } : {}),
      highlights: role.bullets,
    })),
    education: [
      { institution: 'Technical University', studyType: r.degree.split(' ')[0], area: 'Computer Science' },
    ],
    skills: [{ name: 'Skills', keywords: r.skills }],
  });
}

export async function toDocx(r: BenchResume): Promise<Buffer> {
  const children = [
    new Paragraph({ text: r.name, heading: HeadingLevel.TITLE }),
    new Paragraph({ text: r.title }),
    new Paragraph({ text: 'Experience', heading: HeadingLevel.HEADING_1 }),
    ...r.roles.flatMap((role) => [
      new Paragraph({ text: `${role.title}, ${role.employer}`, heading: HeadingLevel.HEADING_2 }),
      new Paragraph({ text: `${role.start} - ${role.end ?? 'Present'}` }),
      ...role.bullets.map((b) => new Paragraph({ text: b, bullet: { level: 0 } })),
    ]),
    new Paragraph({ text: 'Education', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: `${r.degree}, Technical University` }),
    new Paragraph({ text: 'Skills', heading: HeadingLevel.HEADING_1 }),
    new Paragraph({ text: r.skills.join(', ') }),
  ];
  return Packer.toBuffer(new Document({ sections: [{ children }] }));
}

export async function toPdf(r: BenchResume, page: Page): Promise<Buffer> {
  const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  const roles = r.roles.map(
    (role) =>
      `<h2>${esc(role.title)}, ${esc(role.employer)}</h2><p>${role.start} - ${role.end ?? 'Present'}</p><ul>${role.bullets.map((b) => `<li>${esc(b)}</li>`).join('')}</ul>`,
  );
  await page.setContent(
    `<html><body style="font: 11pt sans-serif"><h1 style="font-size:22pt">${esc(r.name)}</h1><p>${esc(r.title)}</p><h1 style="font-size:16pt">Experience</h1>${roles.join('')}<h1 style="font-size:16pt">Education</h1><p>${esc(r.degree)}, Technical University</p><h1 style="font-size:16pt">Skills</h1><p>${esc(r.skills.join(', '))}</p></body></html>`,
  );
  return page.pdf({ format: 'A4' });
}
