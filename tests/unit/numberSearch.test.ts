import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskIdNumber } from '../../src/shared/checks/idNumber.js';
import { numberTerms, type NumberField, type NumberTerm } from '../../src/shared/checks/numberSearch.js';
import { maskPhone } from '../../src/shared/checks/phone.js';

/** What the search statements ask of a stored number, in plain code. */
const matches = (t: NumberTerm, field: NumberField, value: string) =>
  t.field === field && value.startsWith(t.head) && value.endsWith(t.tail) && (t.length === null ? value.length >= t.minLength : value.length === t.length);
const finds = (q: string, field: NumberField, value: string, mayUnmask: boolean) => numberTerms(q, mayUnmask).some((t) => matches(t, field, value));

const ID = '22070219850312011X';
const PHONE = '13912345678';

describe('searching by number', () => {
  it('a reader who may unmask finds a person by any end of the number', () => {
    expect(finds(ID.slice(-6), 'idNumber', ID, true)).toBe(true);
    expect(finds(PHONE.slice(0, 7), 'phone', PHONE, true)).toBe(true);
    expect(finds(PHONE.slice(-6), 'phone', PHONE, true)).toBe(true);
  });

  it('a reader who sees the mask finds a person by the whole number or by what the mask shows', () => {
    for (const q of [ID, ID.toLowerCase(), `${ID.slice(0, 6)} ${ID.slice(6)}`, ID.slice(-4), maskIdNumber(ID)!, `${ID.slice(0, 2)}${'*'.repeat(14)}${ID.slice(-2)}`])
      expect(finds(q, 'idNumber', ID, false), q).toBe(true);
    for (const q of [PHONE, '１３９１２３４５６７８', PHONE.slice(0, 3), PHONE.slice(-4), maskPhone(PHONE)!]) expect(finds(q, 'phone', PHONE, false), q).toBe(true);
    // one digit past what the mask shows finds nobody
    for (const q of [ID.slice(-5), ID.slice(-17), `${ID.slice(0, 5)}${'*'.repeat(9)}${ID.slice(-4)}`]) expect(finds(q, 'idNumber', ID, false), q).toBe(false);
    for (const q of [PHONE.slice(0, 4), PHONE.slice(0, 10), PHONE.slice(-5), `${PHONE.slice(0, 4)}***${PHONE.slice(-4)}`]) expect(finds(q, 'phone', PHONE, false), q).toBe(false);
  });

  it('a short document shows less at its ends, and is searched by no more', () => {
    const passport = 'E12345678';
    expect(maskIdNumber(passport)).toBe('E1*****78');
    expect(finds('78', 'idNumber', passport, false)).toBe(false); // under 3 characters is no number search
    expect(finds('678', 'idNumber', passport, false)).toBe(false);
    expect(finds('E1*****78', 'idNumber', passport, false)).toBe(true);
    expect(finds('678', 'idNumber', passport, true)).toBe(true);
  });

  /** Two numbers with the same mask: a masked reader's search finds both or neither (unless it is one of them whole). */
  const sameMask = (field: NumberField, keepHead: number, keepTail: number, length: number) =>
    fc
      .tuple(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length }), fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length }))
      .map(([a, middle]) => {
        const first = field === 'phone' ? `1${a.slice(1)}` : a;
        return [first, first.slice(0, keepHead) + middle.slice(keepHead, length - keepTail) + first.slice(length - keepTail)] as const;
      });
  const queryAbout = (value: string) =>
    fc.oneof(
      fc.nat({ max: value.length }).map((n) => value.slice(value.length - n)),
      fc.nat({ max: value.length }).map((n) => value.slice(0, n)),
      fc.tuple(fc.nat({ max: value.length }), fc.nat({ max: value.length })).map(([h, t]) => (h + t < value.length ? `${value.slice(0, h)}${'*'.repeat(value.length - h - t)}${value.slice(value.length - t)}` : value)),
      fc.string({ unit: fc.constantFrom(...'0123456789*'), minLength: 1, maxLength: 20 }),
    );

  for (const [field, head, tail, length] of [['idNumber', 4, 4, 18], ['phone', 3, 4, 11]] as const) {
    it(`what a masked reader's search finds of a ${field} depends only on the digits the mask shows`, () => {
      fc.assert(
        fc.property(
          sameMask(field, head, tail, length).chain(([a, b]) => fc.tuple(fc.constant(a), fc.constant(b), queryAbout(a))),
          ([a, b, q]) => {
            if (q === a || q === b) return;
            expect(finds(q, field, a, false)).toBe(finds(q, field, b, false));
          },
        ),
        { numRuns: 3000 },
      );
    });
  }
});
