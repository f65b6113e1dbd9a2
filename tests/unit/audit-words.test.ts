import { describe, expect, it } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import { en, zh } from '../../src/renderer/audit/i18n.js';

/** What the audit log shows: every write, and every read that is audited (an unmasking, a download). */
const AUDITED = METHODS.filter((m) => m.kind === 'write' || m.auditRead).map((m) => m.name);
const wordFor = (catalog: typeof zh, name: string): unknown => {
  const [group, method] = name.split('.');
  return (catalog.methods as Record<string, Record<string, string> | undefined>)[group]?.[method];
};

describe('the audit log reads as words', () => {
  it('names every audited method in Chinese and English', () => {
    for (const [lang, catalog] of [['zh', zh], ['en', en]] as const) {
      const missing = AUDITED.filter((name) => typeof wordFor(catalog, name) !== 'string' || wordFor(catalog, name) === '');
      expect(missing, `${lang}: audited methods the log would show by their code name`).toEqual([]);
      const groups = [...new Set(AUDITED.map((name) => name.split('.')[0]))];
      expect(groups.filter((g) => !(catalog.groups as Record<string, string>)[g]), `${lang}: parts of the app without a name`).toEqual([]);
    }
  });

  it('has no words for methods that no longer exist', () => {
    const names = new Set(METHODS.map((m) => m.name));
    const stale = Object.entries(zh.methods).flatMap(([group, methods]) => Object.keys(methods).map((m) => `${group}.${m}`)).filter((n) => !names.has(n));
    expect(stale).toEqual([]);
  });

  it('writes Chinese with full-width punctuation and English without Chinese characters', () => {
    const zhWords = Object.values(zh.methods).flatMap((m) => Object.values(m));
    expect(zhWords.filter((w) => /[(),:;]/.test(w))).toEqual([]);
    const enWords = Object.values(en.methods).flatMap((m) => Object.values(m));
    expect(enWords.filter((w) => /[\u3000-\u9fff\uff00-\uffef]/.test(w))).toEqual([]);
  });
});
