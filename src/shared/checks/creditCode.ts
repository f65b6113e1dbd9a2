/**
 * Unified social credit code of organisations (GB 32100-2015). Pure, shared by forms and core.
 *
 * 18 characters from a 31-character alphabet (digits and capitals without I, O, Z, S, V):
 * registration authority (1), organisation category (1), division code (6 digits, GB/T 2260),
 * body identifier (9), check character (1).
 */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** 3^i mod 31 for positions 1..17, as the standard tabulates them */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/** registration authorities: 1 organisation codes office … 9 market regulation, A–G others, Y other */
const AUTHORITIES = '123456789ABCDEFGNY';

/** Message keys under `errors.creditCode.` */
export type CreditCodeProblem = 'length' | 'characters' | 'authority' | 'division' | 'checksum';

export const creditCheckCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += ALPHABET.indexOf(first17[i]) * WEIGHTS[i];
  return ALPHABET[(31 - (sum % 31)) % 31];
};

/**
 * Checks a credit code after normalising what people type: spaces and dashes go, full-width
 * characters become half-width, letters become capitals.
 */
export const checkCreditCode = (raw: string): { ok: true; value: string } | { ok: false; problem: CreditCodeProblem } => {
  const value = raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
  if (value.length !== 18) return { ok: false, problem: 'length' };
  for (const c of value) if (!ALPHABET.includes(c)) return { ok: false, problem: 'characters' };
  if (!AUTHORITIES.includes(value[0])) return { ok: false, problem: 'authority' };
  if (!/^\d{6}$/.test(value.slice(2, 8))) return { ok: false, problem: 'division' };
  if (creditCheckCharacter(value.slice(0, 17)) !== value[17]) return { ok: false, problem: 'checksum' };
  return { ok: true, value };
};
