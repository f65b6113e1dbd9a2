import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { build } from '../../src/renderer/app/resources.js';
import { errorMessage, listText, messageParams } from '../../src/renderer/app/messages.js';
import { en as hqEn, listOf, zh as hqZh } from '../../src/hq/web/strings.js';

/**
 * The core sends a list of names as a list; each language joins it its own way when it words the
 * message: 、 in Chinese, ", " in English.
 */
const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
const reader = async (lng: 'zh' | 'en') => {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: await build(lng) } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
};

describe('a list of names in a message', () => {
  it('is joined with 、 in Chinese and with commas in English', async () => {
    expect(listText(await reader('zh'), ['李明', '王强'])).toBe('李明、王强');
    expect(listText(await reader('en'), ['Li Ming', 'Wang Qiang'])).toBe('Li Ming, Wang Qiang');
  });

  it('words a refusal whose names come as a list: who has not consented to an extension', async () => {
    const refusal = (names: string[]) => ({ key: 'mediation.consentsMissing' as const, params: { names } });
    expect(errorMessage(await reader('zh'), refusal(['李明', '王强']))).toBe('延长期限须经双方当事人同意，尚缺：李明、王强');
    const en = errorMessage(await reader('en'), refusal(['Li Ming', 'Wang Qiang']));
    expect(en).toBe('Extending needs the consent of both sides; missing: Li Ming, Wang Qiang');
    expect(en).not.toMatch(CJK);
  });

  it('words why no roster exists with who is short as a list, and leaves other values as they are', async () => {
    const params = { date: '2026-12-01', shiftName: 'Day shift', qualification: 'auxiliary', short: 1, min: 2, names: ['Zhao Lei', 'Qian Fang'] };
    expect(messageParams(await reader('en'), params)).toEqual({ ...params, names: 'Zhao Lei, Qian Fang' });
    const en = await reader('en');
    const text = en('errors.roster.explain.coverUnmet', messageParams(en, params));
    expect(text).toContain('Zhao Lei, Qian Fang are off that day');
    expect(text).not.toMatch(CJK);
    const zh = await reader('zh');
    expect(zh('errors.roster.explain.coverUnmet', messageParams(zh, { ...params, names: ['赵磊', '钱芳'] }))).toContain('赵磊、钱芳 当天休息');
  });
});

describe('a list on the HQ overview', () => {
  it('joins a mediator’s specialties the reader’s way', () => {
    const specialties = (s: typeof hqZh) => listOf(s, ['family', 'neighbour'].map((t) => s.disputeTypes[t]));
    expect(specialties(hqZh)).toBe(`${hqZh.disputeTypes.family}、${hqZh.disputeTypes.neighbour}`);
    expect(specialties(hqEn)).toBe(`${hqEn.disputeTypes.family}, ${hqEn.disputeTypes.neighbour}`);
    expect(specialties(hqEn)).not.toMatch(CJK);
  });
});
