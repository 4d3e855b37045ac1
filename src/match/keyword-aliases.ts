/**
 * Match's own keyword normaliser, used until the profile stage's `normalizeKeyword`
 * (src/profile/keywords.ts) is available to share; the two should become one table.
 * Maps every spelling of a skill to one canonical form: "NodeJS" = "node" = "Node.js" -> "node.js".
 */

/** Alias (lower case) -> canonical keyword. Canonical forms map to themselves implicitly. */
export const KEYWORD_ALIASES: Readonly<Record<string, string>> = {
  node: 'node.js',
  nodejs: 'node.js',
  'node js': 'node.js',
  js: 'javascript',
  ecmascript: 'javascript',
  ts: 'typescript',
  golang: 'go',
  k8s: 'kubernetes',
  kube: 'kubernetes',
  postgres: 'postgresql',
  psql: 'postgresql',
  'react.js': 'react',
  reactjs: 'react',
  'react js': 'react',
  'vue.js': 'vue',
  vuejs: 'vue',
  'next.js': 'nextjs',
  csharp: 'c#',
  'c sharp': 'c#',
  cpp: 'c++',
  dotnet: '.net',
  'amazon web services': 'aws',
  gcp: 'google cloud',
  'google cloud platform': 'google cloud',
  ml: 'machine learning',
  ai: 'artificial intelligence',
  nlp: 'natural language processing',
  'ci cd': 'ci/cd',
  cicd: 'ci/cd',
  'ci/cd pipelines': 'ci/cd',
  mongo: 'mongodb',
  'mongo db': 'mongodb',
  'rest api': 'rest',
  'restful apis': 'rest',
  restful: 'rest',
  tf: 'terraform',
  py: 'python',
  'scikit learn': 'scikit-learn',
  sklearn: 'scikit-learn',
  'ruby on rails': 'rails',
  ror: 'rails',
  'graph ql': 'graphql',
  'apache kafka': 'kafka',
  'apache spark': 'spark',
  pyspark: 'spark',
  'ms sql': 'sql server',
  mssql: 'sql server',
};

/** Lower case, trimmed, inner spaces collapsed, then the alias table. */
export function normalizeKeyword(keyword: string): string {
  const plain = keyword.trim().toLowerCase().replace(/\s+/g, ' ');
  return KEYWORD_ALIASES[plain] ?? plain;
}

/** Every known spelling of a canonical keyword, itself included. */
export function aliasesOf(canonical: string): string[] {
  const out = [canonical];
  for (const [alias, target] of Object.entries(KEYWORD_ALIASES)) if (target === canonical) out.push(alias);
  return out;
}
