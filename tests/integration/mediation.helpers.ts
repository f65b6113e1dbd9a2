/** Builders shared by the mediation integration tests: a case in any state in a few calls. */
import type { MediationCase, Mediator } from '../../src/shared/mediation/contract.js';
import { HEAD, STAFF_PASSWORD, ok, residentId, type TestStaff, type TestStation } from '../helpers/station.js';

export const LI_ID = residentId('22070219800101123');
export const WANG_ID = residentId('22070219750505234');
export const ZHAO_ID = residentId('22070219900909345');

export const party = (over: Record<string, unknown> = {}) => ({
  name: '李明',
  idType: 'resident',
  idNumber: LI_ID,
  phone: '13600000001',
  address: '繁荣小区3栋2单元501',
  role: 'applicant',
  ...over,
});

/** A direct case with an applicant and a respondent; override what the test is about. */
export const directCase = (over: Record<string, unknown> = {}) => ({
  source: 'direct',
  type: 'neighbour',
  place: '繁荣小区3栋',
  facts: '楼上漏水，双方为赔偿争执。',
  parties: [party(), party({ name: '王强', idNumber: WANG_ID, phone: '13600000002', address: '繁荣小区3栋2单元601', role: 'respondent' })],
  ...over,
});

let serial = 0;
/** A valid resident ID number no other test case has: a birth date one day later each time. */
export const freshId = (): string => {
  serial += 1;
  const birth = new Date(Date.UTC(1960, 0, 1) + serial * 86_400_000).toISOString().slice(0, 10).replace(/-/g, '');
  return residentId(`220702${birth}123`);
};

/**
 * An applicant and a respondent no other case has: cases made by the builders below do not count
 * as repeated disputes of one another unless a test gives them the same people.
 */
export const freshParties = () => [
  party({ idNumber: freshId() }),
  party({ name: '王强', idNumber: freshId(), phone: '13600000002', address: '繁荣小区3栋2单元601', role: 'respondent' }),
];

export const caseApi = (st: TestStation, token?: string) => {
  // the head's token is read at each call: travel() logs in again when a day has passed
  const call = (method: string, input: unknown, as = token ?? st.token) => st.core.call(method, input, { token: as });
  const act = (method: string, c: { id: string; version: number }, extra: Record<string, unknown> = {}, as = token ?? st.token) =>
    ok<MediationCase>(call(method, { id: c.id, version: c.version, ...extra }, as));
  let mediator: Mediator | undefined;
  /** one station mediator, made on first use */
  const poolMediator = async () => {
    mediator ??= await ok<Mediator>(call('mediation.poolCreate', { name: '陈调解', specialties: ['neighbour', 'family'], organisation: '繁荣社区人民调解委员会' }));
    return mediator;
  };

  const open = (over: Record<string, unknown> = {}) => ok<MediationCase>(call('mediation.openCase', directCase({ parties: freshParties(), ...over })));
  const accepted = async (over: Record<string, unknown> = {}) => act('mediation.accept', await open(over));
  const assigned = async (over: Record<string, unknown> = {}) =>
    act('mediation.assign', await accepted(over), { mediatorIds: [(await poolMediator()).id] });
  const session = (c: MediationCase, extra: Record<string, unknown> = {}) =>
    act('mediation.addSession', c, { heldAt: c.clocks.acceptedAt, place: '调解室', minutes: '双方陈述意见。', ...extra });
  const mediating = async (over: Record<string, unknown> = {}) => session(await assigned(over));
  const agreed = async (over: Record<string, unknown> = {}) => act('mediation.recordAgreement', await mediating(over), { terms: '王强赔偿李明修缮费2000元。' });
  const failed = async (over: Record<string, unknown> = {}) => act('mediation.recordFailure', await mediating(over), { feedback: '双方分歧过大。' });
  const followedUp = async (over: Record<string, unknown> = {}) =>
    act('mediation.recordFollowUp', await agreed(over), { performance: 'full', notes: '已履行。' });
  const declined = async (over: Record<string, unknown> = {}) => act('mediation.decline', await open(over), { reason: '被申请人不同意调解' });
  const archived = async (over: Record<string, unknown> = {}) => act('mediation.archive', await followedUp(over));
  const cancelled = async (over: Record<string, unknown> = {}) => act('mediation.cancel', await open(over), { reason: '重复登记' });

  /** A case in the given state, made the way a user would make it. */
  const inState: Record<string, (over?: Record<string, unknown>) => Promise<MediationCase>> = {
    registered: open,
    accepted,
    declined,
    mediating,
    agreed,
    failed,
    followedUp,
    archived,
    cancelled,
  };
  return { call, act, poolMediator, open, accepted, assigned, session, mediating, agreed, failed, followedUp, declined, archived, cancelled, inState };
};

/**
 * Moves the core's clock and logs the head (and the staff given) in again, as people do at the
 * start of a shift: the sessions of the day before have locked or ended meanwhile.
 */
export const travel = async (st: TestStation, iso: string, ...staff: TestStaff[]) => {
  st.setNow(iso);
  st.token = (await ok<{ token: string }>(st.core.call('auth.login', { username: HEAD.username, password: HEAD.password }))).token;
  for (const s of staff) {
    s.token = (await ok<{ token: string }>(st.core.call('auth.login', { username: s.username, password: STAFF_PASSWORD }))).token;
  }
};
