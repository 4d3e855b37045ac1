/**
 * The skill vocabulary: the alias table and the technical terms worth finding in prose, as
 * compact keys. Shared by the keyword normaliser (keywords.ts) and the context rule that decides
 * whether a short or everyday spelling is that skill (skill-context.ts).
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
  pm: 'product management',
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
  `java kotlin scala swift rust ruby php perl elixir erlang haskell clojure dart flutter r c
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

/** Case, spaces, dots, hyphens, underscores and slashes removed; "+" and "#" kept (c++, c#). */
export function compact(text: string): string {
  return text.toLowerCase().replace(/[\s._\-/]+/g, '');
}

export const CANONICAL_BY_COMPACT = new Map<string, string>();
for (const [alias, canonical] of Object.entries(KEYWORD_ALIASES)) {
  CANONICAL_BY_COMPACT.set(compact(canonical), canonical);
  CANONICAL_BY_COMPACT.set(compact(alias), canonical);
}

/** Every spelling worth finding in prose, compacted. */
export const KNOWN_COMPACT = new Set<string>([
  ...CANONICAL_BY_COMPACT.keys(),
  ...SINGLE_WORD_TERMS.map(compact),
  ...MULTI_WORD_TERMS.map(compact),
]);

/**
 * Compact keys of the spellings written as several words ("ci cd", "a/b testing"). A phrase of
 * words in prose may only match these: "R or" compacts to "ror" (Ruby on Rails) but is no phrase
 * of the vocabulary.
 */
export const PHRASE_COMPACT = new Set<string>(
  [...Object.entries(KEYWORD_ALIASES).flat(), ...MULTI_WORD_TERMS]
    .filter((s) => /[\s/]/.test(s))
    .map(compact),
);
