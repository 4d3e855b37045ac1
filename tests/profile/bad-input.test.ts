import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProfileError } from '../../src/errors.js';
import { loadProfile } from '../../src/profile/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = (name: string): string => path.join(here, 'fixtures', name);
const noSearch = { roles: [], keywords: [] };

/** The ProfileError loadProfile throws for `file`; fails the test when it throws anything else. */
async function profileError(file: string): Promise<ProfileError> {
  const error = await loadProfile(file, noSearch).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProfileError);
  const profileError = error as ProfileError;
  // Every one names the file, and is fatal with exit code 2.
  expect(profileError.file).toBe(file);
  expect(profileError.message.startsWith(`${file}: `)).toBe(true);
  expect(profileError.exitCode).toBe(2);
  expect(profileError.fatal).toBe(true);
  return profileError;
}

describe('loadProfile: bad input is a ProfileError that names the file and says what to do', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'profile-bad-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('missing file', async () => {
    const error = await profileError(fixture('no-such-resume.md'));
    expect(error.message).toMatch(/not found; check the `resume` path/);
    expect((error.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('a folder instead of a file', async () => {
    const error = await profileError(path.join(here, 'fixtures'));
    expect(error.message).toMatch(/is a folder, not a file/);
  });

  it('empty file and whitespace-only file', async () => {
    expect((await profileError(fixture('empty.txt'))).message).toMatch(/is empty; export your resume/);
    expect((await profileError(fixture('blank.md'))).message).toMatch(/is empty/);
  });

  it('unsupported extension lists the supported formats', async () => {
    const file = path.join(dir, 'resume.doc');
    await writeFile(file, 'old word file');
    const error = await profileError(file);
    expect(error.message).toContain('cannot read ".doc" files');
    for (const ext of ['.json', '.md', '.txt', '.docx', '.pdf']) expect(error.message).toContain(ext);
    expect(error.message).toContain('save it as .docx');
  });

  it('corrupt DOCX (random bytes)', async () => {
    const error = await profileError(fixture('corrupt.docx'));
    expect(error.message).toMatch(/is not a Word \.docx file .*save it again from Word as \.docx/);
  });

  it('DOCX that is really an OLE container (password-protected or Word 97)', async () => {
    const error = await profileError(fixture('legacy-word.docx'));
    expect(error.message).toMatch(/password-protected or an old Word 97-2003 document; remove the password/);
  });

  it('a zip that is not a Word document', async () => {
    // A zip's opening (the DOCX's own bytes cut short) that mammoth cannot open.
    const file = path.join(dir, 'truncated.docx');
    await writeFile(file, (await readFile(fixture('maya-okafor.docx'))).subarray(0, 600));
    const error = await profileError(file);
    expect(error.message).toMatch(/cannot be read as a Word document .*save it again from Word/);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('corrupt PDF', async () => {
    const error = await profileError(fixture('corrupt.pdf'));
    expect(error.message).toMatch(/is not a readable PDF .*export it again/);
  });

  it('encrypted PDF (qpdf, AES-256 with a user password)', async () => {
    const error = await profileError(fixture('encrypted.pdf'));
    expect(error.message).toMatch(/is password-protected \(encrypted\); save a copy without a password/);
    expect((error.cause as Error).name).toBe('PasswordException');
  });

  it('image-only (scanned) PDF', async () => {
    const error = await profileError(fixture('scanned.pdf'));
    expect(error.message).toMatch(/has no text layer \(it looks scanned.*export a text PDF.*DOCX\/Markdown/);
  });

  it('invalid JSON', async () => {
    const file = path.join(dir, 'broken.json');
    await writeFile(file, '{ "basics": { "name": "Ann" }, ');
    const error = await profileError(file);
    expect(error.message).toMatch(/is not valid JSON \(.+\); fix the syntax/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('JSON that is not a JSON Resume', async () => {
    const file = path.join(dir, 'list.json');
    await writeFile(file, '[1, 2, 3]');
    expect((await profileError(file)).message).toMatch(/is not a JSON Resume: .*jsonresume\.org\/schema/);
    const wrongBasics = path.join(dir, 'wrong-basics.json');
    await writeFile(wrongBasics, JSON.stringify({ basics: { name: 42 }, work: [] }));
    expect((await profileError(wrongBasics)).message).toMatch(/basics\.name: /);
  });

  it('a JSON Resume without a name, and one without any content', async () => {
    const nameless = path.join(dir, 'nameless.json');
    await writeFile(nameless, JSON.stringify({ basics: {}, skills: [{ name: 'Go' }] }));
    expect((await profileError(nameless)).message).toMatch(/no name found; set `basics.name`/);
    const hollow = path.join(dir, 'hollow.json');
    await writeFile(hollow, JSON.stringify({ basics: { name: 'Ann Lee' } }));
    expect((await profileError(hollow)).message).toMatch(/no work history, education or skills found/);
  });

  it('text that is not a resume: no sections, never an invented profile', async () => {
    const file = path.join(dir, 'shopping.txt');
    await writeFile(file, 'Milk\nEggs\nBread and butter\n');
    expect((await profileError(file)).message).toMatch(
      /no work history, education or skills found; give it headings such as "Experience"/,
    );
  });
});
