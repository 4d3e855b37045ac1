import type { ResumeDoc } from './resume-doc.js';

/**
 * What may leave the resume: contact details never reach the model (email, phone, links, street
 * addresses, the header and contact section); `blind` also removes the name, dates of birth, age,
 * gender and family words, so neither the model nor the report reader sees them.
 */

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const PHONE = /(?<!\d)(?:\+?\d[\d ().-]{7,}\d)(?!\d)/g;
const URL = /\b(?:https?:\/\/|www\.)\S+|\b(?:linkedin\.com|github\.com)\/\S+/gi;
const STREET =
  /\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Way|Straße|Strasse|Platz)\b/g;
const BIRTH = /\b(?:born|date of birth|d\.o\.b\.?|dob|geboren)\b[^,;\n]*/gi;
const AGE = /\b\d{2}\s*(?:years old|y\/o|yo)\b|\bage[:\s]+\d{2}\b/gi;
const PERSONAL =
  /\b(?:male|female|man|woman|he\/him|she\/her|they\/them|married|single|divorced|widowed|mother of \w+|father of \w+|nationality[:\s]+\w+|gender[:\s]+\w+|marital status[:\s]+\w+)\b/gi;

export interface RedactOptions {
  blind: boolean;
  /** The candidate's name, removed under blind. */
  name: string;
}

export function redactText(text: string, options: RedactOptions): string {
  let out = text
    .replace(EMAIL, '[email]')
    .replace(URL, '[link]')
    .replace(PHONE, '[phone]')
    .replace(STREET, '[address]');
  if (options.blind) {
    out = out.replace(BIRTH, '[removed]').replace(AGE, '[removed]').replace(PERSONAL, '[removed]');
    for (const part of options.name.split(/\s+/).filter((p) => p.length > 1)) {
      out = out.replace(new RegExp(`\\b${part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'gi'), '[name]');
    }
  }
  return out;
}

/** Sections whose lines are about the person, not the work: never sent to the model. */
const PERSONAL_SECTIONS = new Set(['header', 'contact']);

/** The resume's lines the model may see, each prefixed with its line number so quotes can be placed. */
export function modelLines(doc: ResumeDoc, options: RedactOptions): string {
  return doc.lines
    .filter((l) => !PERSONAL_SECTIONS.has(l.section))
    .map((l) => `${l.line}: ${redactText(l.text, options)}`)
    .join('\n');
}
