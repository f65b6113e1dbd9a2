/**
 * Resident ID number (GB 11643-1999) and the other identity documents a visitor may show.
 * Pure functions, shared by the forms and the core.
 */
export const ID_TYPES = ['resident', 'passport', 'hkMacauPermit', 'taiwanPermit', 'foreignPermanentResident', 'none'] as const;
export type IdType = (typeof ID_TYPES)[number];

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';
const VALID_PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65, 71, 81, 82, 83,
]);

/** Message keys under `errors.idNumber.` */
export type IdNumberProblem = 'length' | 'characters' | 'province' | 'birthDate' | 'futureBirthDate' | 'checksum';

export interface ResidentId {
  /** the 18-character number, upper-case X */
  idNumber: string;
  divisionCode: string;
  /** YYYY-MM-DD */
  birthDate: string;
  sex: 'male' | 'female';
  /** true when it was given in the legacy 15-digit form and converted */
  convertedFromLegacy: boolean;
}

export type IdCheck = { ok: true; value: ResidentId } | { ok: false; problem: IdNumberProblem };

export const checkCharacter = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
};

const isRealDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
};

/**
 * Checks a resident ID number. `today` (YYYY-MM-DD, station time) rejects future birth dates.
 * Accepts the legacy 15-digit form and converts it (inserting `19`, computing the check character).
 */
export const parseResidentId = (raw: string, today: string): IdCheck => {
  const input = raw.trim().toUpperCase();
  let number: string;
  let convertedFromLegacy = false;
  if (input.length === 15) {
    if (!/^\d{15}$/.test(input)) return { ok: false, problem: 'characters' };
    const first17 = `${input.slice(0, 6)}19${input.slice(6)}`;
    number = first17 + checkCharacter(first17);
    convertedFromLegacy = true;
  } else if (input.length === 18) {
    if (!/^\d{17}[\dX]$/.test(input)) return { ok: false, problem: 'characters' };
    number = input;
  } else {
    return { ok: false, problem: 'length' };
  }
  if (!VALID_PROVINCES.has(Number(number.slice(0, 2)))) return { ok: false, problem: 'province' };
  const y = Number(number.slice(6, 10));
  const m = Number(number.slice(10, 12));
  const d = Number(number.slice(12, 14));
  if (y < 1880 || !isRealDate(y, m, d)) return { ok: false, problem: 'birthDate' };
  const birthDate = `${number.slice(6, 10)}-${number.slice(10, 12)}-${number.slice(12, 14)}`;
  if (birthDate > today) return { ok: false, problem: 'futureBirthDate' };
  if (!convertedFromLegacy && checkCharacter(number.slice(0, 17)) !== number[17]) return { ok: false, problem: 'checksum' };
  return {
    ok: true,
    value: {
      idNumber: number,
      divisionCode: number.slice(0, 6),
      birthDate,
      sex: Number(number[16]) % 2 === 1 ? 'male' : 'female',
      convertedFromLegacy,
    },
  };
};

/** Other documents are stored as given (trimmed, upper-case), only their shape is checked. */
export const OTHER_DOCUMENT_PATTERN = /^[A-Z0-9-]{5,30}$/;

/**
 * How many characters a masked identifier shows at each end: the first 4 and the last 4 of a
 * resident ID number; a shorter document (a 9-character passport) at most a quarter of its
 * characters at each end, so at least half of it is always hidden. The mask and the searches of a
 * reader who sees the mask both follow this.
 */
export const idNumberShownEnds = (length: number): number => Math.min(4, Math.floor(length / 4));

/** Masks the middle of an identifier for lists: `2201**********1234`. */
export const maskIdNumber = (value: string | null | undefined): string | null => {
  if (!value) return null;
  const keep = idNumberShownEnds(value.length);
  return `${value.slice(0, keep)}${'*'.repeat(value.length - 2 * keep)}${keep > 0 ? value.slice(-keep) : ''}`;
};
