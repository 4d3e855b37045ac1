import { describe, expect, it } from 'vitest';
import { mentionsSkill, skillMentions, skillOccurrences } from '../../src/generate/vocabulary.js';

describe('skill vocabulary: whole words only', () => {
  it('finds skills next to hyphens, slashes and punctuation, not inside other words', () => {
    expect(skillMentions('Kubernetes-based Node.js/TypeScript services.')).toEqual([
      'kubernetes',
      'node.js',
      'typescript',
    ]);
    // "node" inside "node.js", "java" inside "javascript", "sql" inside "postgresql" name nothing more.
    expect(skillMentions('node.js and javascript on postgresql')).toEqual([
      'node.js',
      'javascript',
      'postgresql',
    ]);
    expect(skillMentions('mysql_admin, sqlite3, redis2 and #rust')).toEqual([]);
  });

  it('finds a spelling after a refused one, and reports every place', () => {
    expect(skillOccurrences('Dockerfile docker, Docker.').map((o) => o.index)).toEqual([11, 19]);
    expect(skillMentions('C++ and C# and C')).toEqual(expect.arrayContaining(['c++', 'c#']));
  });

  it('matches a skill outside the vocabulary as written, as a whole word, in any case', () => {
    expect(mentionsSkill('We do web development at scale.', 'Web Development')).toBe(true);
    expect(mentionsSkill('Webdevelopment is not it.', 'Web Development')).toBe(false);
    expect(mentionsSkill('Compressionist', 'Compression')).toBe(false);
    expect(mentionsSkill('lossless COMPRESSION.', 'Compression')).toBe(true);
  });
});
