import { emptyContact, takeContacts } from './header.js';
import { joinWrapped, type ResumeLine } from './lines.js';
import { cleanPiece, isProse, wordCount } from './text-pieces.js';
import type { ProjectEntry } from './types.js';

/** Skills, projects, certifications and summary: the sections that are lists or prose. */

/** Splits at commas, semicolons, pipes, bullets and column gaps, but not inside brackets. */
export function splitList(text: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let item = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (char === '(' || char === '[') depth += 1;
    if ((char === ')' || char === ']') && depth > 0) depth -= 1;
    const gap = char === ' ' && text.startsWith('   ', i);
    if (depth === 0 && (/[,;|•·●▪]/u.test(char) || gap)) {
      items.push(item);
      item = '';
      if (gap) i += 2;
      continue;
    }
    item += char;
  }
  items.push(item);
  return items.map((piece) => cleanPiece(piece).replace(/\.$/, '')).filter((piece) => piece !== '');
}

/** "Languages: TypeScript, Go" -> the items after a short category label. */
export function parseSkills(lines: ResumeLine[]): string[] {
  const skills: string[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (isProse(line.text)) continue;
    // A short category label: "Languages: Go, Rust", or a table's first cell "Languages   Go, Rust".
    const labelled =
      /^([^:,()]{1,40}):\s*(.+)$/.exec(line.text) ?? /^([^:,()]{1,40}?) {3}(.*,.*)$/.exec(line.text);
    const text = labelled && wordCount(labelled[1]!) <= 4 ? labelled[2]! : line.text;
    for (const skill of splitList(text)) {
      if (/^(?:etc|and more|and others)$/i.test(skill)) continue;
      const key = skill.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        skills.push(skill);
      }
    }
  }
  return skills;
}

/** Each line one certification; wrapped lines were joined before. */
export function parseCertifications(lines: ResumeLine[]): string[] {
  return [...new Set(lines.map((line) => cleanPiece(line.text)).filter((text) => text !== ''))];
}

/** Lines of prose joined into one paragraph. */
export function joinParagraph(lines: ResumeLine[]): string | null {
  const text = lines.reduce((acc, line) => (acc === '' ? line.text : joinWrapped(acc, line.text)), '');
  return text.trim() === '' ? null : text.trim();
}

/** "ledgerlite - A ledger library (https://github.com/...)" / "### ledgerlite" + description. */
export function parseProjects(lines: ResumeLine[]): ProjectEntry[] {
  const projects: ProjectEntry[] = [];
  for (const line of lines) {
    const contact = emptyContact();
    const text = cleanPiece(
      takeContacts(line.text, contact)
        .replace(/\s*\|\s*/g, ' ')
        .trim(),
    );
    const url = contact.links[0] ?? null;
    const current = projects.at(-1);
    if (line.bullet && current) {
      current.bullets.push(line.text);
      continue;
    }
    const startsNew =
      !current || line.level !== null || line.strong || (current.description !== null && text !== '');
    if (startsNew && text !== '') {
      const m = /^(.{1,60}?)(?:\s+[—–-]\s+|:\s+|\s{3,})(.+)$/u.exec(text);
      projects.push({
        name: cleanPiece(m ? m[1]! : text),
        description: m ? m[2]!.trim() : null,
        bullets: [],
        url,
      });
    } else if (current) {
      current.url ??= url;
      if (text !== '') current.description = current.description ? `${current.description} ${text}` : text;
    }
  }
  return projects;
}
