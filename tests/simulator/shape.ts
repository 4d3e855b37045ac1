import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The key structure of a JSON value: objects by key (recursively), arrays by their first
 * element, everything else as "value". Two payloads with equal shapes have the same fields
 * and nesting, whatever their values.
 */
export type Shape = 'value' | 'empty-array' | Shape[] | { [key: string]: Shape };

export function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.length === 0 ? 'empty-array' : [shapeOf(value[0])];
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: Shape } = {};
    for (const key of Object.keys(value).sort()) out[key] = shapeOf((value as Record<string, unknown>)[key]);
    return out;
  }
  return 'value';
}

export function readBoardFixture(relative: string): unknown {
  const file = path.join(import.meta.dirname, '..', 'fixtures', 'boards', relative);
  return JSON.parse(readFileSync(file, 'utf8'));
}
