import { describe, expect, it } from 'vitest';
import { skillMentions } from '../../src/generate/vocabulary.js';
import { buildKeywordIndex, type KeywordPlace } from '../../src/match/keywords.js';
import { findKnownKeywords } from '../../src/profile/keywords.js';

/**
 * One table, three readers: scoring (the keyword index), the resume's keywords (findKnownKeywords)
 * and generation with the fact guard (skillMentions) must agree on every line.
 */
const SKILLS = [
  'typescript',
  'javascript',
  'go',
  'c',
  'r',
  'machine learning',
  'product management',
  'rust',
  'react',
];

const found = (text: string): Record<string, string[]> => {
  const hits = new Map<string, KeywordPlace>();
  buildKeywordIndex(SKILLS).find(text, 'description', hits);
  return {
    score: [...hits.keys()].sort(),
    resume: findKnownKeywords(text)
      .filter((k) => SKILLS.includes(k))
      .sort(),
    generate: skillMentions(text)
      .filter((k) => SKILLS.includes(k))
      .sort(),
  };
};

// Titles and sentences as boards and models write them; [text, skills that must be found].
const TABLE: Array<[string, string[]]> = [
  ['Software Engineer III - TS/SCI Clearance Required', []],
  ['Systems Administrator (Active TS/SCI with Polygraph)', []],
  ['Must hold an active TS clearance', []],
  ['Full-stack engineer: React, TS, Node', ['react', 'typescript']],
  ['Experience with TS/JS and modern build tools', ['javascript', 'typescript']],
  ['Go To Market Manager, EMEA', []],
  ['Own our go-to-market motion', []],
  ['Go beyond the ticket and talk to customers', []],
  ['Backend Engineer (Go)', ['go']],
  ['Go Developer, Payments', ['go']],
  ['We write our services in Go and Rust', ['go', 'rust']],
  ['Executive Assistant to the C-suite', []],
  ['Partner with C-level stakeholders', []],
  ['Our Series C startup is hiring', []],
  ['Strong C and C++ programming skills', ['c']],
  ['Firmware in C for embedded targets', ['c']],
  ['R&D Engineer, Materials', []],
  ['Lead our R & D programme', []],
  ['Statistical analysis in R or Python', ['r']],
  ['Senior ML Engineer', ['machine learning']],
  ['Dissolve the tablet in 500 ml of water', []],
  ['Each vial holds 5 ML', []],
  ['Meetings end at 5 PM EST', []],
  ['Senior PM for the developer platform', ['product management']],
  ['React quickly to incidents and keep customers informed', []],
  ['Built dashboards in React and TypeScript', ['react', 'typescript']],
];

describe('short and everyday spellings count only in context', () => {
  it.each(TABLE)('%s', (text, expected) => {
    const sorted = [...expected].sort();
    expect(found(text)).toEqual({ score: sorted, resume: sorted, generate: sorted });
  });
});
