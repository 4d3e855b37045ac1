export { fetchDescriptions, logFetched } from './fetch-all.js';
export { describeListing, fetchDescription } from './fetch-one.js';
export { anyToMarkdown, htmlToMarkdown, jobTextToMarkdown, textToMarkdown } from './markdown.js';
export { type PageReading, readPostingPage } from './page.js';
export type { DescriptionSource, FetchContext, FetchedJob, JobDetail } from './types.js';
