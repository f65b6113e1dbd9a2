/** Where the recovery sheet prints: the app's routes name it before its page's code is loaded. */
export const RECOVERY_SHEET_PATH = '/print/recovery-sheet';
