import { pinyin } from 'pinyin-pro';

/**
 * The search keys of a name (surnames read as surnames: 单 shan, 曾 zeng): full pinyin without tones or spaces ("zhangsan") and initials ("zs").
 * Letters in the name (an English name, a Latin-script minority name) are kept as they are,
 * lower-cased; anything else is dropped.
 */
export const pinyinKeys = (name: string): { pinyin: string; initials: string } => {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', nonZh: 'spaced', v: true, surname: 'head' });
  const parts = syllables.map((s) => s.toLowerCase().replace(/[^a-z]/g, '')).filter(Boolean);
  return { pinyin: parts.join(''), initials: parts.map((p) => p[0]).join('') };
};
