import { describe, expect, it } from 'vitest';
import { parseChoice } from '../../src/main/shell/policy.js';

describe("this PC's saved printer choice", () => {
  it('reads a printer per kind of document', () => {
    const text = JSON.stringify({ receipt: { printerName: 'XP-80C', silent: true }, a4: { printerName: 'HP', silent: false } });
    expect(parseChoice(text)).toEqual({ receipt: { printerName: 'XP-80C', silent: true }, a4: { printerName: 'HP', silent: false } });
  });

  it('gives the one printer of an older settings file to both kinds', () => {
    expect(parseChoice(JSON.stringify({ printerName: 'Office', silent: true }))).toEqual({
      receipt: { printerName: 'Office', silent: true },
      a4: { printerName: 'Office', silent: true },
    });
  });

  it('falls back to the system dialog for a missing, broken or tampered file', () => {
    const none = { receipt: { printerName: null, silent: false }, a4: { printerName: null, silent: false } };
    expect(parseChoice(null)).toEqual(none);
    expect(parseChoice('{not json')).toEqual(none);
    expect(parseChoice('[1,2]')).toEqual(none);
    expect(parseChoice(JSON.stringify({ receipt: { printerName: 42, silent: 'yes' } }))).toEqual(none);
  });
});
