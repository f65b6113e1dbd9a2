import { randomBytes } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Upper bound of an index range of strings that start with `prefix` (ids, paths and digits sort below '~'). */
export const prefixEnd = (prefix: string) => `${prefix}\uffff`;

export const reversed = (s: string | null) => (s ? [...s].reverse().join('') : null);

/**
 * UUIDv7s for one bulk write, their random parts drawn from the system in one call: an import
 * of 50,000 people needs 100,000 ids, and one draw per id costs more than the rest of the id.
 */
export const bulkIds = (n: number): string[] => {
  const pool = randomBytes(16 * n);
  return Array.from({ length: n }, (_, i) => uuidv7({ random: pool.subarray(i * 16, i * 16 + 16) }));
};
