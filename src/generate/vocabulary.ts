/**
 * The skill vocabulary the fact guard and the offline generator look for in free text. One place
 * for the aliases, so "k8s" and "Kubernetes" are the same claim and a model cannot slip a skill past
 * the guard by spelling it differently.
 *
 * Terms that are also everyday English words ("Go", "Rust", "Swift", "Spark") match only as
 * written with their capital letter; everything else matches case-insensitively. All matching is on
 * whole words: "scalable" is not Scala and "guardrails" is not Rails.
 */

/** Canonical name -> other spellings. */
const ALIASES: Record<string, string[]> = {
  javascript: ['js', 'ecmascript', 'es6'],
  typescript: ['ts'],
  'node.js': ['node', 'nodejs'],
  go: ['golang'],
  kubernetes: ['k8s'],
  postgresql: ['postgres', 'psql'],
  react: ['react.js', 'reactjs'],
  'vue.js': ['vue', 'vuejs'],
  'next.js': ['nextjs'],
  angular: ['angularjs', 'angular.js'],
  'c#': ['csharp'],
  'c++': ['cpp'],
  '.net': ['dotnet'],
  aws: ['amazon web services'],
  gcp: ['google cloud', 'google cloud platform'],
  azure: ['microsoft azure'],
  'machine learning': ['ml'],
  'ruby on rails': ['rails', 'ror'],
  python: ['python3'],
  mongodb: ['mongo'],
  elasticsearch: ['elastic search'],
  'ci/cd': ['cicd', 'continuous integration'],
  graphql: ['gql'],
  terraform: ['tf'],
  'amazon s3': ['s3'],
  mysql: [],
  sql: [],
};

/** Further skills recognised in text; they have no other spelling. */
const PLAIN_SKILLS = [
  'java',
  'kotlin',
  'scala',
  'ruby',
  'rust',
  'swift',
  'objective-c',
  'php',
  'perl',
  'elixir',
  'erlang',
  'haskell',
  'clojure',
  'lua',
  'dart',
  'flutter',
  'html',
  'css',
  'sass',
  'tailwind',
  'svelte',
  'django',
  'flask',
  'fastapi',
  'spring',
  'express',
  'redis',
  'kafka',
  'rabbitmq',
  'spark',
  'hadoop',
  'airflow',
  'dbt',
  'snowflake',
  'bigquery',
  'docker',
  'ansible',
  'jenkins',
  'linux',
  'git',
  'grpc',
  'tensorflow',
  'pytorch',
  'pandas',
  'numpy',
  'sqlite',
  'dynamodb',
  'cassandra',
  'tableau',
  'figma',
  'jira',
  'webpack',
  'nginx',
  'prometheus',
  'grafana',
  'datadog',
  'helm',
  'nlp',
  'mpeg',
  'mp4',
  'gif',
];

/** Written this way only; the lower-case word is plain English. */
const CASE_SENSITIVE = new Set([
  'Go',
  'Rust',
  'Swift',
  'Spark',
  'Express',
  'Spring',
  'Flask',
  'Dart',
  'React',
  'Rails',
  'Ruby',
  'Node',
  'TS',
  'ML',
  'Helm',
  'Git',
  'Java',
  'Elixir',
  'Lua',
  'Snowflake',
  'Angular',
  'Vue',
  'TF',
  'S3',
]);

interface Term {
  canonical: string;
  pattern: RegExp;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Not preceded by a letter, digit or joiner; not followed by a letter or digit, nor by ".x" (so
 * "node" does not match inside "node.js"). "Kubernetes-based" still names Kubernetes.
 */
function wholeWord(spelling: string, caseSensitive: boolean): RegExp {
  const body = escapeRegExp(spelling).replace(/ /g, '\\s+');
  return new RegExp(
    `(?<![\\p{L}\\p{N}_.+#/-])${body}(?![\\p{L}\\p{N}_+#]|\\.[\\p{L}\\p{N}])`,
    caseSensitive ? 'gu' : 'giu',
  );
}

function capitalised(spelling: string): string | undefined {
  for (const written of CASE_SENSITIVE) if (written.toLowerCase() === spelling) return written;
  return undefined;
}

function buildTerms(): Term[] {
  const terms: Term[] = [];
  const add = (canonical: string, spelling: string) => {
    const written = capitalised(spelling);
    terms.push({ canonical, pattern: written ? wholeWord(written, true) : wholeWord(spelling, false) });
  };
  for (const [canonical, aliases] of Object.entries(ALIASES)) {
    for (const spelling of [canonical, ...aliases]) add(canonical, spelling);
  }
  for (const skill of PLAIN_SKILLS) add(skill, skill);
  // Longest first, so "ruby on rails" is seen before "ruby" and "rails".
  return terms.sort((a, b) => b.pattern.source.length - a.pattern.source.length);
}

const TERMS = buildTerms();

const ALIAS_TO_CANONICAL = new Map<string, string>();
for (const [canonical, aliases] of Object.entries(ALIASES)) {
  ALIAS_TO_CANONICAL.set(canonical, canonical);
  for (const alias of aliases) ALIAS_TO_CANONICAL.set(alias, canonical);
}

/**
 * A skill as a comparable key: lower case, single spaces, no trailing punctuation, aliases folded
 * ("Node.js" = "NodeJS" = "node" -> "node.js"). Unknown skills keep their own (normalised) spelling.
 */
export function normalizeSkill(skill: string): string {
  const key = skill
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s,;:!?)(]+$/u, '')
    .replace(/^[\s(]+/u, '');
  return ALIAS_TO_CANONICAL.get(key) ?? key;
}

/** Canonical names of the vocabulary skills named in `text`, each once, in order of first mention. */
export function skillMentions(text: string): string[] {
  const found = new Map<string, number>();
  for (const term of TERMS) {
    term.pattern.lastIndex = 0;
    const match = term.pattern.exec(text);
    if (!match) continue;
    const at = found.get(term.canonical);
    if (at === undefined || match.index < at) found.set(term.canonical, match.index);
  }
  return [...found.entries()].sort((a, b) => a[1] - b[1]).map(([canonical]) => canonical);
}

/** True when `text` names `skill` (by any alias) as a whole word. */
export function mentionsSkill(text: string, skill: string): boolean {
  const key = normalizeSkill(skill);
  if (skillMentions(text).includes(key)) return true;
  // A skill outside the vocabulary ("Web Development", "Compression") is matched as written.
  return wholeWord(key, false).test(text);
}
