/**
 * Permissions and zone scoping, attacked over HTTPS from a paired terminal on the station LAN, each
 * role logged in there as its own account: every method a role lacks the permission for is
 * refused; a mediator reaches no walk-in outside the mediation zone; a grid worker reaches no
 * front-desk visitor and no mediation case, by any route.
 */
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { METHODS } from '../../src/shared/contract.js';
import { PERMISSIONS } from '../../src/shared/permissions.js';
import { ROLES, type Role } from '../../src/shared/roles.js';
import { directCase, freshParties } from '../integration/mediation.helpers.js';
import { HEAD, STAFF_PASSWORD, addStaff, ok, residentId, walkIn } from '../helpers/station.js';
import { lanAddress, lanStation, securitySuite, type Answer, type LanStation } from './harness.js';

/** What a duty-zone walk-in, an office walk-in and a mediation case carry that others must not learn. */
const DUTY = { visitorName: '钱多多', note: '值班区备注：报失钱包一只', idNumber: residentId('22070219800101201') };
const OFFICE = { visitorName: '孔明亮' };
const MEDIATION = { visitorName: '韩梅梅' };
const CASE_PLACE = '幸福里小区十二栋';

const holds = (role: Role, access: string) => access === 'anyRole' || (PERMISSIONS as Record<string, readonly Role[]>)[access]?.includes(role);

