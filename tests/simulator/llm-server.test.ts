import OpenAI, { BadRequestError, InternalServerError } from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import { type LlmServer, type LlmServerOptions, startLlmServer } from '../../sim/llm-server.js';
import { jobText } from '../../src/generate/job-text.js';
import { buildMessages } from '../../src/generate/prompt.js';
import { DRAFT_JSON_SCHEMA, extractJson, TailoredDraft } from '../../src/generate/reply-schema.js';
import { engineerProfile, makeJob } from '../generate/harness.js';

let server: LlmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function client(options: LlmServerOptions = {}, maxRetries = 0) {
  server = await startLlmServer(options);
  return new OpenAI({ apiKey: 'sk-local', baseURL: server.baseUrl, maxRetries });
}

const messages = () =>
  buildMessages({ profile: engineerProfile(), job: jobText(makeJob()), companyAbout: null }, 'json_schema');
const schemaFormat = {
  type: 'json_schema' as const,
  json_schema: { name: 'tailored_application', schema: DRAFT_JSON_SCHEMA, strict: true },
};

describe('local OpenAI-compatible server', () => {
  it('lists its model and answers a structured request with a valid draft and usage', async () => {
    const openai = await client();
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['sim-model']);
    const reply = await openai.chat.completions.create({
      model: 'sim-model',
      messages: messages(),
      response_format: schemaFormat,
    });
    expect(reply.usage?.prompt_tokens).toBeGreaterThan(100);
    expect(reply.usage?.total_tokens).toBe(
      (reply.usage?.prompt_tokens ?? 0) + (reply.usage?.completion_tokens ?? 0),
    );
    const draft = TailoredDraft.parse(JSON.parse(reply.choices[0]!.message.content!));
    expect(draft.roles.map((r) => [r.source, r.employer])).toEqual([
      ['work[0]', 'Paylane'],
      ['work[1]', 'Shopwise'],
    ]);
    expect(draft.coverLetter.paragraphs[0]).toBe(
      'I am excited to apply for the Backend Engineer role at Acme.',
    );
  });

  it('follows its script: 429 with Retry-After, 500, invalid JSON, invented facts', async () => {
    const openai = await client({
      script: ['429', '500', 'invalid-json', 'invent-employer', 'invent-skill'],
    });
    const rateLimited = await openai.chat.completions
      .create({ model: 'm', messages: messages() })
      .catch((e: unknown) => e);
    expect(rateLimited).toMatchObject({ status: 429 });
    expect((rateLimited as { headers: Headers }).headers.get('retry-after')).toBe('1');
    await expect(openai.chat.completions.create({ model: 'm', messages: messages() })).rejects.toBeInstanceOf(
      InternalServerError,
    );
    const bad = await openai.chat.completions.create({
      model: 'm',
      messages: messages(),
      response_format: schemaFormat,
    });
    expect(() => JSON.parse(bad.choices[0]!.message.content!)).toThrow(SyntaxError);
    const employer = await openai.chat.completions.create({
      model: 'm',
      messages: messages(),
      response_format: schemaFormat,
    });
    expect(TailoredDraft.parse(JSON.parse(employer.choices[0]!.message.content!)).roles[0]!.employer).toBe(
      'Initech Global',
    );
    const skill = await openai.chat.completions.create({
      model: 'm',
      messages: messages(),
      response_format: schemaFormat,
    });
    expect(TailoredDraft.parse(JSON.parse(skill.choices[0]!.message.content!)).skills[0]).toBe('Kubernetes');
    expect(server!.requests.map((r) => r.mode)).toEqual([
      '429',
      '500',
      'invalid-json',
      'invent-employer',
      'invent-skill',
    ]);
  });

  it('rejects response_format when told to, and wraps plain replies in a fence', async () => {
    const openai = await client({ rejectResponseFormat: true });
    const refused = await openai.chat.completions
      .create({ model: 'm', messages: messages(), response_format: schemaFormat })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect((refused as BadRequestError).param).toBe('response_format');
    const plain = await openai.chat.completions.create({ model: 'm', messages: messages() });
    const content = plain.choices[0]!.message.content!;
    expect(content).toMatch(/^Here is the JSON you asked for:\n```json\n/);
    expect(TailoredDraft.safeParse(extractJson(content)).success).toBe(true);
    expect(server!.requests.map((r) => r.mode)).toEqual([null, 'ok']);
  });

  it('takes a script function of the request number', async () => {
    const openai = await client({ script: (n) => (n % 2 === 0 ? 'ok' : 'invalid-json') });
    const replies = [];
    for (let i = 0; i < 3; i++)
      replies.push(await openai.chat.completions.create({ model: 'm', messages: messages() }));
    expect(server!.requests.map((r) => r.mode)).toEqual(['ok', 'invalid-json', 'ok']);
  });
});
