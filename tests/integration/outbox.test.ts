import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore } from '../../src/main/core.js';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import type { Staff } from '../../src/shared/staff/contract.js';
import { HEAD, STATION_PROFILE, addStaff, ok, setUpStation, sql, tempDataDir, walkIn, type TestStation } from '../helpers/station.js';

interface OutboxRow {
  seq: number;
  tableName: string;
  rowId: string;
  op: string;
  version: number;
  payload: string;
  createdAt: string;
}

const outbox = (st: TestStation, where = '1 = 1', params: unknown[] = []) =>
  sql<OutboxRow>(st, `SELECT * FROM sync_outbox WHERE ${where} ORDER BY seq`, params);
const columnsOf = async (st: TestStation, table: string) =>
  (await sql<{ name: string }>(st, `SELECT name FROM pragma_table_info(?)`, [table])).map((c) => c.name).sort();

describe('sync outbox', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await setUpStation();
  });
  afterAll(() => st.close());

  it('has the station and its head from setup, with every column in the payload', async () => {
    const [station] = await sql<{ id: string }>(st, 'SELECT id FROM station');
    const rows = await outbox(st);
    expect(rows.map((r) => [r.tableName, r.op, r.version])).toEqual([
      ['station', 'insert', 1],
      ['staff', 'insert', 1],
    ]);
    const stationPayload = JSON.parse(rows[0].payload);
    expect(rows[0].rowId).toBe(station.id);
    expect(Object.keys(stationPayload).sort()).toEqual(await columnsOf(st, 'station'));
    expect(stationPayload).toMatchObject({
      id: station.id,
      stationId: station.id,
      name: STATION_PROFILE.name,
      code: STATION_PROFILE.code,
      timeZone: 'Asia/Shanghai',
      idleLockMinutes: 10,
      version: 1,
      cancelledAt: null,
    });
    expect(JSON.parse(stationPayload.dutyPhones)).toEqual(STATION_PROFILE.dutyPhones);
    const staffPayload = JSON.parse(rows[1].payload);
    expect(Object.keys(staffPayload).sort()).toEqual(await columnsOf(st, 'staff'));
    expect(staffPayload).toMatchObject({ username: HEAD.username, role: 'head', stationId: station.id, version: 1 });
  });

  it('never puts credentials or the audit log in the outbox', async () => {
    await addStaff(st, 'auxiliary');
    const tables = (await outbox(st)).map((r) => r.tableName);
    expect(tables).not.toContain('staff_credential');
    expect(tables).not.toContain('audit_log');
    for (const r of await outbox(st)) expect(r.payload).not.toMatch(/scrypt\$|passwordHash/);
  });

  it('records a walk-in insert and each status change with the new version', async () => {
    const w = await ok<WalkIn>(st.core.call('intake.register', walkIn({ note: '第一次' }), { token: st.token }));
    await ok(st.core.call('intake.setStatus', { id: w.id, status: 'serving' }, { token: st.token }));
    await ok(st.core.call('intake.setStatus', { id: w.id, status: 'done' }, { token: st.token }));
    const rows = await outbox(st, '"rowId" = ?', [w.id]);
    expect(rows.map((r) => [r.tableName, r.op, r.version, JSON.parse(r.payload).status, JSON.parse(r.payload).version])).toEqual([
      ['walk_in', 'insert', 1, 'waiting', 1],
      ['walk_in', 'update', 2, 'serving', 2],
      ['walk_in', 'update', 3, 'done', 3],
    ]);
    const last = JSON.parse(rows[2].payload);
    expect(Object.keys(last).sort()).toEqual(await columnsOf(st, 'walk_in'));
    // the payload is the row as committed: the full values, for HQ
    const [row] = await sql(st, 'SELECT * FROM walk_in WHERE id = ?', [w.id]);
    expect(last).toEqual(row);
    expect(last).toMatchObject({ idNumber: '11010519491231002X', phone: '13912345678', note: '第一次', queueNo: '调-001' });
    // sequence numbers only grow
    const seqs = (await outbox(st)).map((r) => r.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('records a referral as the new walk-in and the update of the original', async () => {
    const w = await ok<WalkIn>(st.core.call('intake.register', walkIn({ route: 'office' }), { token: st.token }));
    const before = (await outbox(st)).at(-1)!.seq;
    const referred = await ok<WalkIn>(st.core.call('intake.refer', { id: w.id, route: 'mediation' }, { token: st.token }));
    const rows = await outbox(st, 'seq > ?', [before]);
    expect(rows.map((r) => [r.rowId, r.op, r.version])).toEqual([
      [referred.id, 'insert', 1],
      [w.id, 'update', 2],
    ]);
    expect(JSON.parse(rows[1].payload)).toMatchObject({ status: 'referred', referredToId: referred.id });
  });

  it('records station and staff updates', async () => {
    const profile = await ok<{ id: string; version: number }>(st.core.call('station.get', {}, { token: st.token }));
    await ok(st.core.call('station.update', { ...STATION_PROFILE, grid: '第四网格', version: profile.version }, { token: st.token }));
    const [stationRow] = (await outbox(st, `"tableName" = 'station'`)).slice(-1);
    expect(stationRow).toMatchObject({ op: 'update', version: profile.version + 1, rowId: profile.id });
    expect(JSON.parse(stationRow.payload).grid).toBe('第四网格');

    const aux = (await ok<Staff[]>(st.core.call('staff.list', {}, { token: st.token }))).find((s) => s.role === 'auxiliary')!;
    await ok(st.core.call('staff.update', { id: aux.id, version: aux.version, name: '改名了', role: 'auxiliary', phone: aux.phone, active: true }, { token: st.token }));
    const [staffRow] = (await outbox(st, '"rowId" = ?', [aux.id])).slice(-1);
    expect(staffRow).toMatchObject({ tableName: 'staff', op: 'update', version: aux.version + 1 });
    expect(JSON.parse(staffRow.payload)).toMatchObject({ name: '改名了', version: aux.version + 1 });
  });

  it('a failing call leaves no outbox row and no data', async () => {
    const w = await ok<WalkIn>(st.core.call('intake.register', walkIn({ route: 'office', visitorName: '回滚' }), { token: st.token }));
    const count = async () => {
      const [{ o }] = await sql<{ o: number }>(st, 'SELECT COUNT(*) AS o FROM sync_outbox');
      const [{ w: n }] = await sql<{ w: number }>(st, 'SELECT COUNT(*) AS w FROM walk_in');
      const [{ a }] = await sql<{ a: number }>(st, 'SELECT COUNT(*) AS a FROM audit_log');
      return { o, n, a };
    };
    const before = await count();
    expect(await st.core.call('intake.refer', { id: w.id, route: 'office' }, { token: st.token })).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', key: 'intake.sameRoute' },
    });
    expect(await count()).toEqual(before);

    // a refer that fails after it has already inserted the new walk-in (and its outbox row):
    // the whole transaction goes, the new walk-in and its outbox row with it
    await sql(st, `CREATE TRIGGER test_refuse_referral BEFORE UPDATE OF status ON walk_in WHEN NEW.status = 'referred'
                   BEGIN SELECT RAISE(ABORT, 'refused by test'); END`);
    try {
      const r = await st.core.call('intake.refer', { id: w.id, route: 'mediation' }, { token: st.token });
      expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', key: 'internal' } });
      // no SQL or stack reaches the caller
      expect(JSON.stringify(r)).not.toMatch(/refused by test|SQLITE|at /);
    } finally {
      await sql(st, 'DROP TRIGGER test_refuse_referral');
    }
    expect(await count()).toEqual(before);
    expect(await ok<WalkIn>(st.core.call('intake.get', { id: w.id }, { token: st.token }))).toMatchObject({ status: 'waiting', version: 1, referredToId: null });
    // and the queue number the failed referral had taken is given out again
    const next = await ok<WalkIn>(st.core.call('intake.refer', { id: w.id, route: 'mediation' }, { token: st.token }));
    const mediationNos = (await sql<{ queueNo: string }>(st, `SELECT "queueNo" FROM walk_in WHERE route = 'mediation' ORDER BY "queueSeq"`)).map((r) => r.queueNo);
    expect(mediationNos.at(-1)).toBe(next.queueNo);
    expect(new Set(mediationNos).size).toBe(mediationNos.length);
  });

  it('a write outside the service (raw SQL) is still in the outbox, and rolls back with it', async () => {
    const [w] = await sql<{ id: string; version: number }>(st, `SELECT id, version FROM walk_in ORDER BY "arrivedAt" LIMIT 1`);
    const qr = st.core.dataSource.createQueryRunner();
    await qr.startTransaction();
    await qr.query(`UPDATE walk_in SET note = 'raw', version = version + 1 WHERE id = ?`, [w.id]);
    const inside = await qr.query(`SELECT COUNT(*) AS n FROM sync_outbox WHERE "rowId" = ? AND version = ?`, [w.id, w.version + 1]);
    expect(inside[0].n).toBe(1);
    await qr.rollbackTransaction();
    await qr.release();
    expect(await outbox(st, '"rowId" = ? AND version = ?', [w.id, w.version + 1])).toHaveLength(0);
  });
});

