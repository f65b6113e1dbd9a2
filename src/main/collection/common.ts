import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';

/** Upper bound of an index range of strings that start with `prefix` (ids, paths and digits sort below '~'). */
export const prefixEnd = (prefix: string) => `${prefix}\uffff`;

export const reversed = (s: string | null) => (s ? [...s].reverse().join('') : null);

/**
 * Inserts many rows of one shape with multi-row INSERTs: a spreadsheet of 50,000 people is 250
 * statements, not 50,000 (each statement costs more than the row it writes). Column names come
 * from code, never input.
 */
export const insertMany = async (manager: EntityManager, table: string, rows: object[], perStatement = 200) => {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const values: unknown[] = [];
    for (const row of chunk) for (const c of columns) {
      const v = (row as Record<string, unknown>)[c];
      values.push(typeof v === 'boolean' ? Number(v) : v);
    }
    await manager.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${chunk.map(() => tuple).join(', ')}`,
      values,
    );
  }
};

/**
 * UUIDv7s for one bulk write, their random parts drawn from the system in one call: an import
 * of 50,000 people needs 100,000 ids, and one draw per id costs more than the rest of the id.
 */
export const bulkIds = (n: number): string[] => {
  const pool = randomBytes(16 * n);
  return Array.from({ length: n }, (_, i) => uuidv7({ random: pool.subarray(i * 16, i * 16 + 16) }));
};
