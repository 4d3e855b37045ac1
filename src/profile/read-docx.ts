import { type CheerioAPI, load } from 'cheerio/slim';
import mammoth from 'mammoth';
import { ProfileError } from '../errors.js';
import { COLUMN_GAP, makeLine, type ResumeLine, stripBullet, tidySpaces } from './lines.js';

/**
 * Word .docx through mammoth's HTML, which keeps what matters for finding sections: headings
 * (Heading 1-6 styles), list items, bold paragraphs and tables (two-column layouts).
 */

/** The OLE2 signature: a password-protected .docx or an old binary .doc saved with a new name. */
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const ZIP_SIGNATURE = Buffer.from('PK');

export async function readDocx(file: string, bytes: Buffer): Promise<ResumeLine[]> {
  if (bytes.subarray(0, 8).equals(OLE_SIGNATURE)) {
    throw new ProfileError(
      file,
      'is password-protected or an old Word 97-2003 document; remove the password and save it as .docx (or export PDF/Markdown)',
    );
  }
  if (!bytes.subarray(0, 2).equals(ZIP_SIGNATURE)) {
    throw new ProfileError(
      file,
      'is not a Word .docx file (corrupt or another format); save it again from Word as .docx',
    );
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value;
  } catch (error) {
    throw new ProfileError(
      file,
      `cannot be read as a Word document (${(error as Error).message}); save it again from Word as .docx, or export PDF/Markdown`,
      { cause: error },
    );
  }
  return htmlToLines(html);
}

/** What cheerio's `$()` takes: here an element, or the document body. */
type HtmlNode = Parameters<CheerioAPI>[0];

/** Mammoth's HTML to lines: one per paragraph, heading, list item, or table row. */
export function htmlToLines(html: string): ResumeLine[] {
  const $ = load(html);
  const lines: ResumeLine[] = [];
  const push = (text: string, fields: Partial<ResumeLine>): void => {
    const { text: body, bullet } = stripBullet(tidySpaces(text));
    // Word paragraphs are not separated by blank lines, so only headings set blankBefore.
    if (body !== '') lines.push(makeLine(body, { ...fields, bullet: fields.bullet || bullet }));
  };
  /** A paragraph's lines (soft breaks split it); tabs become column gaps. */
  const paragraphLines = (node: HtmlNode): string[] => {
    const copy = $(node).clone();
    copy.find('br').replaceWith('\n');
    copy.find('ul, ol').remove();
    return copy.text().split('\n');
  };

  const walk = (node: HtmlNode, depth: number): void => {
    $(node)
      .children()
      .each((_i, el) => {
        const tag = el.tagName.toLowerCase();
        if (/^h[1-6]$/.test(tag)) {
          push($(el).text(), { level: Number(tag[1]), blankBefore: true });
        } else if (tag === 'p') {
          const text = $(el).text().trim();
          const strong = text !== '' && $(el).find('strong').text().trim() === text;
          for (const line of paragraphLines(el)) push(line, { strong });
        } else if (tag === 'li') {
          paragraphLines(el).forEach((line, i) => {
            push(line, { bullet: i === 0, indent: depth * 2 + (i === 0 ? 0 : 2) });
          });
          $(el)
            .children('ul, ol')
            .each((_j, list) => walk(list, depth + 1));
        } else if (tag === 'tr') {
          // Cells side by side: paragraph n of each cell makes line n of the row.
          const cells = $(el)
            .children('td, th')
            .toArray()
            .map((cell) => {
              const paragraphs = $(cell).children('p, h1, h2, h3, h4, h5, h6').toArray();
              return paragraphs.length > 0
                ? paragraphs.map((p) => $(p).text().trim())
                : [$(cell).text().trim()];
            });
          const rows = Math.max(0, ...cells.map((cell) => cell.length));
          for (let i = 0; i < rows; i++) {
            push(
              cells
                .map((cell) => cell[i] ?? '')
                .filter(Boolean)
                .join(COLUMN_GAP),
              {},
            );
          }
        } else {
          walk(el, depth);
        }
      });
  };
  walk($('body').get(0) ?? $.root().get(0), 0);
  return lines;
}
