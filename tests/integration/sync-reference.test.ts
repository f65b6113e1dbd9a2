import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediationCase, MediationSettings } from '../../src/shared/mediation/contract.js';
import { DEFAULT_RISK_RULES, type RiskRules } from '../../src/shared/mediation/risk.js';
import { enrol, newStore, startHq, type HqStore, type TestHq } from '../helpers/hq.js';
import { ok, setUpStation, type TestStation } from '../helpers/station.js';
import { caseApi } from './mediation.helpers.js';

const withThreats = (weight: number, over: Partial<RiskRules> = {}): RiskRules => ({
  ...DEFAULT_RISK_RULES,
  threats: { ...DEFAULT_RISK_RULES.threats, weight },
  ...over,
});

describe('risk-warning rules pushed by HQ', () => {
  let store: HqStore;
  let hq: TestHq;
  let st: TestStation;
  let admin: string;

  beforeAll(async () => {
    store = await newStore('sqlite');
    hq = await startHq(store);
    st = await setUpStation();
    await enrol(st, hq);
    await hq.service.addUser('admin', 'Admin-2026-hq', 'admin');
    const res = await fetch(`${hq.url}/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'Admin-2026-hq' }),
    });
    admin = (await res.json()).token;
  });
  afterAll(async () => {
    await st?.close();
    await hq?.close();
    await store?.drop();
  });

  const publish = (payload: unknown) =>
    fetch(`${hq.url}/api/reference/riskRules`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ payload }),
    });
  const settings = () => ok<MediationSettings>(st.core.call('mediation.settingsGet', {}, { token: st.token }));
  const caseNow = (id: string) => ok<MediationCase>(st.core.call('mediation.get', { id }, { token: st.token }));

  it('a rule set HQ publishes replaces the station’s and re-scores open cases; a head’s later edit stays until HQ publishes again', async () => {
    const c = await caseApi(st).open({ facts: '对方扬言要报复，双方为漏水赔偿争执。' });
    expect(c.risk).toMatchObject({ score: 35, level: 'medium' });

    expect((await publish(withThreats(70))).status).toBe(200);
    await st.core.sync.round();
    expect((await settings()).riskRules.threats.weight).toBe(70);
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 70, level: 'high' });

    // the head tunes it here; the next rounds bring nothing new, so the edit stands
    const mine = await settings();
    await ok(st.core.call('mediation.settingsUpdate', { version: mine.version, startLimitHours: 48, riskRules: withThreats(20) }, { token: st.token }));
    await st.core.sync.round();
    await st.core.sync.round();
    expect(await settings()).toMatchObject({ startLimitHours: 48, riskRules: { threats: { weight: 20 } } });
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 20, level: 'low' });

    // HQ publishes a new version: it wins again; the start limit stays the station's
    expect((await publish(withThreats(40, { mediumThreshold: 20, highThreshold: 40 }))).status).toBe(200);
    await st.core.sync.round();
    expect(await settings()).toMatchObject({ startLimitHours: 48, riskRules: { mediumThreshold: 20, highThreshold: 40, threats: { weight: 40 } } });
    expect((await caseNow(c.id)).risk).toMatchObject({ score: 40, level: 'high' });
  });

  it('HQ refuses a rule set the station’s own form would refuse, and a station refuses one that reaches it anyway', async () => {
    const bad = withThreats(30, { mediumThreshold: 70, highThreshold: 60 });
    const res = await publish(bad);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid', field: 'highThreshold', reason: 'mediation.risk.thresholds' });

    // published past the API (an older HQ, a hand-edited database): the station checks it the same way
    const before = await settings();
    await hq.service.publish('riskRules', undefined, { ...bad }, 'test');
    await hq.service.publish('riskRules', undefined, { ...DEFAULT_RISK_RULES, threats: { enabled: true, weight: 500, keywords: [] } }, 'test');
    await st.core.sync.round();
    expect(await settings()).toEqual(before);
  });
});