describe('schema and pragmas', () => {
  it('migrates an empty file to every table, and does not run the migration again on reopen', async () => {
    const temp = tempDataDir();
    const open = () => openCore({ dataDir: temp.dir, logger: pino({ level: 'silent' }) });
    try {
      let core = await open();
      const objects = async () =>
        (await core.dataSource.query(`SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`)) as {
          type: string;
          name: string;
        }[];
      const tables = (await objects()).filter((o) => o.type === 'table').map((o) => o.name);
      expect(tables).toEqual([
        'address_node',
        'audit_log',
        'auth_failure',
        'backup_settings',
        'case_transfer',
        'collection_appointment',
        'collection_import_mapping',
        'collection_unit',
        'directive_receipt',
        'hall_call',
        'house',
        'login_lock',
        'mediation_agreement',
        'mediation_assignment',
        'mediation_case',
        'mediation_file',
        'mediation_follow_up',
        'mediation_party',
        'mediation_session',
        'mediation_settings',
        'mediator',
        'migrations',
        'office_assessment_item',
        'office_assessment_rule',
        'office_award',
        'office_equipment',
        'office_handover',
        'office_log_entry',
        'office_notice_print',
        'office_notice_template',
        'office_shift',
        'office_task',
        'office_task_photo',
        'office_task_standard',
        'paired_terminal',
        'patrol',
        'patrol_finding',
        'patrol_goods',
        'patrol_points_entry',
        'patrol_points_rules',
        'patrol_route',
        'patrol_volunteer',
        'prevention_attendance',
        'prevention_camera',
        'prevention_camera_check',
        'prevention_camera_round',
        'prevention_guard',
        'prevention_night_check',
        'prevention_property',
        'prevention_school',
        'prevention_term',
        'resident',
        'resident_change',
        'retention_purge',
        'retention_setting',
        'roster',
        'roster_absence',
        'roster_assignment',
        'roster_holiday_year',
        'roster_settings',
        'roster_swap',
        'staff',
        'staff_credential',
        'station',
        'station_figure',
        'sync_ack',
        'sync_cursor',
        'sync_outbox',
        'sync_reference',
        'sync_reject',
        'sync_state',
        'walk_in',
        'walk_in_rating',
      ]);
      const triggers = (await objects()).filter((o) => o.type === 'trigger').map((o) => o.name);
      expect(triggers).toEqual([
        'address_node_outbox_insert',
        'address_node_outbox_update',
        'case_transfer_outbox_insert',
        'case_transfer_outbox_update',
        'collection_appointment_outbox_insert',
        'collection_appointment_outbox_update',
        'collection_import_mapping_outbox_insert',
        'collection_import_mapping_outbox_update',
        'collection_unit_outbox_insert',
        'collection_unit_outbox_update',
        'directive_receipt_outbox_insert',
        'directive_receipt_outbox_update',
        'house_outbox_insert',
        'house_outbox_update',
        'mediation_agreement_outbox_insert',
        'mediation_agreement_outbox_update',
        'mediation_assignment_outbox_insert',
        'mediation_assignment_outbox_update',
        'mediation_case_outbox_insert',
        'mediation_case_outbox_update',
        'mediation_file_outbox_insert',
        'mediation_file_outbox_update',
        'mediation_follow_up_outbox_insert',
        'mediation_follow_up_outbox_update',
        'mediation_party_outbox_insert',
        'mediation_party_outbox_update',
        'mediation_session_outbox_insert',
        'mediation_session_outbox_update',
        'mediation_settings_outbox_insert',
        'mediation_settings_outbox_update',
        'mediator_outbox_insert',
        'mediator_outbox_update',
        'office_assessment_item_outbox_insert',
        'office_assessment_item_outbox_update',
        'office_assessment_rule_outbox_insert',
        'office_assessment_rule_outbox_update',
        'office_award_outbox_insert',
        'office_award_outbox_update',
        'office_equipment_outbox_insert',
        'office_equipment_outbox_update',
        'office_handover_outbox_insert',
        'office_handover_outbox_update',
        'office_log_entry_outbox_insert',
        'office_log_entry_outbox_update',
        'office_notice_print_outbox_insert',
        'office_notice_print_outbox_update',
        'office_notice_template_outbox_insert',
        'office_notice_template_outbox_update',
        'office_shift_outbox_insert',
        'office_shift_outbox_update',
        'office_task_outbox_insert',
        'office_task_outbox_update',
        'office_task_photo_outbox_insert',
        'office_task_photo_outbox_update',
        'office_task_standard_outbox_insert',
        'office_task_standard_outbox_update',
        'patrol_finding_outbox_insert',
        'patrol_finding_outbox_update',
        'patrol_goods_outbox_insert',
        'patrol_goods_outbox_update',
        'patrol_outbox_insert',
        'patrol_outbox_update',
        'patrol_points_entry_append_only',
        'patrol_points_entry_continues',
        'patrol_points_entry_no_delete',
        'patrol_points_entry_outbox_insert',
        'patrol_points_entry_outbox_update',
        'patrol_points_rules_outbox_insert',
        'patrol_points_rules_outbox_update',
        'patrol_route_outbox_insert',
        'patrol_route_outbox_update',
        'patrol_volunteer_outbox_insert',
        'patrol_volunteer_outbox_update',
        'prevention_attendance_outbox_insert',
        'prevention_attendance_outbox_update',
        'prevention_camera_check_outbox_insert',
        'prevention_camera_check_outbox_update',
        'prevention_camera_outbox_insert',
        'prevention_camera_outbox_update',
        'prevention_camera_round_outbox_insert',
        'prevention_camera_round_outbox_update',
        'prevention_guard_outbox_insert',
        'prevention_guard_outbox_update',
        'prevention_night_check_outbox_insert',
        'prevention_night_check_outbox_update',
        'prevention_property_outbox_insert',
        'prevention_property_outbox_update',
        'prevention_school_outbox_insert',
        'prevention_school_outbox_update',
        'prevention_term_outbox_insert',
        'prevention_term_outbox_update',
        'resident_change_outbox_insert',
        'resident_change_outbox_update',
        'resident_outbox_insert',
        'resident_outbox_update',
        'roster_absence_outbox_insert',
        'roster_absence_outbox_update',
        'roster_assignment_outbox_insert',
        'roster_assignment_outbox_update',
        'roster_holiday_year_outbox_insert',
        'roster_holiday_year_outbox_update',
        'roster_outbox_insert',
        'roster_outbox_update',
        'roster_settings_outbox_insert',
        'roster_settings_outbox_update',
        'roster_swap_outbox_insert',
        'roster_swap_outbox_update',
        'staff_outbox_insert',
        'staff_outbox_update',
        'station_figure_outbox_insert',
        'station_figure_outbox_update',
        'station_outbox_insert',
        'station_outbox_update',
        'walk_in_outbox_insert',
        'walk_in_outbox_update',
        'walk_in_rating_outbox_insert',
        'walk_in_rating_outbox_update',
      ]);
      // every synced table has the sync-ready base columns
      for (const table of ['station', 'staff', 'walk_in', 'mediation_settings', 'mediator', 'mediation_case', 'mediation_party', 'mediation_assignment', 'mediation_session', 'mediation_agreement', 'mediation_follow_up', 'roster_settings', 'roster_holiday_year', 'roster_absence', 'roster', 'roster_assignment', 'roster_swap', 'directive_receipt', 'office_equipment', 'office_shift', 'office_log_entry', 'office_handover', 'office_task_standard', 'office_task', 'office_task_photo', 'office_notice_template', 'office_notice_print', 'office_assessment_item', 'office_assessment_rule', 'office_award', 'address_node', 'resident', 'resident_change', 'house', 'collection_unit', 'collection_appointment', 'collection_import_mapping', 'mediation_file', 'patrol', 'patrol_finding', 'patrol_goods', 'patrol_points_entry', 'patrol_points_rules', 'patrol_route', 'patrol_volunteer', 'prevention_attendance', 'prevention_camera', 'prevention_camera_check', 'prevention_camera_round', 'prevention_guard', 'prevention_night_check', 'prevention_property', 'prevention_school', 'prevention_term', 'case_transfer', 'station_figure']) {
        const cols = ((await core.dataSource.query(`SELECT name FROM pragma_table_info(?)`, [table])) as { name: string }[]).map((c) => c.name);
        expect(cols, table).toEqual(
          expect.arrayContaining(['id', 'stationId', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'version', 'cancelledAt', 'cancelReason']),
        );
      }
      const schemaBefore = await objects();
      await ok(core.call('station.setup', { station: STATION_PROFILE, head: HEAD }));
      await core.close();

      core = await open();
      expect(await core.dataSource.query('SELECT name FROM migrations ORDER BY id')).toEqual([
        { name: 'Foundation1700000000001' },
        { name: 'Mediation1700000000002' },
        { name: 'WalkInIndexes1700000000003' },
        { name: 'Roster1700000000004' },
        { name: 'Collection1700000000005' },
        { name: 'MediationFiles1700000000006' },
        { name: 'Sync1700000000007' },
        { name: 'Office1700000000008' },
        { name: 'OfficeTasks1700000000009' },
        { name: 'Patrol1700000000010' },
        { name: 'Prevention1700000000011' },
        { name: 'Backup1700000000012' },
        { name: 'RetentionAccess1700000000013' },
        { name: 'SyncTransfers1700000000015' },
        { name: 'ResidentCare1700000000016' },
        { name: 'OfficeTaskPhotos1700000000017' },
        { name: 'PurgePeriods1700000000018' },
        { name: 'Guessing1700000000019' },
        { name: 'SyncRepair1700000000020' },
        { name: 'ResidentCoded1700000000021' },
        { name: 'Hall1700000000022' },
        { name: 'AssessmentRules1700000000023' },
        { name: 'ComposedEntries1700000000024' },
        { name: 'RoomNames1700000000026' },
      ]);
      expect(await objects()).toEqual(schemaBefore);
      expect(await ok(core.call('station.status', {}))).toEqual({ setUp: true, stationName: STATION_PROFILE.name });
      expect(await core.dataSource.query('SELECT COUNT(*) AS n FROM sync_outbox')).toEqual([{ n: 2 }]);
      await core.close();
    } finally {
      temp.remove();
    }
  });

  it('runs SQLite with WAL, synchronous=FULL, foreign keys on and a busy timeout', async () => {
    const st = await setUpStation();
    try {
      const pragma = async (name: string) => Object.values((await sql(st, `PRAGMA ${name}`))[0])[0];
      expect(await pragma('journal_mode')).toBe('wal');
      expect(await pragma('synchronous')).toBe(2);
      expect(await pragma('foreign_keys')).toBe(1);
      expect(Number(await pragma('busy_timeout'))).toBeGreaterThanOrEqual(1000);
      // and foreign keys are enforced, not just declared
      await ok(st.core.call('intake.register', walkIn(), { token: st.token }));
      await expect(sql(st, `UPDATE walk_in SET "receivedById" = 'nobody'`)).rejects.toThrow(/FOREIGN KEY/);
    } finally {
      await st.close();
    }
  });
});
