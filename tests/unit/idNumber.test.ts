import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkCharacter, maskIdNumber, parseResidentId } from '../../src/shared/checks/idNumber.js';

/**
 * An independent check character (GB 11643-1999, ISO 7064 MOD 11-2): the weight of position i
 * (counted from the right, the check character being position 1) is 2^(i-1) mod 11, and the
 * check value is (12 - S mod 11) mod 11, with 10 written as X.
 */
const gbCheck = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const position = 18 - i; // from the right
    const weight = 2 ** (position - 1) % 11;
    sum += Number(first17[i]) * weight;
  }
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
};

const TODAY = '2026-11-28';
const VALID_PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83];

const problemOf = (raw: string, today = TODAY) => {
  const r = parseResidentId(raw, today);
  return r.ok ? 'ok' : r.problem;
};

/** A syntactically complete 18-character number with a correct check character. */
const withCheck = (first17: string) => first17 + gbCheck(first17);

describe('check character', () => {
  it('agrees with published valid numbers', () => {
    // the example number of GB 11643-1999, and 孙中山's often-quoted number
    expect(checkCharacter('11010519491231002')).toBe('X');
    expect(checkCharacter('44052418800101001')).toBe('4');
    expect(gbCheck('11010519491231002')).toBe('X');
    expect(gbCheck('44052418800101001')).toBe('4');
  });

  it('maps every remainder 0..10 to 1 0 X 9 8 7 6 5 4 3 2', () => {
    // vary the last digit until every check character has appeared
    const seen = new Set<string>();
    for (let a = 0; a < 10; a++) for (let b = 0; b < 10; b++) seen.add(checkCharacter(`110105199001010${a}${b}`));
    expect([...seen].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']);
  });
});

describe('parseResidentId: valid numbers', () => {
  it('accepts the GB example number and reads birth date and sex', () => {
    const r = parseResidentId('11010519491231002X', TODAY);
    expect(r).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', divisionCode: '110105', birthDate: '1949-12-31', sex: 'female', convertedFromLegacy: false },
    });
  });

  it('reads an odd sequence digit as male', () => {
    const r = parseResidentId('440524188001010014', TODAY);
    expect(r.ok && r.value.sex).toBe('male');
    expect(r.ok && r.value.birthDate).toBe('1880-01-01');
  });

  it('accepts a lower-case x and stores it upper-case', () => {
    const r = parseResidentId('11010519491231002x', TODAY);
    expect(r.ok && r.value.idNumber).toBe('11010519491231002X');
  });

  it('ignores surrounding spaces', () => {
    expect(problemOf('  11010519491231002X \n')).toBe('ok');
  });

  it('accepts someone born today (station date) but not tomorrow', () => {
    const bornToday = withCheck('11010520261128001');
    expect(problemOf(bornToday, '2026-11-28')).toBe('ok');
    expect(problemOf(bornToday, '2026-11-27')).toBe('futureBirthDate');
  });

  it('accepts 29 February in a leap year', () => {
    expect(problemOf(withCheck('11010520000229001'))).toBe('ok');
  });

  it('accepts every valid province, including 71 Taiwan and 81/82/83', () => {
    for (const p of VALID_PROVINCES) expect(problemOf(withCheck(`${p}010519491231002`)), String(p)).toBe('ok');
  });
});

describe('parseResidentId: invalid numbers', () => {
  it('rejects a wrong check character', () => {
    expect(problemOf('110105194912310021')).toBe('checksum');
    expect(problemOf('440524188001010015')).toBe('checksum');
    expect(problemOf('44052418800101001X')).toBe('checksum');
  });

  it('rejects a swap of two digits (the check catches transpositions)', () => {
    expect(problemOf('11010519491213002X')).not.toBe('ok');
  });

  it('rejects 17 and 19 characters, and empty input, as a length problem', () => {
    expect(problemOf('11010519491231002')).toBe('length');
    expect(problemOf('11010519491231002X0')).toBe('length');
    expect(problemOf('')).toBe('length');
    expect(problemOf('1101051949123')).toBe('length');
  });

  it('rejects letters other than a final X', () => {
    expect(problemOf('11010519491231002A')).toBe('characters');
    expect(problemOf('1101051949123100X2')).toBe('characters');
    expect(problemOf('X10105194912310021')).toBe('characters');
    expect(problemOf('11010519491231 02X')).toBe('characters');
    expect(problemOf('１１０１０５１９４９１２３１００２Ｘ')).toBe('characters'); // full-width digits
    expect(problemOf('11010549123100X')).toBe('characters'); // 15 characters with a letter
  });

  it('rejects impossible birth dates', () => {
    expect(problemOf(withCheck('11010519900230001'))).toBe('birthDate'); // 30 February
    expect(problemOf(withCheck('11010519010229001'))).toBe('birthDate'); // 1901 is not a leap year
    expect(problemOf(withCheck('11010519901301001'))).toBe('birthDate'); // month 13
    expect(problemOf(withCheck('11010519900001001'))).toBe('birthDate'); // month 00
    expect(problemOf(withCheck('11010519900100001'))).toBe('birthDate'); // day 00
    expect(problemOf(withCheck('11010519900431001'))).toBe('birthDate'); // 31 April
    expect(problemOf(withCheck('11010518791231001'))).toBe('birthDate'); // before 1880
  });

  it('rejects a future birth date', () => {
    expect(problemOf(withCheck('11010520261129001'), '2026-11-28')).toBe('futureBirthDate');
    expect(problemOf(withCheck('11010520300101001'), '2026-11-28')).toBe('futureBirthDate');
  });

  it('rejects province codes outside 11–65, 71, 81–83', () => {
    for (const p of ['00', '99', '66', '10', '16', '20', '24', '30', '70', '72', '80', '84', '90']) {
      expect(problemOf(withCheck(`${p}010519491231002`)), p).toBe('province');
    }
  });

  it('does not reject an unknown division code below a valid province', () => {
    // 119999 is no real county; codes change yearly, so this is not an error
    expect(problemOf(withCheck('11999919491231002'))).toBe('ok');
  });
});

