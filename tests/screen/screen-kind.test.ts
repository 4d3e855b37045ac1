import { copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LlmServer, startLlmServer } from '../../sim/llm-server.js';
import { ParsePool } from '../../src/batch/parse-pool.js';
import { yearsOf } from '../../src/screen/evaluate.js';
import type { CandidateResult } from '../../src/screen/types.js';
import { FIXTURES, screen } from './harness.js';

let folder: string;
// One pool for the file: its threads (pdf.js, mammoth) start once, as in one CLI run.
const parser = new ParsePool({ threads: 2 });
const resumeLines = async (file: string): Promise<string> => readFile(path.join(folder, file), 'utf8');

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'jm-resumes-'));
  await mkdir(path.join(folder, 'team'), { recursive: true });
  for (const name of [
    'maya-okafor.pdf',
    'maya-okafor.docx',
    'jordan-rivera.md',
    'priya-raman.txt',
    'scanned.pdf',
  ]) {
    await copyFile(path.join(FIXTURES, name), path.join(folder, name));
  }
  await copyFile(path.join(FIXTURES, 'maya-okafor.resume.json'), path.join(folder, 'team', 'maya.json'));
  await copyFile(path.join(FIXTURES, 'jordan-rivera.md'), path.join(folder, 'team', 'jordan-again.md'));
});
afterAll(async () => {
  await parser.close();
  await rm(folder, { recursive: true, force: true });
});

