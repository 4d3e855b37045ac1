import Docxtemplater, { type DXT } from 'docxtemplater';
import * as inspectModule from 'docxtemplater/js/inspect-module.js';
import PizZip from 'pizzip';
import { TemplateError } from '../errors.js';
import { formatDate } from '../generate/render/format.js';
import type { TailoredResume } from '../generate/types.js';
import { listLoopModule } from './list-loop.js';

/**
 * The user's own DOCX template, filled with docxtemplater. The names it may use are exactly these
 * (the README lists them); anything else is refused by `checkTemplate` before any resume is read,
 * because a misspelt tag would otherwise print "undefined" into every person's resume.
 */
export interface TemplateData {
  name: string;
  label: string;
  email: string;
  phone: string;
  location: string;
  summary: string;
  skills: string[];
  work: { title: string; employer: string; start: string; end: string; bullets: { text: string }[] }[];
  education: { degree: string; school: string; end: string }[];
  projects: { name: string; description: string }[];
  certifications: string[];
}

/** What is used of docxtemplater's InspectModule. */
interface InspectModule extends DXT.Module {
  getTemplatedFiles(): string[];
  getStructuredTags(file?: string): DXT.Part[];
}
/** Typed as a class; the CommonJS module is a factory function (its default export under ESM). */
const newInspectModule = (inspectModule as unknown as { default: () => InspectModule }).default;

interface Scope {
  names: readonly string[];
  loops: Readonly<Record<string, Scope>>;
}

const items: Scope = { names: ['.'], loops: {} };
export const TEMPLATE_TAGS: Scope = {
  names: ['name', 'label', 'email', 'phone', 'location', 'summary'],
  loops: {
    skills: items,
    work: {
      names: ['title', 'employer', 'start', 'end'],
      loops: { bullets: { names: ['text'], loops: {} } },
    },
    education: { names: ['degree', 'school', 'end'], loops: {} },
    projects: { names: ['name', 'description'], loops: {} },
    certifications: items,
  },
};

export function templateData(resume: TailoredResume): TemplateData {
  return {
    name: resume.name,
    label: resume.headline ?? '',
    email: resume.contact.email ?? '',
    phone: resume.contact.phone ?? '',
    location: resume.contact.location ?? '',
    summary: resume.summary,
    skills: resume.skills,
    work: resume.work.map((role) => ({
      title: role.title,
      employer: role.employer,
      start: formatDate(role.startDate),
      end: role.endDate ? formatDate(role.endDate) : role.startDate ? 'Present' : '',
      bullets: role.bullets.map((b) => ({ text: b.text })),
    })),
    education: resume.education.map((e) => ({
      degree: [e.degree, e.area].filter(Boolean).join(', '),
      school: e.institution,
      end: formatDate(e.endDate),
    })),
    projects: resume.projects.map((p) => ({ name: p.name, description: p.description ?? '' })),
    certifications: resume.certifications,
  };
}

interface TagPart {
  type: string;
  value: string;
  module?: string;
  offset: number;
  subparsed?: TagPart[];
}

interface XtError {
  message: string;
  properties?: { explanation?: string; xtag?: string; offset?: number; file?: string; errors?: XtError[] };
}

/** Where a template text offset is: "word/document.xml, paragraph 7 ("{title} at {employr}")". */
function locator(zip: PizZip): (file: string | undefined, offset: number | undefined) => string {
  const cache = new Map<string, { start: number; text: string }[]>();
  const paragraphsOf = (file: string) => {
    let found = cache.get(file);
    if (!found) {
      found = [];
      const xml = zip.file(file)?.asText() ?? '';
      let at = 0;
      let current: { start: number; text: string } | null = null;
      for (const m of xml.matchAll(/<w:p[ >]|<\/w:p>|<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)) {
        if (m[0].startsWith('<w:p')) {
          current = { start: at, text: '' };
          found.push(current);
        } else if (m[0] === '</w:p>') current = null;
        else {
          const text = m[1] ?? '';
          if (current) current.text += text;
          at += text.length;
        }
      }
      cache.set(file, found);
    }
    return found;
  };
  return (file, offset) => {
    if (!file) return 'the template';
    if (offset === undefined) return file;
    const paragraphs = paragraphsOf(file);
    let index = -1;
    for (let i = 0; i < paragraphs.length; i++) if (paragraphs[i]!.start <= offset) index = i;
    const paragraph = paragraphs[index];
    if (!paragraph) return file;
    const text = paragraph.text.length > 80 ? `${paragraph.text.slice(0, 77)}...` : paragraph.text;
    return `${file}, paragraph ${index + 1} ("${text}")`;
  };
}

