/**
 * The app's own font stacks. antd's default list names fonts a police PC seldom has and ends in
 * emoji fonts, so on a Linux desktop with only Noto CJK and DejaVu the browser may fall through to
 * a font that sets Latin digits and spaces full-width. Each stack names, in order, what Windows,
 * UOS/Kylin and Debian have, and no emoji font.
 */
const LATIN = ["'Segoe UI'", 'Arial', "'DejaVu Sans'", "'Liberation Sans'"];
const CJK = ["'Microsoft YaHei'", "'PingFang SC'", "'Noto Sans CJK SC'", "'Source Han Sans SC'", "'WenQuanYi Micro Hei'"];

/** Chinese: the CJK font first, so its punctuation (“”、：) is full-width as Chinese expects. */
const ZH = [...CJK, ...LATIN, 'sans-serif'].join(', ');
/** English: a Latin font first, so digits, spaces and quotes are Latin; CJK names still render. */
const EN = [...LATIN, ...CJK, 'sans-serif'].join(', ');

export const fontFamily = (language: string): string => (language === 'en' ? EN : ZH);
