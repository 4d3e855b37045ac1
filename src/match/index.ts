export { compareScored, dedupe } from './dedupe.js';
export { buildKeywordIndex, type KeywordIndex, type KeywordPlace } from './keywords.js';
export { analyzeTitle, foldText, type SeniorityLevel, type TitleAnalysis } from './normalize.js';
export {
  createMatcher,
  KEYWORD_TUNING,
  type Matcher,
  type MatcherOptions,
  rescore,
  scoreListing,
} from './score.js';
export {
  filterLine,
  type Selection,
  type SelectOptions,
  selectJobs,
} from './select.js';
export type { Score, ScoredJob, ScoreReason } from './types.js';
