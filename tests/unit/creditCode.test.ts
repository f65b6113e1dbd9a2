import { describe, expect, it } from 'vitest';
import { checkCreditCode, creditCheckCharacter } from '../../src/shared/checks/creditCode.js';

describe('unified social credit code (GB 32100)', () => {
  // codes of real, well-known companies as printed on their business licences
  it.each(['9144030071526726XG', '91110000802100433B', '91330100799655058B', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it('normalises what people type: lower case, spaces, dashes, full-width characters', () => {
    expect(checkCreditCode(' 9144 0300 7152 6726 xg ')).toEqual({ ok: true, value: '9144030071526726XG' });
    expect(checkCreditCode('９１４４０３００７１５２６７２６ＸＧ')).toEqual({ ok: true, value: '9144030071526726XG' });
    expect(checkCreditCode('91440300-71526726XG')).toEqual({ ok: true, value: '9144030071526726XG' });
  });

  it.each([
    ['9144030071526726X', 'length'],
    ['9144030071526726XGG', 'length'],
    ['', 'length'],
    ['9144030071526726XI', 'characters'], // I is not in the alphabet (looks like 1)
    ['91440300715267260O', 'characters'], // nor O (looks like 0)
    ['9144030071526726XS', 'characters'],
    ['Z144030071526726XG', 'characters'],
    ['H144030071526726XG', 'authority'], // H is in the alphabet but names no registration authority
    ['91A4030071526726XG', 'division'],
    ['9144030071526726XH', 'checksum'],
    ['9144030071526727XG', 'checksum'], // one digit changed
    ['9144030017526726XG', 'checksum'], // two digits swapped
  ])('refuses %s (%s)', (code, problem) => {
    expect(checkCreditCode(code)).toEqual({ ok: false, problem });
  });

  it('computes the check character that makes the weighted sum a multiple of 31', () => {
    const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    for (const first17 of ['91440300715267260', '12100000400000000', '52220702MJY000001', '92220702MA0000000']) {
      const code = first17 + creditCheckCharacter(first17);
      const sum = [...code.slice(0, 17)].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0) + alphabet.indexOf(code[17]);
      expect(sum % 31).toBe(0);
      expect(checkCreditCode(code).ok).toBe(true);
    }
  });
});
