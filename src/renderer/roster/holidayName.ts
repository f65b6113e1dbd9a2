import type { TFunction } from 'i18next';

/**
 * The public holidays' names as the State Council's calendar gives them (the holiday files that
 * ship with the app, and HQ's), each with its key in the roster catalog; a make-up working day is
 * the holiday's name with 调休.
 */
const HOLIDAYS = {
  元旦: 'newYear',
  春节: 'springFestival',
  清明节: 'qingming',
  劳动节: 'labourDay',
  端午节: 'dragonBoat',
  中秋节: 'midAutumn',
  国庆节: 'nationalDay',
} as const;

const MAKE_UP = '调休';

/** A holiday's name in the reader's language; a name the station typed itself stays as typed. */
export const holidayName = (t: TFunction, name: string): string => {
  const makeUp = name.endsWith(MAKE_UP);
  const key = HOLIDAYS[(makeUp ? name.slice(0, -MAKE_UP.length) : name) as keyof typeof HOLIDAYS];
  if (!key) return name;
  const holiday = t(`roster.settings.holidayNames.${key}`);
  return makeUp ? t('roster.settings.holidayNames.makeUp', { holiday }) : holiday;
};
