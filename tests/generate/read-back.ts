import mammoth from 'mammoth';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Reads written files back with real readers, as a recipient's software would. */
export async function docxText(data: Uint8Array): Promise<string> {
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(data) });
  return value;
}

export async function pdfText(data: Uint8Array): Promise<{ pages: number; text: string }> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  try {
    const pages: string[] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      const content = await (await pdf.getPage(n)).getTextContent();
      pages.push(
        content.items.map((item) => ('str' in item ? `${item.str}${item.hasEOL ? '\n' : ''}` : '')).join(''),
      );
    }
    return { pages: pdf.numPages, text: pages.join('\n') };
  } finally {
    await pdf.destroy();
  }
}

/** Whitespace folded, for matching text that a layout may have broken across lines. */
export const folded = (text: string) => text.replace(/\s+/g, ' ').trim();
