import type ExcelJS from 'exceljs';

/**
 * The spreadsheet library, loaded on the first import or export rather than at start: it takes
 * over a second to load, and most sessions never touch a spreadsheet.
 */
export const loadExcel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;
