/**
 * fast-check arbitraries derived from a contract method's zod schema: values of the right shape
 * (objects, enums, numbers within their bounds, strings within their lengths and patterns) whose
 * strings are hostile — quotes, `%` and `_`, right-to-left marks, emoji, full-width digits, `__proto__`,
 * the longest a field allows. Fields whose checks random data would almost never pass get domain
 * generators: valid resident ID numbers, mobile numbers, real dates and times, and the ids of
 * records the run has created (drawn when the step runs, see `Pick`).
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { checkCharacter } from '../../src/shared/checks/idNumber.js';
import { idType, isoDate, mobile, optionalMobile, publicPhone, timeZone, uuid } from '../../src/shared/fields.js';

/**
 * An id to be drawn from the records the run has seen so far: the pool only exists while the
 * sequence runs, so the generated value names a position and `resolvePicks` fills it in.
 */
export class Pick {
  constructor(readonly n: number) {}
  [fc.toStringMethod](): string {
    return `pick(${this.n})`;
  }
}

/**
 * The version a change names, to be read when the step runs: the current version of the record
 * the same input points at (its `id`, or `fooId` for `fooVersion`), as a form sends it.
 */
export class CurrentVersion {
  [fc.toStringMethod](): string {
    return 'currentVersion';
  }
}

/** What the run knows when a step runs: the records of the kind a field names, and their versions. */
export interface PickContext {
  /** ids of existing records of the kind the field (`caseId`, or `id` of the method's record) names */
  idsFor?(key: string): readonly string[];
  versionOf?(id: string): number | undefined;
  /** the version of the one record a method without an id changes (its zone's settings, its rules) */
  versionOfSingle?(): number | undefined;
}

/** The field whose record a version belongs to: `version` goes with `id`, `caseVersion` with `caseId`. */
const ownerOfVersion = (key: string, fields: Record<string, unknown>): unknown => {
  if (key === 'version' || key === 'expectedVersion') return fields.id ?? Object.entries(fields).find(([k]) => /Id$/.test(k))?.[1];
  return fields[`${key.replace(/Version$/, '')}Id`] ?? fields.id;
};

/** Pairs of fields that state a span: its start and its end. */
const SPANS: [RegExp, (start: string) => string][] = [
  [/^(\w*)From$/, (k) => k.replace(/From$/, 'To')],
  [/^from$/, () => 'to'],
  [/^(start|starts)(At|On)?$/, (k) => k.replace(/^starts?/, k.startsWith('starts') ? 'ends' : 'end')],
  [/^since$/, () => 'until'],
];

/**
 * A span's start and end drawn apart come out backwards half the time, and the call stops at "the
 * end is before the start" before its handler does anything: they are put in order, as a form
 * would have them (the refusal itself stays reachable through single fields and their bounds).
 */
const inOrder = (fields: Record<string, unknown>) => {
  for (const startKey of Object.keys(fields)) {
    const span = SPANS.find(([pattern]) => pattern.test(startKey));
    if (!span) continue;
    const endKey = span[1](startKey);
    const [start, end] = [fields[startKey], fields[endKey]];
    if (typeof start === 'string' && typeof end === 'string' && start.length === end.length && start > end) {
      fields[startKey] = end;
      fields[endKey] = start;
    }
  }
};

/**
 * Replaces every `Pick` in a generated input with an id the run has seen: mostly an existing
 * record of the kind the field names (a `caseId` gets a case's id), else one its own zone answered,
 * sometimes any (an id of the wrong kind), and a made-up one before there is any. A
 * `CurrentVersion` becomes the version of the record its input points at.
 */
