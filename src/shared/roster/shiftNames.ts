/**
 * The shifts the app ships with (白班, 夜班) are named in Chinese in the stored settings and in the
 * shift logs opened from the roster, which are synced history: the stored name stays, and is the
 * key of its English twin. A name the head typed is theirs and shows as typed in every language.
 */
export const DEFAULT_SHIFT_NAMES = {
  D: { zh: '白班', en: 'Day shift' },
  N: { zh: '夜班', en: 'Night shift' },
} as const;

const ENGLISH_OF: Record<string, string> = Object.fromEntries(Object.values(DEFAULT_SHIFT_NAMES).map((n) => [n.zh, n.en]));

const CHINESE_OF: Record<string, string> = Object.fromEntries(Object.values(DEFAULT_SHIFT_NAMES).map((n) => [n.en.toLowerCase(), n.zh]));

/**
 * A shift's name as it is stored: a default one as shown in English (an input pre-filled with "Day
 * shift" and left so) is stored as its Chinese name, so every reader sees it in their language;
 * any other name as typed.
 */
export const storedShiftName = (name: string): string => CHINESE_OF[name.trim().toLowerCase()] ?? name;

/** A shift's name as the reader sees it: a default one in the reader's language (`lang` starting with "en": English), any other as stored. */
export const displayShiftName = (name: string, lang: string): string => (lang.startsWith('en') ? (ENGLISH_OF[name] ?? name) : name);
