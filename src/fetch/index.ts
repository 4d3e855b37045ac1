// The markdown converters (turndown) and the page reader (linkedom, Readability) are not in this
// barrel: a match run imports it at start-up and loads them only when a description needs them.
export { fetchDescriptions, logFetched } from './fetch-all.js';
export { describeListing, fetchDescription } from './fetch-one.js';
export type { DescriptionSource, FetchContext, FetchedJob, JobDetail } from './types.js';