export const resolvePicks = (value: unknown, zonePool: readonly string[], anyPool: readonly string[], context: PickContext = {}, key = ''): unknown => {
  if (value instanceof Pick) {
    const typed = context.idsFor?.(key) ?? [];
    const pool = typed.length > 0 && value.n % 5 !== 0 ? typed : zonePool.length > 0 && value.n % 4 !== 0 ? zonePool : anyPool;
    return pool.length > 0 ? pool[value.n % pool.length] : '019ae000-0000-7000-8000-000000000000';
  }
  if (value instanceof CurrentVersion) return 1;
  if (Array.isArray(value)) return value.map((v) => resolvePicks(v, zonePool, anyPool, context, key));
  if (value !== null && typeof value === 'object' && !(value instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = v instanceof CurrentVersion ? v : resolvePicks(v, zonePool, anyPool, context, k);
    for (const [k, v] of Object.entries(out)) {
      if (!(v instanceof CurrentVersion)) continue;
      const owner = ownerOfVersion(k, out);
      out[k] = (typeof owner === 'string' ? context.versionOf?.(owner) : context.versionOfSingle?.()) || 1;
    }
    inOrder(out);
    return out;
  }
  return value;
};

const PROVINCES = ['11', '22', '31', '44', '51', '65'];

/** A resident ID number that passes every check: a real province, a real birth date, the check character. */
export const residentIdNumber: fc.Arbitrary<string> = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    area: fc.integer({ min: 0, max: 9999 }),
    birth: fc.date({ min: new Date('1930-01-01T00:00:00Z'), max: new Date('2024-12-31T00:00:00Z'), noInvalidDate: true }),
    seq: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, area, birth, seq }) => {
    const first17 = `${province}${String(area).padStart(4, '0')}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    return first17 + checkCharacter(first17);
  });

/** A mainland mobile number in its canonical 11 digits. */
export const mobileNumber: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.integer({ min: 0, max: 999_999_999 }))
  .map(([second, rest]) => `1${second}${String(rest).padStart(9, '0')}`);

const isoDay = fc
  .date({ min: new Date('2026-10-01T00:00:00Z'), max: new Date('2027-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const clockTime = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const instant = fc
  .date({ min: new Date('2026-10-01T00:00:00Z'), max: new Date('2027-02-28T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString());
const month = fc.tuple(fc.constantFrom(2026, 2027), fc.integer({ min: 1, max: 12 })).map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`);
const pick = fc.nat().map((n) => new Pick(n));

/** Strings a careless handler would mishandle, all within the shape a text field accepts. */
const HOSTILE = [
  "O'Brien",
  `'; DROP TABLE walk_in; --`,
  '" OR 1=1 --',
  '%',
  '_',
  '100%_off',
  '\\',
  '\u202e右到左\u202c',
  '👮‍♀️🏠😀',
  '１２３４５６',
  '𠮷野家',
  '__proto__',
  'constructor',
  'toString',
  '<script>alert(1)</script>',
  '=SUM(A1:A9)',
  '张三',
  'a\u0000b',
  '   ',
  'null',
];

/** A string of `min`..`max` characters (as a person counts them), mostly hostile or Chinese text. */
const hostileString = (min: number, max: number): fc.Arbitrary<string> => {
  const fit = (s: string) => {
    const chars = [...s];
    if (chars.length > max) return chars.slice(0, max).join('');
    return chars.length < min ? s + '字'.repeat(min - chars.length) : s;
  };
  return fc
    .oneof(
      { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
      { weight: 3, arbitrary: fc.string({ unit: fc.constantFrom(...'张王李赵社区警务室调解纠纷 abc123-_%\'"'), minLength: 1, maxLength: 12 }) },
      { weight: 1, arbitrary: fc.constant('长'.repeat(Math.min(max, 2000))) },
      { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }) },
    )
    .map(fit);
};

/** Schemas of the contract's building blocks whose checks random strings would not pass. */
const BY_SCHEMA = new Map<unknown, fc.Arbitrary<unknown>>([
  [isoDate, isoDay],
  [uuid, pick],
  [mobile, mobileNumber],
  [optionalMobile, fc.option(mobileNumber, { freq: 4 })],
  [publicPhone, fc.oneof(mobileNumber, fc.constant('0438-6123456'), fc.constant('110'))],
  [timeZone, fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'Not/AZone')],
  [idType, fc.constantFrom('resident', 'resident', 'resident', 'passport', 'none')],
]);

/** Field names whose strings mean one thing whatever their schema: numbers, dates and ids. */
const byFieldName = (key: string): fc.Arbitrary<unknown> | undefined => {
  if (/idNumber$/i.test(key)) return residentIdNumber;
  if (/(phone|mobile)$/i.test(key)) return mobileNumber;
  if (key === 'id' || /Id$/.test(key)) return pick;
  if (/^(date|from|to|since|until|day|weekOf)$|Date$|On$/.test(key)) return isoDay;
  if (key === 'at' || /At$/.test(key)) return instant;
  // the version a change expects: mostly the record's current one (as a form sends it), now and then a stale or made-up one
  if (/^(version|\w+Version)$/.test(key)) return fc.oneof({ weight: 6, arbitrary: fc.constant(new CurrentVersion()) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 50 }) });
  return undefined;
};

type Def = {
  type: string;
  checks?: { _zod: { def: Record<string, unknown> } }[];
  [k: string]: unknown;
};
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

