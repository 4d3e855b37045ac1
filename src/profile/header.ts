import type { ResumeLine } from './lines.js';
import { cleanPiece, fixCapitals, isLocation, isProse, splitPieces, wordCount } from './text-pieces.js';
import type { Contact } from './types.js';

/**
 * The top of a resume: name, a one-line label ("Senior Backend Engineer") and contact details,
 * in whatever arrangement: one per line, joined with "|" or "·", or in two columns.
 */

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
const URL_RE =
  /\b(?:https?:\/\/|www\.)[^\s<>()|,]+|\b(?:[a-z0-9-]+\.)+(?:com|org|net|io|dev|me|co|app|page|site|ai|tech|info|design|xyz|cv|de|uk|ca|eu)(?:\/[^\s<>()|,]*)?/gi;
const PHONE = /(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){1,4}(?![\w/])/g;
/** Link labels left behind once the link itself is taken ("GitHub", "LinkedIn: "). */
const LINK_LABEL =
  /^(?:github|gitlab|linkedin|twitter|x|website|web|portfolio|blog|homepage|home page|site|email|e-mail|phone|tel|mobile|cell|stack overflow|stackoverflow|mastodon|dribbble|behance|medium)\b:?$/i;

const DOCUMENT_TITLE = /^(?:curriculum vitae|cv|r[eé]sum[eé]|resume)$/i;

export interface HeaderFields {
  name: string;
  label: string | null;
  contact: Contact;
  /** Prose in the header, used when the resume has no summary section. */
  summary: string | null;
}

const digitsIn = (text: string): number => (text.match(/\d/g) ?? []).length;

/** Takes emails, links and phone numbers out of `text`, returning what is left. */
export function takeContacts(text: string, contact: Contact): string {
  let rest = text.replace(EMAIL, (email) => {
    contact.email ??= email;
    return ' | ';
  });
  rest = rest.replace(URL_RE, (url) => {
    const link = url.replace(/[.,;:]+$/, '');
    if (!contact.links.includes(link)) contact.links.push(link);
    return ' | ';
  });
  rest = rest.replace(PHONE, (phone) => {
    if (digitsIn(phone) < 7 || digitsIn(phone) > 15) return phone;
    contact.phone ??= phone.trim();
    return ' | ';
  });
  // Brackets that held a link ("GitHub (https://...)") are empty now.
  return rest.replace(/[([]\s*(?:\|\s*)*[)\]]/g, ' | ');
}

export function emptyContact(): Contact {
  return { email: null, phone: null, location: null, links: [] };
}

export function parseHeader(lines: ResumeLine[], contactSection: ResumeLine[] = []): HeaderFields {
  const contact = emptyContact();
  let name = '';
  let label: string | null = null;
  const prose: string[] = [];

  for (const line of [...lines, ...contactSection]) {
    // A document title is not the person's name.
    if (DOCUMENT_TITLE.test(line.text.trim())) continue;
    const rest = takeContacts(line.text, contact);
    if (isProse(rest)) {
      prose.push(line.text);
      continue;
    }
    const pieces = splitPieces(rest)
      .map((piece) => cleanPiece(piece.replace(/^(?:location|address|based in)\s*:\s*/i, '')))
      .filter((piece) => piece !== '' && !LINK_LABEL.test(piece));
    for (const piece of pieces) {
      if (name === '') {
        name = fixCapitals(piece);
      } else if (contact.location === null && isLocation(piece)) {
        contact.location = piece;
      } else if (label === null && wordCount(piece) <= 8 && !/\d{3}/.test(piece)) {
        label = piece;
      }
    }
  }
  return { name, label, contact, summary: prose.length > 0 ? prose.join(' ') : null };
}
