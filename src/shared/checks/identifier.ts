/**
 * What people type into an identifier with a Chinese input method: full-width digits and letters
 * (１２３, Ｘ) and the ideographic space. Every zone's ID-number and phone inputs pass through here,
 * so a number typed in full width is accepted and stored half-width wherever it is typed.
 */

/** Full-width ASCII forms (！ to ～) become their half-width letters; the rest is left alone. */
export const halfWidth = (raw: string): string =>
  raw.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

/**
 * An identifier as stored: half-width, spaces (also the ideographic one) and dashes gone, letters
 * capital. Normalised, not rejected.
 */
export const normaliseIdentifier = (raw: string): string =>
  halfWidth(raw)
    .replace(/[\s\u3000-]/g, '')
    .toUpperCase();
