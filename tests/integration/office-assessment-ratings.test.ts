/**
 * Visitors' ratings (好差评) in the double-hundred assessment, by the rule the head sets: off until
 * set; points per satisfied rating and per poor one of the walk-ins a person served, each way at
 * most the cap, on the community side, shown with the rule as their source. The rule is validated
 * in the core, kept in its own synced table and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WalkIn } from '../../src/shared/intake/contract.js';
import type { Assessment, AssessmentRules, PersonScore } from '../../src/shared/office/assessment.js';
import { addStaff, ok, setUpStation, sql, walkIn, type TestStaff, type TestStation } from '../helpers/station.js';

describe('ratings in the community score, by the head’s rule', () => {
  let st: TestStation;
  let officer: TestStaff;
  let aux: TestStaff;
  const call = (method: string, input: unknown, token = st.token) => st.core.call(method, input, { token });
  const scoreOf = async (name: string, token = st.token): Promise<PersonScore> =>
    (await ok<Assessment>(call('office.assessment', { period: '2026-11' }, token))).people.find((p) => p.name === name)!;
  /** a walk-in the person served to the end, rated by the visitor at the desk's rating screen */
  const servedAndRated = async (by: TestStaff, level: string) => {
    const w = await ok<WalkIn>(call('intake.register', walkIn({ visitorName: '评价人', route: 'office', purpose: 'certificate' })));
    await ok(call('intake.setStatus', { id: w.id, status: 'serving' }, by.token));
    await ok(call('intake.setStatus', { id: w.id, status: 'done' }, by.token));
    const poor = level === 'dissatisfied' || level === 'veryDissatisfied';
    await ok(call('intake.rate', { walkInId: w.id, level, reasons: poor ? ['longWait'] : [] }));
  };
  const rule = { on: true, pointsPerSatisfied: 0.5, pointsPerPoor: 2, cap: 3 };

  beforeAll(async () => {
    st = await setUpStation({ now: '2026-11-28T02:00:00Z' });
    officer = await addStaff(st, 'officer', '李警官');
    aux = await addStaff(st, 'auxiliary', '赵辅警');
    for (const level of ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied']) await servedAndRated(officer, level);
    await servedAndRated(aux, 'satisfied');
  });
  afterAll(() => st.close());

  it('counts no rating until the head sets the rule', async () => {
    const rules = await ok<AssessmentRules>(call('office.assessmentRules', {}));
    expect(rules).toMatchObject({ version: 0, rating: { on: false }, setBy: null });
    const li = await scoreOf('李警官');
    expect(li.community).toMatchObject({ score: 100 });
    expect(li.community.lines.filter((l) => l.source === 'rule')).toEqual([]);
  });

  it('refuses a rule that is not one, and anyone but the head', async () => {
    const bad = [
      [{ pointsPerSatisfied: 0, pointsPerPoor: 0 }, 'office.assessment.ruleNoPoints', 'rating.pointsPerPoor'],
      [{ cap: 0 }, 'office.assessment.ruleNoCap', 'rating.cap'],
      [{ pointsPerPoor: 11 }, 'office.assessment.ratingPointsTooMany', 'rating.pointsPerPoor'],
      [{ pointsPerSatisfied: -1 }, 'office.assessment.pointsNegative', 'rating.pointsPerSatisfied'],
      [{ pointsPerSatisfied: 0.3 }, 'office.assessment.pointsHalf', 'rating.pointsPerSatisfied'],
      [{ cap: 101 }, 'office.assessment.pointsTooMany', 'rating.cap'],
      [{ on: 'yes' }, 'invalidType', 'rating.on'],
    ] as const;
    for (const [over, key, field] of bad) {
      expect(await call('office.assessmentRulesSave', { version: 0, rating: { ...rule, ...over } }), key).toMatchObject({ ok: false, error: { code: 'VALIDATION', key, field } });
    }
    expect(await call('office.assessmentRulesSave', { version: 0, rating: rule }, officer.token)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a rule that is off need not move anything
    expect(await ok<AssessmentRules>(call('office.assessmentRulesSave', { version: 0, rating: { ...rule, on: false, pointsPerPoor: 0, pointsPerSatisfied: 0, cap: 0 } }))).toMatchObject({ version: 1 });
    // saved over a version read before: refused
    expect(await call('office.assessmentRulesSave', { version: 0, rating: rule })).toMatchObject({ ok: false, error: { code: 'CONFLICT', key: 'staleVersion' } });
  });

  it('adds per satisfied rating and deducts per poor one, each at most the cap, with the rule as the source', async () => {
    const saved = await ok<AssessmentRules>(call('office.assessmentRulesSave', { version: 1, rating: rule }));
    expect(saved).toMatchObject({ version: 2, rating: rule, setBy: '王所长', setAt: '2026-11-28T02:00:00.000Z' });

    const a = await ok<Assessment>(call('office.assessment', { period: '2026-11' }));
    expect(a.rules).toMatchObject({ rating: rule, setBy: '王所长' });
    const li = a.people.find((p) => p.name === '李警官')!;
    // three satisfied (非常满意, 满意, 基本满意): +1.5; two poor: 4 points, capped at 3
    expect(li.community.lines.find((l) => l.key === 'ratingSatisfied')).toMatchObject({ source: 'rule', count: 3, pointsEach: 0.5, points: 1.5, capped: false, recordedBy: '王所长' });
    expect(li.community.lines.find((l) => l.key === 'ratingPoor')).toMatchObject({ source: 'rule', count: 2, pointsEach: 2, points: -3, capped: true });
    expect(li.community.score).toBe(98.5);
    // the police side is not touched
    expect(li.police.lines.some((l) => l.source === 'rule')).toBe(false);
    // a satisfied rating alone cannot lift the side above its 100
    expect((await scoreOf('赵辅警')).community).toMatchObject({ score: 100 });
    // the person sees their own lines too
    expect((await scoreOf('李警官', officer.token)).community.score).toBe(98.5);

    const [entry] = await sql<{ detail: string }>(st, `SELECT "detail" FROM "audit_log" WHERE "method" = 'office.assessmentRulesSave' ORDER BY "at" DESC, "id" DESC LIMIT 1`);
    expect(JSON.parse(entry.detail)).toEqual({ kind: 'ratingRule', plus: 0.5, minus: 2, cap: 3 });
    const outbox = await sql<{ op: string; payload: string }>(st, `SELECT "op", "payload" FROM "sync_outbox" WHERE "tableName" = 'office_assessment_rule' ORDER BY "seq"`);
    expect(outbox.map((o) => o.op)).toEqual(['insert', 'update']);
    expect(JSON.parse(outbox[1].payload)).toMatchObject({ ratingOn: 1, ratingPointsSatisfied: 0.5, ratingPointsPoor: 2, ratingCap: 3, version: 2 });
  });

  it('counts ratings no more once the head turns the rule off', async () => {
    await ok(call('office.assessmentRulesSave', { version: 2, rating: { ...rule, on: false } }));
    const li = await scoreOf('李警官');
    expect(li.community.score).toBe(100);
    expect(li.community.lines.filter((l) => l.source === 'rule')).toEqual([]);
  });
});
