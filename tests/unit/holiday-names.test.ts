import i18next from 'i18next';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { build } from '../../src/renderer/app/resources.js';
import { holidayName } from '../../src/renderer/roster/holidayName.js';

const HOLIDAY_DIR = join(__dirname, '..', '..', 'resources', 'holidays');
/** Every holiday name in the calendars that ship with the app. */
const shipped = [
  ...new Set(
    readdirSync(HOLIDAY_DIR)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => (JSON.parse(readFileSync(join(HOLIDAY_DIR, f), 'utf8')) as { days: { name: string }[] }).days.map((d) => d.name)),
  ),
];

const reader = async (lng: 'zh' | 'en') => {
  const i = i18next.createInstance();
  await i.init({ lng, resources: { [lng]: { translation: await build(lng) } }, interpolation: { escapeValue: false } });
  return i.t.bind(i);
};

describe('the holidays that ship with the app are named in both languages', () => {
  it('every shipped name has English words, and reads as itself in Chinese', async () => {
    const [zh, en] = [await reader('zh'), await reader('en')];
    expect(shipped.length).toBeGreaterThan(5);
    for (const name of shipped) {
      expect(holidayName(zh, name)).toBe(name);
      expect(holidayName(en, name), name).not.toMatch(/[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/);
    }
    expect(holidayName(en, '春节')).toBe('Spring Festival');
    expect(holidayName(en, '国庆节调休')).toBe('National Day make-up working day');
  });

  it('a name the station typed itself stays as typed', async () => {
    expect(holidayName(await reader('en'), '社区运动会')).toBe('社区运动会');
  });
});
