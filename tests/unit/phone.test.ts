import { describe, expect, it } from 'vitest';
import { checkMobile, checkPublicPhone, maskPhone, normaliseMobile } from '../../src/shared/checks/phone.js';

describe('checkMobile', () => {
  it.each([
    ['13912345678', 'plain'],
    ['+8613912345678', '+86 prefix'],
    ['008613912345678', '0086 prefix'],
    ['+86 139 1234 5678', 'prefix and spaces'],
    ['139-1234-5678', 'dashes'],
    ['+86-139-1234-5678', 'prefix and dashes'],
    ['  139 1234 5678  ', 'surrounding spaces'],
    ['(+86) 13912345678', 'prefix in brackets'],
    ['139\t1234\t5678', 'tabs'],
    ['１３９１２３４５６７８', 'full-width digits (a Chinese input method)'],
    ['＋８６　１３９　１２３４　５６７８', 'full-width prefix and ideographic spaces'],
  ])('accepts %j (%s) as 13912345678', (raw) => {
    expect(checkMobile(raw)).toEqual({ ok: true, value: '13912345678' });
  });

  it('accepts every second digit 3–9', () => {
    for (const d of '3456789') expect(checkMobile(`1${d}012345678`)).toEqual({ ok: true, value: `1${d}012345678` });
  });

  it.each([
    ['1391234567a', 'a letter'],
    ['139 1234 567O', 'a letter O for zero'],
    ['139.1234.5678', 'dots'],
    ['13912345678#', 'a hash'],
    ['tel:13912345678', 'a scheme'],
  ])('rejects %j (%s) as phone.characters', (raw) => {
    expect(checkMobile(raw)).toEqual({ ok: false, problem: 'phone.characters' });
  });

  it.each([
    ['139123456789', '12 digits'],
    ['1391234567', '10 digits'],
    ['12912345678', 'second digit 2'],
    ['10912345678', 'second digit 0'],
    ['23912345678', 'not starting with 1'],
    ['+85213912345678', 'another country code'],
    ['+86', 'the prefix alone'],
    ['86139123456789', 'a prefix without + or 00 and too long'],
  ])('rejects %j (%s) as phone.mobile', (raw) => {
    expect(checkMobile(raw)).toEqual({ ok: false, problem: 'phone.mobile' });
  });

  it('normaliseMobile returns null for a landline', () => {
    expect(normaliseMobile('0438-6123456')).toBeNull();
    expect(normaliseMobile('+86 139 1234 5678')).toBe('13912345678');
  });
});

describe('checkPublicPhone', () => {
  it.each([
    ['0438-6123456', '0438-6123456', 'landline with a 4-digit area code'],
    ['010-12345678', '010-12345678', 'Beijing, 8 digits'],
    ['04386123456', '04386123456', 'landline without a dash'],
    ['010-12345678-123', '010-12345678-123', 'with an extension'],
    ['(0438) 6123456', '04386123456', 'area code in brackets'],
    ['110', '110', 'police'],
    ['12345', '12345', 'the government hotline'],
    ['96110', '96110', 'the anti-fraud line'],
    ['+86 139 1234 5678', '13912345678', 'a mobile, normalised'],
  ])('accepts %j as %j (%s)', (raw, value) => {
    expect(checkPublicPhone(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['123', 'phone.format'],
    ['0438-612', 'phone.format'],
    ['4386123456', 'phone.format'],
    ['0438-6123456-1234567', 'phone.format'],
    ['139123456789', 'phone.format'],
    ['0438-6123456 ext 5', 'phone.characters'],
    ['值班电话', 'phone.characters'],
  ])('rejects %j as %s', (raw, problem) => {
    expect(checkPublicPhone(raw)).toEqual({ ok: false, problem });
  });
});

describe('maskPhone', () => {
  it('keeps the first 3 and last 4 digits of a mobile', () => {
    expect(maskPhone('13912345678')).toBe('139****5678');
  });

  it('masks a landline in the middle and keeps its length', () => {
    const masked = maskPhone('0438-6123456');
    expect(masked).toBe('043*****3456');
    expect(masked).not.toContain('612');
  });

  it('shows nothing for no number', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone(undefined)).toBeNull();
    expect(maskPhone('')).toBeNull();
  });

  it('leaves short service numbers as they are', () => {
    expect(maskPhone('110')).toBe('110');
  });
});