describe('parseResidentId: legacy 15-digit numbers', () => {
  it('converts by inserting 19 and computing the check character', () => {
    const r = parseResidentId('110105491231002', TODAY);
    expect(r).toEqual({
      ok: true,
      value: { idNumber: '11010519491231002X', divisionCode: '110105', birthDate: '1949-12-31', sex: 'female', convertedFromLegacy: true },
    });
  });

  it('reads the sex from the last digit of a 15-digit number', () => {
    const r = parseResidentId('440524800101001', TODAY);
    expect(r.ok && r.value).toMatchObject({ idNumber: withCheck('44052419800101001'), birthDate: '1980-01-01', sex: 'male' });
  });

  it('still checks province and date of a 15-digit number', () => {
    expect(problemOf('990105491231002')).toBe('province');
    expect(problemOf('110105490230002')).toBe('birthDate');
  });
});

describe('parseResidentId: properties', () => {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  const birthDate = fc
    .date({ min: new Date('1880-01-01T00:00:00Z'), max: new Date(`${TODAY}T00:00:00Z`), noInvalidDate: true })
    .map((d) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCDate(), 2)}`);
  const first17 = fc
    .record({
      province: fc.constantFrom(...VALID_PROVINCES),
      county: fc.integer({ min: 0, max: 9999 }),
      birth: birthDate,
      seq: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, county, birth, seq }) => `${province}${pad(county, 4)}${birth}${pad(seq, 3)}`);

  it('a valid prefix plus its check character is accepted, any other last character is a checksum error', () => {
    fc.assert(
      fc.property(first17, fc.constantFrom(...'0123456789X'), (prefix, other) => {
        const check = checkCharacter(prefix);
        expect(check).toBe(gbCheck(prefix));
        const good = parseResidentId(prefix + check, TODAY);
        expect(good.ok).toBe(true);
        if (good.ok) {
          expect(good.value.idNumber).toBe(prefix + check);
          expect(good.value.birthDate.replace(/-/g, '')).toBe(prefix.slice(6, 14));
          expect(good.value.sex).toBe(Number(prefix[16]) % 2 === 1 ? 'male' : 'female');
        }
        if (other !== check) expect(parseResidentId(prefix + other, TODAY)).toEqual({ ok: false, problem: 'checksum' });
      }),
      { numRuns: 500 },
    );
  });

  it('a 15-digit number and its 18-digit form are the same person', () => {
    const twentiethCentury = first17.filter((p) => p.slice(6, 8) === '19');
    fc.assert(
      fc.property(twentiethCentury, (prefix) => {
        const legacy = prefix.slice(0, 6) + prefix.slice(8, 17);
        const r = parseResidentId(legacy, TODAY);
        expect(r.ok && r.value.idNumber).toBe(prefix + gbCheck(prefix));
      }),
      { numRuns: 200 },
    );
  });
});

describe('maskIdNumber', () => {
  it('keeps the first 4 and last 4 characters of an ID number', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('1101**********002X');
    expect(maskIdNumber('440524188001010014')).toBe('4405**********0014');
  });

  it('hides the birth date of a resident ID', () => {
    expect(maskIdNumber('11010519491231002X')).not.toContain('19491231');
  });

  it('hides at least half of a shorter document number and keeps its length', () => {
    expect(maskIdNumber('E12345678')).toBe('E1*****78'); // a passport: 9 characters
    expect(maskIdNumber('H1234567')).toBe('H1****67');
    expect(maskIdNumber('AB12')).toBe('A**2');
    expect(maskIdNumber('ABC')).toBe('***');
    for (const doc of ['E12345678', 'H1234567', 'AB123', 'K123456789012', '11010519491231002X']) {
      const masked = maskIdNumber(doc) ?? '';
      expect(masked).toHaveLength(doc.length);
      expect([...masked].filter((c) => c === '*').length).toBeGreaterThanOrEqual(doc.length / 2);
    }
  });

  it('shows nothing for no number', () => {
    expect(maskIdNumber(null)).toBeNull();
    expect(maskIdNumber(undefined)).toBeNull();
    expect(maskIdNumber('')).toBeNull();
  });
});
