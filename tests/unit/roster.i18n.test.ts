import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rosterMethods } from '../../src/shared/roster/contract.js';
import { en, errorsEn, errorsZh, zh } from '../../src/renderer/roster/i18n.js';

/**
 * Every `roster.*` key the core can answer with — validation messages of the rule model and the
 * contract, refusals of the services, broken rules named by the checker, reasons why no roster
 * exists — has a sentence in both languages, with the same placeholders.
 */
const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const files = (dir: string) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.ts')).map((f) => `${dir}/${f}`);

const coreKeys = (): Set<string> => {
  const keys = new Set<string>();
  for (const path of ['src/shared/roster/model.ts', 'src/shared/roster/contract.ts']) {
    const text = read(path);
    for (const m of text.matchAll(/key\('([A-Za-z0-9]+)'\)/g)) keys.add(m[1]);
    // cross-field issues: issue(ctx, <path>, 'name', …)
    for (const m of text.matchAll(/issue\(ctx, (?:\[[^\]]*\]|\w+), '([A-Za-z0-9]+)'/g)) keys.add(m[1]);
  }
  const methods = new Set(rosterMethods.map((m) => m.name));
  for (const path of [...files('src/main/roster'), ...files('src/main/roster/engine')]) {
    const text = read(path);
    for (const m of text.matchAll(/'roster\.([A-Za-z0-9.]+)'/g)) if (!methods.has(`roster.${m[1]}`)) keys.add(m[1]);
  }
  for (const m of read('src/main/roster/engine/checker.ts').matchAll(/violate\('([A-Za-z0-9]+)'/g)) keys.add(`violation.${m[1]}`);
  return keys;
};

const lookup = (catalog: object, key: string): unknown => key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], catalog);

const leaves = (o: object, prefix = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('the roster catalogs', () => {
  const keys = coreKeys();

  it('finds the keys the core uses (the scan itself works)', () => {
    for (const k of ['clock', 'consecutiveMin1', 'patternLetterUnknown', 'shiftsOverlap', 'changedElsewhere', 'violation.minRest', 'violation.coverUnder', 'explain.coverCapacity'])
      expect(keys).toContain(k);
    expect(keys.size).toBeGreaterThan(80);
  });

  it('has every core key in Chinese and in English', () => {
    const missing = [...keys].flatMap((k) => [
      ...(typeof lookup(errorsZh, k) === 'string' ? [] : [`zh: ${k}`]),
      ...(typeof lookup(errorsEn, k) === 'string' ? [] : [`en: ${k}`]),
    ]);
    expect(missing).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    for (const [zhCatalog, enCatalog] of [
      [errorsZh, errorsEn],
      [zh, en],
    ] as const) {
      const english = new Map(leaves(enCatalog));
      for (const [k, text] of leaves(zhCatalog)) {
        expect(english.has(k), k).toBe(true);
        expect(placeholders(english.get(k)!), k).toEqual(placeholders(text));
      }
      expect(leaves(enCatalog).length).toBe(leaves(zhCatalog).length);
    }
  });

  it('names in a refusal the person, the date and the numbers the checker gives', () => {
    // the parameters the core sends with a rest violation (see roster.service ruleIssues)
    for (const text of [errorsZh.violation.minRest, errorsEn.violation.minRest]) expect(placeholders(text)).toEqual(['date', 'name', 'needHours', 'restHours', 'shiftName']);
  });
});
