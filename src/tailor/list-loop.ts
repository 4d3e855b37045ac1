import type { DXT } from 'docxtemplater';

/**
 * A docxtemplater module that keeps bullet lists Word lists. docxtemplater repeats a loop whose
 * `{#x}` and `{/x}` sit in one paragraph inline, inside that paragraph: `{#bullets}{text}{/bullets}`
 * in a bulleted paragraph would give one bullet holding every line. When such a paragraph is a
 * list item (numbering, or a List* style) and the loop is all of its tags, this module makes the
 * loop repeat the whole paragraph instead, so each bullet is its own list item with the template's
 * numbering and style. Inline loops elsewhere (`{#skills}{.}, {/skills}`) stay inline.
 */
const LIST_ITEM = /<w:numPr\b|<w:pStyle w:val="List/i;

interface Part {
  type: string;
  value: string;
  tag?: string;
  position?: string;
  module?: string;
  location?: string;
  expandTo?: string;
}

function markListLoops(parts: Part[]): void {
  const open: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (part.type !== 'tag' || part.tag !== 'w:p') continue;
    if (part.position === 'start') open.push(i);
    else if (part.position === 'end') {
      const start = open.pop();
      if (start !== undefined) markParagraph(parts.slice(start, i + 1));
    }
  }
}

function markParagraph(paragraph: Part[]): void {
  const isList = paragraph.some((p) => p.type !== 'placeholder' && LIST_ITEM.test(p.value));
  if (!isList) return;
  const tags = paragraph.filter((p) => p.type === 'placeholder');
  const first = tags[0];
  const last = tags[tags.length - 1];
  if (!first || !last || first === last) return;
  const opens = first.module === 'loop' && first.location === 'start' && first.expandTo === 'auto';
  const closes = last.module === 'loop' && last.location === 'end' && last.value === first.value;
  // The first tag's loop must be the one the last tag closes, not an earlier sibling's.
  let depth = 0;
  for (const tag of tags.slice(0, -1)) {
    if (tag.module !== 'loop') continue;
    depth += tag.location === 'start' ? 1 : -1;
    if (depth === 0) return;
  }
  if (opens && closes) first.expandTo = 'w:p';
}

export function listLoopModule(): DXT.Module {
  return {
    name: 'ListLoopModule',
    // Before the loop module pairs the tags and decides how far each loop reaches.
    priority: 100,
    postparse(postparsed: DXT.Part[]) {
      markListLoops(postparsed);
      return postparsed;
    },
  };
}
