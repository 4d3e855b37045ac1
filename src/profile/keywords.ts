/**
 * One spelling per skill, shared by profile, match and generate: "Node.js" = "NodeJS" = "node" ->
 * "node.js". Lookups ignore case, spaces, dots, hyphens and slashes, so "Node JS", "node-js" and
 * "NODE.JS" all land on the same canonical form.
 */

/** Alias (lower case, as people write it) -> canonical keyword. Canonical forms map to themselves. */
export const KEYWORD_ALIASES: Readonly<Record<string, string>> = {
  node: 'node.js',
  nodejs: 'node.js',
  'node js': 'node.js',
  js: 'javascript',
  ecmascript: 'javascript',
  es6: 'javascript',
  ts: 'typescript',
  golang: 'go',
  k8s: 'kubernetes',
  kube: 'kubernetes',
  postgres: 'postgresql',
  psql: 'postgresql',
  'react.js': 'react',
  reactjs: 'react',
  'react-native': 'react native',
  'vue.js': 'vue',
  vuejs: 'vue',
  'angular.js': 'angular',
  angularjs: 'angular',
  'next.js': 'nextjs',
  'nest.js': 'nestjs',
  'express.js': 'express',
  expressjs: 'express',
  csharp: 'c#',
  'c sharp': 'c#',
  cpp: 'c++',
  cplusplus: 'c++',
  dotnet: '.net',
  '.net core': '.net',
  'amazon web services': 'aws',
  gcp: 'google cloud',
  'google cloud platform': 'google cloud',
  'microsoft azure': 'azure',
  ml: 'machine learning',
  ai: 'artificial intelligence',
  nlp: 'natural language processing',
  llms: 'llm',
  'large language models': 'llm',
  'large language model': 'llm',
  'ci cd': 'ci/cd',
  cicd: 'ci/cd',
  'ci/cd pipelines': 'ci/cd',
  mongo: 'mongodb',
  'mongo db': 'mongodb',
  'rest api': 'rest',
  'rest apis': 'rest',
  'restful apis': 'rest',
  restful: 'rest',
  tf: 'terraform',
  py: 'python',
  python3: 'python',
  'scikit learn': 'scikit-learn',
  sklearn: 'scikit-learn',
  'ruby on rails': 'rails',
  ror: 'rails',
  'graph ql': 'graphql',
  'apache kafka': 'kafka',
  'apache spark': 'spark',
  pyspark: 'spark',
  'apache airflow': 'airflow',
  'ms sql': 'sql server',
  mssql: 'sql server',
  'microsoft sql server': 'sql server',
  'elastic search': 'elasticsearch',
  objc: 'objective-c',
  'objective c': 'objective-c',
  html5: 'html',
  css3: 'css',
  torch: 'pytorch',
  'site reliability engineering': 'sre',
  'dev ops': 'devops',
  'user experience': 'ux',
  'user interface': 'ui',
  'github action': 'github actions',
  'gitlab ci/cd': 'gitlab ci',
  'open telemetry': 'opentelemetry',
  otel: 'opentelemetry',
};

/**
 * Well-known technical terms found in resume prose ("built services in Go on Kubernetes") on top
 * of the skills list. Canonical forms; the alias table adds the other spellings.
 */
const SINGLE_WORD_TERMS =
  `java kotlin scala swift rust ruby php perl elixir erlang haskell clojure dart flutter r
  matlab sql nosql mysql sqlite redis cassandra dynamodb snowflake bigquery redshift dbt docker helm
  ansible puppet chef jenkins circleci grpc protobuf rabbitmq nats prometheus grafana datadog splunk
  kibana logstash nginx linux bash microservices serverless lambda s3 ec2 ecs eks gke figma sketch
  tailwind sass webpack vite jest cypress playwright selenium django flask fastapi spring laravel
  symfony hibernate pandas numpy jupyter tableau looker excel hadoop hive flink beam databricks keras
  opencv oauth saml webrtc websockets android ios unity unreal solidity ethereum jira agile scrum
  kanban tdd ddd etl accessibility wcag prototyping tensorflow`
    .split(/\s+/)
    .filter(Boolean);
const MULTI_WORD_TERMS = [
  'deep learning',
  'computer vision',
  'spring boot',
  'power bi',
  'event sourcing',
  'distributed systems',
  'data engineering',
  'data pipelines',
  'a/b testing',
  'user research',
];

