import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SYNCED_BASE_COLUMNS, SYNCED_BASE_COLUMNS_SQL, outboxTriggerSql } from '../outbox.js';

/**
 * The collection zone (一标三实): the standard address tree, people with their change history,
 * houses, units, door-to-door appointments and the remembered column mappings of grid workers'
 * spreadsheets. All synced: HQ keeps the population register of every station.
 */
export class Collection0005 implements MigrationInterface {
  // TypeORM orders migrations by a 13-digit suffix of the name: ours is 1700000000000 + the number.
  name = 'Collection1700000000005';

  async up(q: QueryRunner): Promise<void> {
    // One row per node from division down to room. `path` lists the ids from the root to the node
    // ('/a/b/c/') so a subtree is one index range; `fullText`, the effective grid and police area
    // and the building are kept on every node so the chart, search and completeness never walk up.
    await q.query(`CREATE TABLE "address_node" (${SYNCED_BASE_COLUMNS_SQL},
      "parentId" TEXT REFERENCES "address_node" ("id"),
      "kind" TEXT NOT NULL,
      "name" TEXT NOT NULL,
      "code" TEXT,
      "grid" TEXT,
      "policeArea" TEXT,
      "effGrid" TEXT,
      "effPoliceArea" TEXT,
      "path" TEXT NOT NULL,
      "depth" INTEGER NOT NULL,
      "buildingId" TEXT,
      "floorNo" INTEGER,
      "sortNo" INTEGER NOT NULL,
      "fullText" TEXT NOT NULL,
      "searchText" TEXT NOT NULL)`);
    await q.query(`CREATE INDEX "address_node_parent" ON "address_node" ("parentId", "sortNo") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "address_node_path" ON "address_node" ("path")`);
    await q.query(`CREATE INDEX "address_node_building" ON "address_node" ("buildingId", "kind") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "address_node_search" ON "address_node" ("kind", "searchText") WHERE "cancelledAt" IS NULL`);
    // two live siblings never share a name: "3栋" is one building, whoever types it
    await q.query(`CREATE UNIQUE INDEX "address_node_sibling" ON "address_node" (COALESCE("parentId", ''), "kind", "name") WHERE "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "resident" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "pinyin" TEXT NOT NULL,
      "initials" TEXT NOT NULL,
      "idType" TEXT NOT NULL,
      "idNumber" TEXT,
      "idReversed" TEXT,
      "sex" TEXT,
      "birthDate" TEXT,
      "ethnicity" TEXT,
      "hukouPlace" TEXT,
      "addressId" TEXT REFERENCES "address_node" ("id"),
      "householdHeadId" TEXT REFERENCES "resident" ("id"),
      "relationToHead" TEXT,
      "category" TEXT NOT NULL,
      "arrivedOn" TEXT,
      "movedOutOn" TEXT,
      "moveOutReason" TEXT,
      "phone" TEXT,
      "phoneReversed" TEXT,
      "employer" TEXT,
      "tenancy" TEXT,
      "source" TEXT NOT NULL,
      "verification" TEXT NOT NULL,
      "note" TEXT,
      "collectedById" TEXT REFERENCES "staff" ("id"),
      "collectedAt" TEXT NOT NULL)`);
    // same ID number = same person: one live record per number
    await q.query(`CREATE UNIQUE INDEX "resident_id_number" ON "resident" ("idNumber") WHERE "idNumber" IS NOT NULL AND "cancelledAt" IS NULL`);
    // search as you type: name, pinyin, initials, the last digits of ID and phone (reversed, so a suffix is a prefix)
    await q.query(`CREATE INDEX "resident_name" ON "resident" ("name") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_pinyin" ON "resident" ("pinyin") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_initials" ON "resident" ("initials") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_id_reversed" ON "resident" ("idReversed") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_phone" ON "resident" ("phone") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_phone_reversed" ON "resident" ("phoneReversed") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_address" ON "resident" ("addressId", "movedOutOn") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "resident_household" ON "resident" ("householdHeadId") WHERE "householdHeadId" IS NOT NULL`);

    await q.query(`CREATE TABLE "resident_change" (${SYNCED_BASE_COLUMNS_SQL},
      "residentId" TEXT NOT NULL REFERENCES "resident" ("id"),
      "at" TEXT NOT NULL,
      "byId" TEXT REFERENCES "staff" ("id"),
      "kind" TEXT NOT NULL,
      "changes" TEXT NOT NULL,
      "note" TEXT)`);
    await q.query(`CREATE INDEX "resident_change_resident" ON "resident_change" ("residentId", "at")`);

    await q.query(`CREATE TABLE "house" (${SYNCED_BASE_COLUMNS_SQL},
      "addressId" TEXT NOT NULL REFERENCES "address_node" ("id"),
      "use" TEXT NOT NULL,
      "ownerName" TEXT,
      "ownerIdType" TEXT NOT NULL,
      "ownerIdNumber" TEXT,
      "ownerPhone" TEXT,
      "rented" INTEGER NOT NULL,
      "landlordName" TEXT,
      "landlordPhone" TEXT,
      "rentFrom" TEXT,
      "rentTo" TEXT,
      "vacant" INTEGER NOT NULL,
      "areaM2" REAL,
      "note" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "house_address" ON "house" ("addressId") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "house_owner" ON "house" ("ownerName") WHERE "cancelledAt" IS NULL`);

    await q.query(`CREATE TABLE "collection_unit" (${SYNCED_BASE_COLUMNS_SQL},
      "name" TEXT NOT NULL,
      "creditCode" TEXT NOT NULL,
      "category" TEXT NOT NULL,
      "legalRepresentative" TEXT NOT NULL,
      "legalRepresentativePhone" TEXT,
      "securityOfficer" TEXT,
      "securityOfficerPhone" TEXT,
      "addressId" TEXT REFERENCES "address_node" ("id"),
      "employees" INTEGER,
      "note" TEXT)`);
    await q.query(`CREATE UNIQUE INDEX "collection_unit_credit_code" ON "collection_unit" ("creditCode") WHERE "cancelledAt" IS NULL`);
    await q.query(`CREATE INDEX "collection_unit_address" ON "collection_unit" ("addressId")`);

    await q.query(`CREATE TABLE "collection_appointment" (${SYNCED_BASE_COLUMNS_SQL},
      "addressId" TEXT NOT NULL REFERENCES "address_node" ("id"),
      "residentIds" TEXT NOT NULL,
      "startAt" TEXT NOT NULL,
      "endAt" TEXT NOT NULL,
      "localDate" TEXT NOT NULL,
      "collectorId" TEXT NOT NULL REFERENCES "staff" ("id"),
      "status" TEXT NOT NULL,
      "note" TEXT)`);
    await q.query(`CREATE INDEX "collection_appointment_date" ON "collection_appointment" ("localDate", "startAt")`);
    await q.query(`CREATE INDEX "collection_appointment_address" ON "collection_appointment" ("addressId")`);

    await q.query(`CREATE TABLE "collection_import_mapping" (${SYNCED_BASE_COLUMNS_SQL},
      "source" TEXT NOT NULL,
      "mapping" TEXT NOT NULL)`);
    await q.query(`CREATE UNIQUE INDEX "collection_import_mapping_source" ON "collection_import_mapping" ("source")`);

    // Frozen here, not read from the entities: a released migration must not change with them.
    const columns: Record<string, string[]> = {
      address_node: [
        'parentId', 'kind', 'name', 'code', 'grid', 'policeArea', 'effGrid', 'effPoliceArea', 'path', 'depth', 'buildingId',
        'floorNo', 'sortNo', 'fullText', 'searchText',
      ],
      resident: [
        'name', 'pinyin', 'initials', 'idType', 'idNumber', 'idReversed', 'sex', 'birthDate', 'ethnicity', 'hukouPlace',
        'addressId', 'householdHeadId', 'relationToHead', 'category', 'arrivedOn', 'movedOutOn', 'moveOutReason', 'phone',
        'phoneReversed', 'employer', 'tenancy', 'source', 'verification', 'note', 'collectedById', 'collectedAt',
      ],
      resident_change: ['residentId', 'at', 'byId', 'kind', 'changes', 'note'],
      house: [
        'addressId', 'use', 'ownerName', 'ownerIdType', 'ownerIdNumber', 'ownerPhone', 'rented', 'landlordName', 'landlordPhone',
        'rentFrom', 'rentTo', 'vacant', 'areaM2', 'note',
      ],
      collection_unit: [
        'name', 'creditCode', 'category', 'legalRepresentative', 'legalRepresentativePhone', 'securityOfficer',
        'securityOfficerPhone', 'addressId', 'employees', 'note',
      ],
      collection_appointment: ['addressId', 'residentIds', 'startAt', 'endAt', 'localDate', 'collectorId', 'status', 'note'],
      collection_import_mapping: ['source', 'mapping'],
    };
    for (const [table, own] of Object.entries(columns)) {
      for (const sql of outboxTriggerSql(table, [...SYNCED_BASE_COLUMNS, ...own])) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'collection_import_mapping',
      'collection_appointment',
      'collection_unit',
      'house',
      'resident_change',
      'resident',
      'address_node',
    ]) {
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
