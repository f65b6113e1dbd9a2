import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (pw: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const SCRYPT = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** Staff passwords are chosen by people: slow hash (scrypt) with a salt. */
export const hashPassword = async (password: string): Promise<string> => {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, 32, SCRYPT);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
};

export const verifyPassword = async (password: string, stored: string): Promise<boolean> => {
  const [kind, salt, hash] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const got = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, SCRYPT);
  return timingSafeEqual(got, expected);
};

/**
 * Station secrets and enrolment codes are random (256 and ~40 bits), not chosen by people: a plain
 * SHA-256 is enough to keep them out of a stolen database, and it costs nothing per request —
 * a slow hash on every sync call of a thousand stations would be the bottleneck.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export const sameHash = (a: string, b: string): boolean => {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
};

export const newSecret = (): string => randomBytes(32).toString('base64url');

/** Unambiguous letters and digits (no 0/O, 1/I/L): an enrolment code is read out and typed. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newEnrolmentCode = (): string => {
  const bytes = randomBytes(10);
  let code = '';
  for (const b of bytes) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${code.slice(0, 5)}-${code.slice(5)}`;
};
/** What the station types may differ in case, spaces and dashes from what HQ printed. */
export const normaliseCode = (code: string): string => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export type StaffRole = 'viewer' | 'admin';
export interface StaffClaims {
  /** the account */
  u: string;
  /** its session generation when the token was made: a newer one in the database ends the token */
  g: number;
  exp: number;
}

/**
 * Staff sessions are signed tokens rather than server memory: any HQ process behind the load
 * balancer verifies them with the key all of them read from the database. The token carries no
 * role: what the account may do is read from the database on every call (see staffAuth.ts).
 */
export const signToken = (key: string, claims: StaffClaims): string => {
  const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const mac = createHmac('sha256', key).update(body).digest('base64url');
  return `${body}.${mac}`;
};

export const verifyToken = (key: string, token: string, now: number): StaffClaims | undefined => {
  const [body, mac] = token.split('.');
  if (!body || !mac) return undefined;
  const expected = createHmac('sha256', key).update(body).digest();
  const got = Buffer.from(mac, 'base64url');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString()) as StaffClaims;
    return claims.exp > now ? claims : undefined;
  } catch {
    return undefined;
  }
};