/** Words that are skills only when written capitalised ("Go", "Swift"), never as plain English. */
const CASE_SENSITIVE = new Set([
  'go',
  'r',
  'rest',
  'express',
  'spring',
  'swift',
  'rust',
  'dart',
  'chef',
  'beam',
  'spark',
  'excel',
  'unity',
  'sketch',
  'lambda',
]);

/** Case, spaces, dots, hyphens, underscores and slashes removed; "+" and "#" kept (c++, c#). */
function compact(text: string): string {
  return text.toLowerCase().replace(/[\s._\-/]+/g, '');
}

const CANONICAL_BY_COMPACT = new Map<string, string>();
for (const [alias, canonical] of Object.entries(KEYWORD_ALIASES)) {
  CANONICAL_BY_COMPACT.set(compact(canonical), canonical);
  CANONICAL_BY_COMPACT.set(compact(alias), canonical);
}

/** Every spelling worth finding in prose, compacted. */
const KNOWN_COMPACT = new Set<string>([
  ...CANONICAL_BY_COMPACT.keys(),
  ...SINGLE_WORD_TERMS.map(compact),
  ...MULTI_WORD_TERMS.map(compact),
]);

/** Trimmed, lower case, inner spaces collapsed and surrounding punctuation removed. */
function clean(keyword: string): string {
  return keyword
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/^[\s,;:!?'"()[\]{}*]+|[\s,;:!?'"()[\]{}*]+$/g, '')
    .replace(/\.+$/, '');
}

/** The canonical spelling of one keyword; an unknown keyword comes back cleaned, never dropped. */
export function normalizeKeyword(keyword: string): string {
  const plain = clean(keyword);
  if (plain === '') return '';
  const known = KEYWORD_ALIASES[plain] ?? CANONICAL_BY_COMPACT.get(compact(plain));
  if (known) return known;
  // "Python 3", "WCAG 2.1", "Java 17": a known term with a version is that term.
  const versioned = /^(.+?)\s+v?\d+(?:\.\d+)*\+?$/.exec(plain);
  if (versioned && KNOWN_COMPACT.has(compact(versioned[1]!))) return normalizeKeyword(versioned[1]!);
  // "EmberJS" and "ember.js" are one library: unknown "<name>js" names take the ".js" form.
  const js = /^([a-z][a-z0-9]+?)\.?js$/.exec(plain);
  if (js && plain !== 'js') return `${js[1]}.js`;
  return plain;
}

/** True when two spellings are the same keyword. */
export function sameKeyword(a: string, b: string): boolean {
  const left = normalizeKeyword(a);
  return left !== '' && left === normalizeKeyword(b);
}

/** Every known spelling of a canonical keyword, itself included. */
export function aliasesOf(canonical: string): string[] {
  const out = [canonical];
  for (const [alias, target] of Object.entries(KEYWORD_ALIASES)) if (target === canonical) out.push(alias);
  return out;
}

const WORD = /\.?[\p{L}\p{N}][\p{L}\p{N}+#./-]*/gu;

/**
 * Known technical terms in prose, canonical and in order of first appearance. Words that are also
 * plain English ("go", "rest") count only when capitalised and not the first word of a sentence.
 */
export function findKnownKeywords(text: string): string[] {
  const words: { raw: string; start: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    const raw = m[0].replace(/[./-]+$/, '');
    if (raw !== '') words.push({ raw, start: m.index });
  }
  const found: string[] = [];
  for (let i = 0; i < words.length; i++) {
    for (let n = 3; n >= 1; n--) {
      if (i + n > words.length) continue;
      const phrase = words
        .slice(i, i + n)
        .map((w) => w.raw)
        .join(' ');
      const key = compact(phrase);
      if (!KNOWN_COMPACT.has(key)) continue;
      const canonical = normalizeKeyword(phrase);
      if (n === 1 && CASE_SENSITIVE.has(canonical) && !capitalisedMidSentence(text, words[i]!)) break;
      if (!found.includes(canonical)) found.push(canonical);
      i += n - 1;
      break;
    }
  }
  return found;
}

function capitalisedMidSentence(text: string, word: { raw: string; start: number }): boolean {
  if (!/^\p{Lu}/u.test(word.raw) || /^\p{Lu}{2,}$/u.test(word.raw)) return false;
  const before = text.slice(0, word.start).trimEnd();
  return before !== '' && !/[.!?:;•(["'“‘]$/u.test(before);
}
