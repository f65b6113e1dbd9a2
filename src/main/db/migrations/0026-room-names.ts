import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rooms found by their number: the search takes the room number from what was typed ("3号楼1单元301",
 * "301室") and looks the rooms of that name up in this index, then keeps those whose address ends
 * as typed — instead of reading every room's text (a large station has 120,000 rooms).
 */
export class RoomNames0026 implements MigrationInterface {
  name = 'RoomNames1700000000026';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "address_node_kind_name" ON "address_node" ("kind", "name") WHERE "cancelledAt" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "address_node_kind_name"`);
  }
}
