import i18next from 'i18next';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/shared/audit/contract.js';
import { build } from '../../src/renderer/app/resources.js';
import { detailText } from '../../src/renderer/audit/details.js';
import { ok, setUpStation, walkIn, type TestStation } from '../helpers/station.js';

/**
 * The core writes what a call did as a kind with its values, never a sentence: read back by the
 * audit screen, each reads in English without Chinese but what the user typed.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;

describe('audit details from the hall, patrol, pairing and retention', () => {
  let st: TestStation;
  const call = <T = unknown>(method: string, input: unknown) => ok<T>(st.core.call(method, input, { token: st.token }));

  beforeAll(async () => {
    st = await setUpStation();
    await call('intake.register', walkIn({ visitorName: 'Li Lei', route: 'mediation' }));
    await call('intake.call', { route: 'mediation' });
    await call('patrol.rulesSave', { version: 0, perHour: 12, perPatrol: 5, perFinding: 8 });
    await call('pairing.start', { name: 'Hall screen', mode: 'display' });
    await call('retention.settingsSave', { periods: { walkIns: 400, appointments: null } });
  });
  afterAll(() => st.close());

  it('are kinds with values, worded in the reader’s language', async () => {
    const { entries } = await call<{ entries: AuditEntry[] }>('audit.list', {});
    const t = i18next.createInstance();
    await t.init({ lng: 'en', resources: { en: { translation: await build('en') } }, interpolation: { escapeValue: false } });
    const methods = ['intake.call', 'patrol.rulesSave', 'pairing.start', 'retention.settingsSave'];
    const mine = entries.filter((e) => methods.includes(e.method));
    expect(mine.map((e) => e.method).sort()).toEqual([...methods].sort());
    for (const e of mine) {
      expect(typeof e.detail, e.method).toBe('object');
      const text = detailText(t.t.bind(t), e.detail)!;
      expect(CJK.test(text), `${e.method}: ${text}`).toBe(false);
    }
    const textOf = (method: string) => detailText(t.t.bind(t), mine.find((e) => e.method === method)!.detail);
    expect(textOf('intake.call')).toBe('Called M-001');
    expect(textOf('patrol.rulesSave')).toBe('Points rules: 12 an hour, 5 a patrol, 8 a finding');
    expect(textOf('pairing.start')).toBe('Pairing terminal “Hall screen” (Calling display only)');
    expect(textOf('retention.settingsSave')).toMatch(/: 400 days; .*: kept for ever$/);
  });
});
