import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMON_ERROR_KEYS, ERROR_KEYS, conflict, isErrorKey } from '../../src/shared/errors.js';
import { build } from '../../src/renderer/app/resources.js';

/**
 * Every message key the core or a form can raise is declared (the type check holds raisers to the
 * declared keys; this test covers the keys built at run time: zod messages, broken rules, a check's
 * problem name), and every declared key is worded in Chinese and in English.
 */
const root = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const sources = (dir: string): string[] =>
  readdirSync(join(root, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    if (statSync(join(root, path)).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });

const lookup = (catalog: object, key: string): unknown => key.split('.').reduce<unknown>((at, part) => (at as Record<string, unknown> | undefined)?.[part], catalog);
const leaves = (o: object, prefix = ''): [string, string][] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v as object, `${prefix}${k}.`)));
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

// the messages of each language, the zones' catalogs loaded as the app loads them
let zh: object;
let en: object;
beforeAll(async () => {
  zh = (await build('zh')).errors;
  en = (await build('en')).errors;
});

// The type check refuses a key the catalogs lack (i18next is typed by them) and a raiser given an undeclared key.
// @ts-expect-error no such key in the catalogs
export const unknownText = () => i18next.t('app.noSuchKey');
// @ts-expect-error no such error key is declared
export const undeclared = () => conflict('mediation.noSuchRefusal');

/** The message keys the sources build where the type check cannot follow them. */
const runtimeKeys = (): Map<string, string> => {
  const found = new Map<string, string>();
  const add = (key: string, where: string) => found.set(key, where);
  // the sync protocol's messages are reasons HQ gives a station's sync client, never shown by key
  for (const path of [...sources('src/shared'), ...sources('src/main')].filter((p) => p !== 'src/shared/sync/protocol.ts')) {
    const text = read(path);
    // zod messages: `{ message: 'key' }`, `{ error: 'key' }`, `error: (i) => (… ? 'required' : 'invalidType')`
    for (const m of text.matchAll(/\b(?:message|error): '([A-Za-z][A-Za-z0-9.]*)'/g)) add(m[1], path);
    for (const m of text.matchAll(/\berror: \([^)]*\) => \([^?]*\? '([A-Za-z.]+)' : '([A-Za-z.]+)'\)/g)) {
      add(m[1], path);
      add(m[2], path);
    }
    // broken roster rules: violate('minRest', …) answers `roster.violation.minRest`
    for (const m of text.matchAll(/\bviolate\('([A-Za-z0-9]+)'/g)) add(`roster.violation.${m[1]}`, path);
  }
  // a check's problem names, prefixed where they are raised
  const union = (path: string, name: string) => {
    const m = read(path).match(new RegExp(`type ${name} =([^;]+);`));
    if (!m) throw new Error(`${name} not found in ${path}`);
    return [...m[1].matchAll(/'([A-Za-z.]+)'/g)].map((x) => x[1]);
  };
  for (const p of union('src/shared/checks/creditCode.ts', 'CreditCodeProblem')) add(`creditCode.${p}`, 'checks/creditCode.ts');
  for (const p of union('src/shared/checks/idNumber.ts', 'IdNumberProblem')) add(`idNumber.${p}`, 'checks/idNumber.ts');
  for (const p of union('src/shared/checks/phone.ts', 'PhoneProblem')) add(p, 'checks/phone.ts');
  for (const p of union('src/shared/audit/details.ts', 'RecoveryRefusal')) add(`backup.${p}`, 'audit/details.ts');
  return found;
};

describe('the error keys', () => {
  it('declares each key once, in the zone its prefix names', () => {
    expect(new Set(ERROR_KEYS).size).toBe(ERROR_KEYS.length);
    const zones = new Map<string, string>();
    for (const path of sources('src/shared').filter((p) => p.endsWith('/errors.ts') && p !== 'src/shared/errors.ts')) {
      const zone = path.split('/')[2];
      for (const m of read(path).matchAll(/^ {2}'([^']+)',$/gm)) zones.set(m[1], zone);
    }
    expect(zones.size + COMMON_ERROR_KEYS.length).toBe(ERROR_KEYS.length);
    const misplaced = [...zones].filter(([key, zone]) => !(key.startsWith(`${zone}.`) || (zone === 'patrol' && key.startsWith('prevention.'))));
    expect(misplaced).toEqual([]);
  });

  it('finds the keys built at run time (the scan itself works)', () => {
    const keys = runtimeKeys();
    for (const k of ['required', 'invalidType', 'roster.violation.minRest', 'creditCode.checksum', 'idNumber.checksum', 'phone.mobile', 'backup.recoveryKeyWrong', 'collection.range'])
      expect([...keys.keys()]).toContain(k);
  });

  it('declares every key built at run time', () => {
    const undeclared = [...runtimeKeys()].filter(([key]) => !isErrorKey(key)).map(([key, where]) => `${key} (${where})`);
    expect(undeclared).toEqual([]);
  });

  it('words every declared key in Chinese and in English, with the same placeholders', () => {
    const missing = ERROR_KEYS.flatMap((k) => [
      ...(typeof lookup(zh, k) === 'string' && lookup(zh, k) !== '' ? [] : [`zh: ${k}`]),
      ...(typeof lookup(en, k) === 'string' && lookup(en, k) !== '' ? [] : [`en: ${k}`]),
    ]);
    expect(missing).toEqual([]);
    for (const k of ERROR_KEYS) expect(placeholders(lookup(en, k) as string), k).toEqual(placeholders(lookup(zh, k) as string));
  });

  it('words no key that is not declared (a message nobody can raise is a misspelt key)', () => {
    expect(leaves(zh).map(([k]) => k).filter((k) => !isErrorKey(k))).toEqual([]);
    expect(leaves(en).map(([k]) => k).filter((k) => !isErrorKey(k))).toEqual([]);
  });

  it('writes Chinese messages with full-width punctuation', () => {
    const halfWidth = leaves(zh).filter(([, text]) => /[\u4e00-\u9fff][,;:!?]|[,;:!?][\u4e00-\u9fff]/.test(text));
    expect(halfWidth).toEqual([]);
  });
});