/** The arbitrary for a regex-checked string: the known patterns by meaning, the rest by the pattern. */
const byPattern = (pattern: RegExp): fc.Arbitrary<string> | fc.Arbitrary<Pick> => {
  const src = pattern.source;
  if (src.includes('[0-9a-f-]{36}')) return pick;
  if (src.includes('([01]\\d|2[0-3]):[0-5]\\d')) return clockTime;
  if (src === '^\\d{4}-(0[1-9]|1[0-2])$') return month;
  if (src.startsWith('^(\\d{4})(?:-(0[1-9]|1[0-2])|-Q')) return fc.oneof(fc.constant('2026'), month, fc.constant('2026-Q4'));
  return fc.stringMatching(pattern, { size: 'xsmall' });
};

/** A valid-shaped, hostile-content arbitrary for the schema; `key` is the field it sits in. */
export const schemaArbitrary = (schema: z.ZodType, key = ''): fc.Arbitrary<unknown> => {
  const known = BY_SCHEMA.get(schema);
  if (known) return known;
  const def = defOf(schema);
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      const fields = Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, schemaArbitrary(v, k)]));
      return fc.record(fields);
    }
    case 'string': {
      const regex = checks.find((c) => c.format === 'regex');
      if (regex) return byPattern(regex.pattern as RegExp);
      const named = byFieldName(key);
      if (named) return named;
      const exact = checks.find((c) => c.check === 'length_equals')?.length as number | undefined;
      const min = exact ?? (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = exact ?? (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined);
      if (max !== undefined) return hostileString(min, max);
      // a limit inside a custom check (a text field's) cannot be read: short strings mostly, and
      // now and then one long enough to pass the longest fields and be refused by the shorter
      return fc.oneof({ weight: 19, arbitrary: hostileString(min, 40) }, { weight: 1, arbitrary: hostileString(Math.max(min, 150), 600) });
    }
    case 'number': {
      const named = /^(version|\w+Version)$/.test(key) ? byFieldName(key) : undefined;
      if (named) return named;
      const lower = checks.find((c) => c.check === 'greater_than') as { value: number; inclusive: boolean } | undefined;
      const upper = checks.find((c) => c.check === 'less_than') as { value: number; inclusive: boolean } | undefined;
      const min = lower ? lower.value + (lower.inclusive ? 0 : 1) : -5;
      const max = upper ? upper.value - (upper.inclusive ? 0 : 1) : Math.max(min, 0) + 500;
      const integer = checks.some((c) => c.format === 'safeint');
      const cap = Math.min(max, min + 10_000);
      // amounts (points, prices, hours) are whole or half mostly, as people type them
      // counts as people type them, mostly small; now and then up to the bound
      const small = Math.min(cap, Math.max(min, 0) + 8);
      if (integer) return fc.oneof({ weight: 4, arbitrary: fc.integer({ min, max: small }) }, { weight: 1, arbitrary: fc.integer({ min, max: cap }) });
      const any = fc.double({ min, max: cap, noNaN: true, noDefaultInfinity: true });
      const halves = [Math.ceil(min * 2), Math.floor(cap * 2)];
      return halves[0] > halves[1] ? any : fc.oneof({ weight: 3, arbitrary: fc.integer({ min: halves[0], max: halves[1] }).map((h) => h / 2) }, { weight: 1, arbitrary: any });
    }
    case 'boolean':
      return fc.boolean();
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, string>));
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'array': {
      const min = (checks.find((c) => c.check === 'min_length')?.minimum as number | undefined) ?? 0;
      const max = (checks.find((c) => c.check === 'max_length')?.maximum as number | undefined) ?? 4;
      return fc.array(schemaArbitrary(def.element as z.ZodType, key), { minLength: min, maxLength: Math.min(Math.max(min, 4), max) });
    }
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.option(schemaArbitrary(def.innerType as z.ZodType, key), { nil: undefined, freq: 3 });
    case 'nullable':
      return fc.option(schemaArbitrary(def.innerType as z.ZodType, key), { nil: null, freq: 4 });
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return schemaArbitrary(def.innerType as z.ZodType, key);
    case 'pipe': {
      // the input side decides what is accepted; a preprocessing transform hands on to the output side
      const inner = def.in as z.ZodType;
      return defOf(inner).type === 'transform' ? schemaArbitrary(def.out as z.ZodType, key) : schemaArbitrary(inner, key);
    }
    case 'union':
      return fc.oneof(...(def.options as z.ZodType[]).map((o) => schemaArbitrary(o, key)));
    case 'record': {
      const keyDef = defOf(def.keyType as z.ZodType);
      const keys = keyDef.type === 'enum' ? fc.constantFrom(...Object.values(keyDef.entries as Record<string, string>)) : hostileString(1, 12);
      return fc.dictionary(keys, schemaArbitrary(def.valueType as z.ZodType, key), { maxKeys: 4 });
    }
    default:
      // a file's bytes (`custom`), a bare transform: methods that take them are not sent at random
      return fc.constant(undefined);
  }
};
