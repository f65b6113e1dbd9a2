import { describe, expect, it } from 'vitest';
import { build } from '../../src/renderer/app/resources.js';

/** Every string of a catalog with its key. */
const strings = (o: unknown, path = ''): [string, string][] =>
  typeof o === 'string' ? [[path, o]] : o && typeof o === 'object' ? Object.entries(o).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k)) : [];

/** Where a half-width mark is what the user types, not punctuation (地:繁荣路18号 is the tag syntax). */
const SYNTAX = new Set(['mediation.form.tagsHint']);

describe('Chinese text is set with Chinese punctuation', () => {
  it('has no half-width comma, semicolon, colon, question or exclamation mark or parenthesis next to a Chinese character', async () => {
    const bad = strings(await build('zh')).filter(([key, s]) => !SYNTAX.has(key) && /[\u3400-\u9fff][,;:!?()]|[,;:!?(][\u3400-\u9fff]|\)[\u3400-\u9fff]/.test(s));
    expect(bad).toEqual([]);
  });
});