describe.skipIf(!lanAddress)('permissions by name and zone scoping (skipped where this machine has no LAN address)', () => {
  const attack = securitySuite('permissions');
  let lan: LanStation;
  const tokens = new Map<Role, string>();
  const ids = { duty: '', office: '', mediation: '', caseId: '', caseNo: '', gridTask: '', gridTaskVersion: 0 };

  /** A call over HTTPS as a role; the answer as JSON. */
  const as = async (role: Role, method: string, input: unknown = {}): Promise<Answer> => lan.call(method, input, tokens.get(role));
  const headCall = <T = any>(method: string, input: unknown) => ok<T>(lan.st.core.call(method, input, { token: lan.st.token }));
  /** Nothing of the duty and office walk-ins, nor of the case when `withCase`, in an answer's text. */
  const learnsNothing = (body: string, withCase: boolean) => {
    for (const secret of [DUTY.visitorName, DUTY.note, OFFICE.visitorName, ids.duty, ids.office]) expect(body).not.toContain(secret);
    if (withCase) for (const secret of [ids.caseNo, CASE_PLACE, ids.caseId, MEDIATION.visitorName, ids.mediation]) expect(body).not.toContain(secret);
  };

  beforeAll(async () => {
    lan = await lanStation();
    // every role logs in over the LAN, as a terminal user would
    const head = await lan.login(HEAD.username, HEAD.password);
    tokens.set('head', head.json.result.token);
    const staff = new Map<Role, string>();
    for (const role of ROLES.filter((r) => r !== 'head')) {
      const s = await addStaff(lan.st, role);
      staff.set(role, s.id);
      const r = await lan.login(s.username, STAFF_PASSWORD);
      expect(r.json.ok, JSON.stringify(r.json)).toBe(true);
      tokens.set(role, r.json.result.token);
    }
    // today's front desk: one walk-in for the duty officer, one for the office, one for mediation
    ids.duty = (await headCall('intake.register', walkIn({ ...DUTY, route: 'duty', purpose: 'report', phone: '13912340001' }))).id;
    ids.office = (await headCall('intake.register', walkIn({ ...OFFICE, route: 'office', purpose: 'certificate', idNumber: residentId('22070219800101202'), phone: '13912340002' }))).id;
    ids.mediation = (await headCall('intake.register', walkIn({ ...MEDIATION, route: 'mediation', idNumber: residentId('22070219800101203'), phone: '13912340003' }))).id;
    // a mediation case with its place
    const c = await headCall('mediation.openCase', directCase({ place: CASE_PLACE, parties: freshParties() }));
    ids.caseId = c.id;
    ids.caseNo = c.caseNo;
    // the head gives the grid worker two tasks and records them done with evidence linking the
    // duty walk-in and the case; a third stays open for the grid worker
    for (const link of [
      { kind: 'walkIn', id: ids.duty },
      { kind: 'mediationCase', id: ids.caseId },
    ]) {
      const t = await headCall('office.taskAssign', { title: '走访核查', function: 'information', assigneeId: staff.get('gridWorker'), dueDate: '2099-12-31' });
      await headCall('office.taskComplete', { id: t.id, version: t.version, note: '已核查', link });
    }
    const open = await headCall('office.taskAssign', { title: '采集出租屋信息', function: 'population', assigneeId: staff.get('gridWorker'), dueDate: '2099-12-31' });
    ids.gridTask = open.id;
    ids.gridTaskVersion = open.version;
  });
  afterAll(async () => {
    await lan?.close();
  });

  // ───── generated: every method, every role that lacks its permission ─────

  const refusals = METHODS.flatMap((m) => ROLES.filter((role) => m.access !== 'public' && !holds(role, m.access)).map((role) => [role, m.name, m.access] as const));
  for (const [role, name, permission] of refusals) {
    attack(`a ${role} calls ${name} without ${permission}`, async () => {
      const r = await as(role, name, {});
      expect(r.json, `${role} ${name}`).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    });
  }

  // ───── a mediator and the other zones' walk-ins ─────

  attack("a mediator lists the day's board: the mediation zone's walk-ins only", async () => {
    const r = await as('mediator', 'intake.board', {});
    expect(r.json.ok).toBe(true);
    expect(r.json.result.walkIns.map((w: { visitorName: string }) => w.visitorName)).toEqual([MEDIATION.visitorName]);
    learnsNothing(r.body, false);
  });

  attack("a mediator asks the board for the duty zone's walk-ins by route", async () => {
    for (const route of ['duty', 'office', 'collection', 'patrol']) {
      const r = await as('mediator', 'intake.board', { route });
      expect(r.json, route).toMatchObject({ ok: true, result: { walkIns: [] } });
    }
  });

  attack('a mediator reads a duty-zone walk-in by its id', async () => {
    const r = await as('mediator', 'intake.get', { id: ids.duty });
    // the same answer as for an id that does not exist: not even its existence is confirmed
    expect(r.json).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'intake.notFound' } });
    expect((await as('mediator', 'intake.get', { id: '0190a000-0000-7000-8000-000000000000' })).json).toEqual(r.json);
  });

  attack("a mediator changes a duty-zone walk-in's status or hands it on", async () => {
    for (const [method, input] of [
      ['intake.setStatus', { id: ids.duty, status: 'serving' }],
      ['intake.setStatus', { id: ids.duty, status: 'left' }],
      ['intake.refer', { id: ids.duty, route: 'mediation', note: null }],
    ] as const) {
      const r = await as('mediator', method, input);
      expect(r.json, method).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'intake.notFound' } });
    }
    const duty = await headCall('intake.get', { id: ids.duty });
    expect(duty).toMatchObject({ status: 'waiting', servedBy: null, referredToId: null });
  });

  attack('a mediator opens a mediation case from a duty-zone walk-in (taking its visitor in full)', async () => {
    const r = await as('mediator', 'mediation.openCase', { ...directCase({ parties: freshParties() }), source: 'walkIn', walkInId: ids.duty });
    expect(r.json).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'intake.notFound' } });
    expect(await headCall('intake.get', { id: ids.duty })).toMatchObject({ status: 'waiting' });
  });

  attack('a mediator searches the walk-in history or unmasks a walk-in', async () => {
    for (const [method, input] of [
      ['intake.search', { name: '钱' }],
      ['intake.reveal', { id: ids.duty, reason: '核对' }],
      ['intake.findVisitor', { idNumber: DUTY.idNumber }],
    ] as const) {
      expect((await as('mediator', method, input)).json, method).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    }
  });

  attack('a mediator reads every method it may call without input: no duty-zone or office walk-in in any answer', async () => {
    for (const m of METHODS.filter((x) => x.kind === 'read' && x.access !== 'public' && holds('mediator', x.access) && x.name !== 'auth.lock')) {
      learnsNothing((await as('mediator', m.name, {})).body, false);
    }
  });

  attack('the mediator still serves the mediation zone (the scoping is not a blanket refusal)', async () => {
    const r = await as('mediator', 'intake.setStatus', { id: ids.mediation, status: 'serving' });
    expect(r.json).toMatchObject({ ok: true, result: { id: ids.mediation, status: 'serving' } });
    // handed on to the duty officer: the answer is the walk-in as it ends here, not the new one there
    const referred = await as('mediator', 'intake.refer', { id: ids.mediation, route: 'duty', note: null });
    expect(referred.json).toMatchObject({ ok: true, result: { id: ids.mediation, status: 'referred' } });
    const board = await headCall('intake.board', { route: 'duty' });
    const handedOn = board.walkIns.find((w: { referredFromId: string | null }) => w.referredFromId === ids.mediation);
    expect(handedOn).toBeTruthy();
    expect((await as('mediator', 'intake.get', { id: handedOn.id })).json).toEqual({ ok: false, error: { code: 'NOT_FOUND', key: 'intake.notFound' } });
  });

  // ───── a grid worker and the front desk's visitors, the mediation cases ─────

  attack("a grid worker asks a task's link options for walk-ins, searching by a visitor's name", async () => {
    for (const q of [null, DUTY.visitorName, '钱']) {
      const r = await as('gridWorker', 'office.taskLinkOptions', { kind: 'walkIn', q });
      expect(r.json, String(q)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'office.task.linkKind' } });
    }
  });

  attack("a grid worker asks a task's link options for mediation cases, by case number or place", async () => {
    for (const q of [null, ids.caseNo, '幸福']) {
      const r = await as('gridWorker', 'office.taskLinkOptions', { kind: 'mediationCase', q });
      expect(r.json, String(q)).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'office.task.linkKind' } });
    }
    // residents are theirs to link: the options answer
    expect((await as('gridWorker', 'office.taskLinkOptions', { kind: 'resident', q: null })).json.ok).toBe(true);
  });

  attack("a grid worker links their task to a walk-in or a case by id (probing which ids exist)", async () => {
    for (const link of [
      { kind: 'walkIn', id: ids.duty },
      { kind: 'mediationCase', id: ids.caseId },
      { kind: 'walkIn', id: '0190a000-0000-7000-8000-000000000000' },
    ]) {
      const r = await as('gridWorker', 'office.taskComplete', { id: ids.gridTask, version: ids.gridTaskVersion, note: '已核查', link });
      expect(r.json, link.kind).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'office.task.linkKind' } });
    }
    expect(await headCall('office.taskList', { scope: 'all', status: 'open', limit: 200 })).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: ids.gridTask, status: 'open' })]),
    );
  });

  attack('a grid worker reads their own tasks the head linked to a walk-in and a case: no link, no name, no case number', async () => {
    for (const [method, input] of [
      ['office.taskList', { scope: 'mine', status: 'all', limit: 200 }],
      ['office.taskList', { scope: 'all', status: 'done', limit: 200 }],
      ['office.taskOverdue', {}],
    ] as const) {
      const r = await as('gridWorker', method, input);
      expect(r.json.ok, method).toBe(true);
      learnsNothing(r.body, true);
    }
    const mine = (await as('gridWorker', 'office.taskList', { scope: 'mine', status: 'done', limit: 200 })).json.result;
    expect(mine).toHaveLength(2);
    for (const t of mine) expect(t.evidenceLink).toBeNull();
    // the head, who linked them, still sees both links
    const heads = await headCall('office.taskList', { scope: 'all', status: 'done', limit: 200 });
    expect(heads.map((t: { evidenceLink: { label: string } | null }) => t.evidenceLink?.label).join(' ')).toContain(ids.caseNo);
  });

  attack('a grid worker reads every method it may call without input (the home screen among them): no visitor, no case', async () => {
    const reads = METHODS.filter((x) => x.kind === 'read' && x.access !== 'public' && holds('gridWorker', x.access) && x.name !== 'auth.lock');
    expect(reads.map((m) => m.name)).toEqual(expect.arrayContaining(['office.taskOverdue', 'station.get', 'roster.onDuty']));
    for (const m of reads) learnsNothing((await as('gridWorker', m.name, {})).body, true);
  });

  attack('a grid worker reads the board, a walk-in, the history or a case directly', async () => {
    for (const [method, input] of [
      ['intake.board', {}],
      ['intake.get', { id: ids.duty }],
      ['intake.search', { name: '钱' }],
      ['mediation.get', { id: ids.caseId }],
      ['mediation.queue', {}],
    ] as const) {
      expect((await as('gridWorker', method, input)).json, method).toEqual({ ok: false, error: { code: 'FORBIDDEN', key: 'role' } });
    }
  });
});