interface UnknownTag {
  part: TagPart;
  /** The loops it is inside, outermost first. */
  inside: string[];
}

function unknownTags(parts: TagPart[], scope: Scope, inside: string[], out: UnknownTag[]): void {
  for (const part of parts) {
    if (part.type !== 'placeholder') continue;
    if (part.module === 'loop') {
      // A section over a plain name ({#summary}...{/summary}) is a condition: same names inside.
      const inner = scope.loops[part.value] ?? (scope.names.includes(part.value) ? scope : undefined);
      if (inner) unknownTags(part.subparsed ?? [], inner, [...inside, part.value], out);
      else out.push({ part, inside });
    } else if (part.module !== undefined || !scope.names.includes(part.value)) {
      out.push({ part, inside });
    }
  }
}

function describeUnknown({ part, inside }: UnknownTag): string {
  const known = inside.length > 0 ? `inside {#${inside.join('} {#')}}` : 'at the top level';
  const shown = part.module === 'loop' ? `{#${part.value}}` : `{${part.value}}`;
  return `unknown tag ${shown} ${known}`;
}

function compile(
  file: string,
  bytes: Uint8Array,
): { doc: Docxtemplater; zip: PizZip; inspect: InspectModule } {
  let zip: PizZip;
  try {
    zip = new PizZip(bytes);
  } catch (cause) {
    throw new TemplateError(file, ['not a DOCX file (it is not a zip archive); save it from Word as .docx'], {
      cause,
    });
  }
  if (!zip.file('word/document.xml'))
    throw new TemplateError(file, ['not a Word document (no word/document.xml); save it as .docx']);
  const inspect = newInspectModule();
  try {
    const doc = new Docxtemplater(zip, {
      paragraphLoop: true,
      linebreaks: true,
      errorLogging: false,
      nullGetter: () => '',
      modules: [listLoopModule(), inspect],
    });
    return { doc, zip, inspect };
  } catch (cause) {
    const where = locator(zip);
    const error = cause as XtError;
    const list = error.properties?.errors ?? [error];
    const problems = list.map((e) => {
      const p = e.properties ?? {};
      return `${p.explanation ?? e.message} (${where(p.file, p.offset)})`;
    });
    throw new TemplateError(file, problems, { cause });
  }
}

/**
 * Refuses a template docxtemplater cannot compile (unclosed or mismatched loop, broken tag) or
 * that uses a name outside TEMPLATE_TAGS, naming each tag and the paragraph it is in.
 */
export function checkTemplate(file: string, bytes: Uint8Array): void {
  const { zip, inspect } = compile(file, bytes);
  const where = locator(zip);
  const problems: string[] = [];
  let tags = 0;
  for (const templated of inspect.getTemplatedFiles()) {
    tags += inspect.getStructuredTags(templated).length;
    const found: UnknownTag[] = [];
    unknownTags(inspect.getStructuredTags(templated) as unknown as TagPart[], TEMPLATE_TAGS, [], found);
    for (const tag of found) problems.push(`${describeUnknown(tag)} (${where(templated, tag.part.offset)})`);
  }
  if (tags === 0)
    problems.push(
      'no tags at all: every person would get the same document; put {name} and the others in it',
    );
  if (problems.length > 0) {
    const names = [...TEMPLATE_TAGS.names, ...Object.keys(TEMPLATE_TAGS.loops).map((l) => `#${l}`)];
    problems.push(`the template may use: ${names.map((n) => `{${n}}`).join(' ')} (see the README)`);
    throw new TemplateError(file, problems);
  }
}

/** The template filled with one person's tailored resume; styles, numbering and layout are the template's. */
export function renderTemplate(file: string, bytes: Uint8Array, data: TemplateData): Uint8Array {
  const { doc } = compile(file, bytes);
  doc.render(data);
  return doc.toUint8Array({ compression: 'DEFLATE' });
}