describe('screen kind, rules only', () => {
  it('ranks every readable resume with evidence that is really in it, and lists the rest', {
    timeout: 240_000,
  }, async () => {
    const run = await screen({ parser, resumes: folder });
    try {
      const { ranked, notScreened } = run.result;
      expect(ranked.map((c) => c.file).sort()).toEqual(
        [
          'jordan-rivera.md',
          'maya-okafor.docx',
          'maya-okafor.pdf',
          'priya-raman.txt',
          'team/maya.json',
        ].sort(),
      );
      expect(notScreened).toEqual([
        {
          file: 'team/jordan-again.md',
          reason: 'duplicate: same content as jordan-rivera.md, screened once',
        },
        { file: 'scanned.pdf', reason: expect.stringMatching(/^has no text layer/) },
      ]);
      // Scores are sorted and in range; the same person in four formats scores the same.
      const scores = ranked.map((c) => c.assessment.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      const maya = ranked.filter((c) => c.name === 'Maya Okafor');
      expect(new Set(maya.map((c) => c.assessment.score)).size).toBe(1);

      // Evidence quotes the resume's own line, in the section it is in.
      const jordan = ranked.find((c) => c.file === 'jordan-rivera.md')!;
      const kube = jordan.assessment.criteria.find((c) => c.id === 'skill-kubernetes')!;
      expect(kube.met).toBe(true);
      const text = await resumeLines('jordan-rivera.md');
      for (const e of kube.evidence) expect(text).toContain(e.text.slice(0, 40));
      expect(kube.evidence[0]!.section).toBe('experience');
      // Years come from the dates of the roles that mention Go.
      const years = maya[0]!.assessment.criteria.find((c) => c.id === 'years-go')!;
      expect(years.years).toBeGreaterThan(5);
      expect(years.met).toBe(true);
      // A missing must-have is named.
      const priya = ranked.find((c) => c.file === 'priya-raman.txt')!;
      expect(priya.assessment.missingMust.length).toBeGreaterThan(0);
      expect(priya.assessment.missingMust).toContain(
        priya.assessment.criteria.find((c) => c.must && !c.met)!.label,
      );

      // The files: ranking, requirements, one JSON per candidate, the resume copied for the link.
      const csv = await readFile(path.join(run.out, 'ranking.csv'), 'utf8');
      expect(csv.split('\n')[0]).toBe(
        'rank,id,file,name,score,shortlisted,must_met,must_missing,years,top_evidence',
      );
      expect(csv.trim().split('\n')).toHaveLength(6);
      const json = JSON.parse(await readFile(path.join(run.out, 'ranking.json'), 'utf8'));
      expect(json.notScreened).toHaveLength(2);
      expect(json.ranking[0].breakdown.length).toBe(8);
      const one = JSON.parse(
        await readFile(path.join(run.out, 'candidates', `${jordan.id}.json`), 'utf8'),
      ) as CandidateResult;
      expect(one.assessment.score).toBe(jordan.assessment.score);
      expect(await readFile(path.join(run.out, jordan.resumeFile), 'utf8')).toBe(text);
      const requirements = JSON.parse(await readFile(path.join(run.out, 'requirements.json'), 'utf8'));
      expect(requirements.criteria[0].id).toBe('skill-go');
      // Progress: one event per resume, with the failure.
      expect(
        run.events.filter((e) => e.type === 'item-failed').map((e) => (e as { label?: string }).label),
      ).toEqual(['scanned.pdf']);
    } finally {
      await run.cleanup();
    }
  });

  it('is deterministic, and an edited criteria file changes the ranking', { timeout: 240_000 }, async () => {
    const first = await screen({ parser, resumes: folder });
    const again = await screen({ parser, resumes: folder });
    const requirements = JSON.parse(await readFile(path.join(first.out, 'requirements.json'), 'utf8'));
    // The recruiter drops every criterion but one nice-to-have and makes it a must-have.
    requirements.criteria = requirements.criteria.filter((c: { id: string }) => c.id === 'skill-terraform');
    requirements.criteria[0].must = true;
    const edited = await screen({
      resumes: folder,
      criteria: requirements,
      screen: { top: 2, minScore: 50 },
    });
    try {
      const scores = (r: typeof first) => r.result.ranked.map((c) => [c.file, c.assessment.score]);
      expect(scores(again)).toEqual(scores(first));
      expect(edited.result.ranked.every((c) => c.assessment.criteria.length === 1)).toBe(true);
      expect(edited.result.ranked.filter((c) => c.shortlisted).length).toBeLessThanOrEqual(2);
      expect(edited.result.ranked.filter((c) => c.shortlisted).every((c) => c.assessment.score >= 50)).toBe(
        true,
      );
    } finally {
      await Promise.all([first.cleanup(), again.cleanup(), edited.cleanup()]);
    }
  });

  it('counts overlapping roles once and open roles up to the day of the screening', () => {
    const role = (startDate: string | null, endDate: string | null) => ({
      employer: 'A',
      title: 'B',
      location: null,
      startDate,
      endDate,
      bullets: [],
    });
    const asOf = new Date('2026-12-01T00:00:00Z');
    expect(yearsOf([role('2020-01', '2021-12'), role('2021-01', '2022-12')], asOf)).toBe(3);
    expect(yearsOf([role('2025-12', null)], asOf)).toBe(1.1);
    expect(yearsOf([role('2010', '2011'), role(null, '2015-01')], asOf)).toBe(2);
  });
});

describe('screen kind with the local model', () => {
  let llm: LlmServer;
  beforeAll(async () => {
    llm = await startLlmServer({ script: (n) => (n === 0 ? '429' : n === 1 ? '500' : 'ok') });
  });
  afterAll(() => llm.close());

  it('takes verdicts with quotes found in the resume, retries 429/5xx, sends no contact details, and caches', {
    timeout: 240_000,
  }, async () => {
    const cacheDir = await mkdtemp(path.join(tmpdir(), 'jm-cache-'));
    const run = await screen({
      resumes: folder,
      llmBaseUrl: llm.baseUrl,
      screen: { llm: true, blind: true },
      cacheDir,
    });
    try {
      const chats = llm.requests.filter((r) => r.mode === 'ok');
      expect(chats).toHaveLength(5);
      expect(llm.requests.some((r) => r.mode === '429')).toBe(true);
      // Every model call (tries included) took its listener off the run's signal when it settled.
      expect(run.signalListeners).toBe(0);
      const sent = JSON.stringify(chats.map((r) => r.body.messages));
      for (const secret of [
        'maya.okafor@example.com',
        '5550 1234',
        'jordan.rivera@example.com',
        'Maya',
        'Okafor',
        'Jordan Rivera',
        'github.com/',
      ]) {
        expect(sent, secret).not.toContain(secret);
      }
      const jordan = run.result.ranked.find((c) => c.file === 'jordan-rivera.md')!;
      expect(jordan.name).toBeNull();
      expect(jordan.model).toMatchObject({ used: true, cached: false, discardedQuotes: 0 });
      const byModel = jordan.assessment.criteria.filter((c) => c.by === 'model');
      expect(byModel.length).toBeGreaterThan(0);
      const text = await resumeLines('jordan-rivera.md');
      for (const c of byModel.filter((k) => k.met))
        expect(text.replace(/\s+/g, ' ')).toContain(c.evidence[0]!.text.slice(0, 30));

      const before = llm.requests.length;
      const cached = await screen({
        resumes: folder,
        llmBaseUrl: llm.baseUrl,
        screen: { llm: true, blind: true },
        cacheDir,
      });
      expect(llm.requests.length).toBe(before);
      expect(cached.result.ranked.every((c) => c.model?.cached)).toBe(true);
      expect(cached.result.ranked.map((c) => c.assessment.score)).toEqual(
        run.result.ranked.map((c) => c.assessment.score),
      );
      await cached.cleanup();
    } finally {
      await run.cleanup();
      await rm(cacheDir, { recursive: true, force: true });
    }
  });

  it('discards and counts quotes that are not in the resume', async () => {
    const liar = await startLlmServer({ script: () => 'invent-quote' });
    const run = await screen({ parser, resumes: folder, llmBaseUrl: liar.baseUrl, screen: { llm: true } });
    try {
      expect(run.result.discardedQuotes).toBeGreaterThan(0);
      for (const c of run.result.ranked) {
        for (const k of c.assessment.criteria) {
          for (const e of k.evidence) expect(e.text).not.toContain('NASA');
        }
      }
      const html = await readFile(path.join(run.out, 'index.html'), 'utf8');
      expect(html).toContain(`${run.result.discardedQuotes} model quotes were not found`);
    } finally {
      await run.cleanup();
      await liar.close();
    }
  });
});
