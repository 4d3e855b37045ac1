import type { CompanyConfig } from '../config/schema.js';
import { ConfigError } from '../errors.js';
import { SOURCES } from './registry.js';
import type { JobSource, SourceKind } from './types.js';

function byKind(kind: SourceKind, sources: readonly JobSource[], company: CompanyConfig): JobSource {
  const source = sources.find((s) => s.kind === kind);
  if (!source) {
    const known = sources.map((s) => s.kind).join(', ');
    throw new ConfigError(
      `companies: "${company.name}": kind "${kind}" is not available in this build (available: ${known})`,
    );
  }
  return source;
}

/**
 * Which source reads a company's board: the configured `kind` wins; a company with `selectors`
 * and no kind is `html`; otherwise the first source whose `matches(url)` accepts the URL; and
 * failing all that, `jsonld` (any page that embeds schema.org JobPostings).
 */
export function resolveSource(company: CompanyConfig, sources: readonly JobSource[] = SOURCES): JobSource {
  if (company.kind) return byKind(company.kind, sources, company);
  if (company.selectors) return byKind('html', sources, company);
  let url: URL;
  try {
    url = new URL(company.url);
  } catch (cause) {
    throw new ConfigError(`companies: "${company.name}": url "${company.url}" is not a valid URL`, { cause });
  }
  return sources.find((s) => s.matches(url)) ?? byKind('jsonld', sources, company);
}
