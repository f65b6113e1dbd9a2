import type { EntityManager } from 'typeorm';

const statements = new Map<string, string>();

/**
 * Inserts one row with a plain parameterised INSERT. For the hot paths (a walk-in at the desk, the
 * audit entry of every call): TypeORM's insert builder costs more than the statement itself.
 * Column names come from code, never from input.
 */
export const insertRow = async (manager: EntityManager, table: string, row: object): Promise<void> => {
  const columns = Object.keys(row);
  const key = `${table}(${columns.join(',')})`;
  let sql = statements.get(key);
  if (!sql) {
    sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
    statements.set(key, sql);
  }
  const values = Object.values(row).map((v) => (typeof v === 'boolean' ? Number(v) : v));
  await manager.query(sql, values);
};
