import type { TFunction } from 'i18next';
import type { ErrorKey, ErrorParams } from '../../shared/errors.js';

/** Names in one line, joined the reader's way: 王强、李明 in Chinese, Wang Qiang, Li Ming in English. */
export const listText = (t: TFunction, items: readonly string[]): string => items.join(t('app.listSeparator'));

/** A message's values as the catalog interpolates them: a list (people's names) joined the reader's way. */
export const messageParams = (t: TFunction, params: ErrorParams | undefined): Record<string, string | number> =>
  Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, Array.isArray(v) ? listText(t, v) : v]));

/** The sentence of an error key with its values, in the reader's language. */
export const errorMessage = (t: TFunction, error: { key: ErrorKey; params?: ErrorParams }): string =>
  t(`errors.${error.key}`, { ...messageParams(t, error.params), defaultValue: t('errors.invalid') });
