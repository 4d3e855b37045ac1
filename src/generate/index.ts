/** The generate stage: a truthful tailored resume and cover letter per job, and their files. */
export { checkFacts, type GuardInput } from './fact-guard.js';
export { createGenerator, type Generator, type GeneratorOptions, type GeneratorUsage } from './generator.js';
export { generateOffline } from './offline.js';
export { PROMPT_VERSION } from './prompt.js';
export { type RenderedFiles, type RenderOptions, renderApplicationFiles } from './render/index.js';
export {
  aboutSection,
  type CompanyResearcher,
  type CompanyResearchInput,
  createCompanyResearcher,
} from './research.js';
export type * from './types.js';
