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

/**
 * Screens built in code take their punctuation from the catalog (`app.listSeparator`, `app.aside`, `app.labelled`,
 * `app.clauseSeparator`, `app.quoted`), so English shows "Li Ming, Wang Qiang" and "Wang Jun (Officer)".
 * Left out: catalogs, and the printed documents that are Chinese in either language (the agreement the parties sign,
 * the door-to-door collection form); a mark inside a pattern that reads what the user typed is syntax, not text.
 */
const CHINESE_ONLY = new Set(['mediation/AgreementPrint.tsx', 'collection/CollectionPrint.tsx']);

describe('Screens set their punctuation the reader’s way', () => {
  it('has no full-width list, bracket, colon or semicolon mark written in a screen’s code', async () => {
    const { readdir, readFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    const root = join(process.cwd(), 'src/renderer');
    const files = (await readdir(root, { recursive: true })).filter((f) => /\.tsx?$/.test(f) && !/i18n|catalog|methods\./.test(f) && !CHINESE_ONLY.has(f.replaceAll('\\', '/')));
    const bad: string[] = [];
    for (const f of files) {
      const lines = (await readFile(join(root, f), 'utf8')).split('\n');
      lines.forEach((line, i) => {
        const code = line.replace(/\/\/.*$|^\s*\*.*$|\/\*.*?\*\//g, '').replace(/\/(?:\\.|\[[^\]]*\]|[^/\n\\])+\/[gimsuy]*/g, '').replace(/tokenSeparators=\{[^}]*\}/g, '');
        if (/[、；（）：，]/.test(code)) bad.push(`${f}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(bad).toEqual([]);
  });
});
