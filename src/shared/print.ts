import { z } from 'zod';
import { defineMethod } from './method.js';

/** `A4landscape`: wall charts (the month's duty roster) that need the page's width. */
export const PAGE_SIZES = ['receipt80', 'A5', 'A4', 'A4landscape'] as const;
export type PageSize = (typeof PAGE_SIZES)[number];

/**
 * Printing is done by the desktop shell, not the core: it loads a print route of the renderer in
 * a hidden window and prints it (or saves a PDF). In browser mode the browser's print is used.
 */
export const shellPrint = defineMethod<{ ok: true; savedTo?: string }>()({
  name: 'shell.print',
  input: z.strictObject({
    /** a print route of the renderer, e.g. /print/slip/<id>?size=receipt80 */
    path: z.string().regex(/^\/print\/[A-Za-z0-9/_?=&.-]+$/, { message: 'invalid' }).max(200),
    pageSize: z.enum(PAGE_SIZES),
    to: z.enum(['printer', 'pdf']),
  }),
  access: 'anyRole',
  kind: 'read',
});

/** The kinds of document a front desk prints, each on its own printer of this PC. */
export const DOCUMENT_KINDS = ['receipt', 'a4'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** Queue slips go to the 80 mm receipt printer; notices, agreements and rosters to the A4 printer. */
export const documentKind = (pageSize: PageSize): DocumentKind => (pageSize === 'receipt80' ? 'receipt' : 'a4');

/** One kind's printer; kept by the desktop shell on this PC, not synced. */
export interface PrinterSetting {
  /** null: the system's default printer, asked through the print dialog */
  printerName: string | null;
  /** print without the system dialog (only when a printer is chosen) */
  silent: boolean;
}

export type PrinterChoice = Record<DocumentKind, PrinterSetting>;

export const NO_PRINTER: PrinterSetting = { printerName: null, silent: false };

/** A printer installed on this PC, as the system names it. */
export interface PrinterInfo {
  name: string;
  displayName: string;
  isDefault: boolean;
}

export const shellPrinters = defineMethod<{
  printers: PrinterInfo[];
  choice: PrinterChoice;
}>()({
  name: 'shell.printers',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

const kindInput = z.enum(DOCUMENT_KINDS, { message: 'invalid' });

export const shellSetPrinter = defineMethod<PrinterChoice>()({
  name: 'shell.setPrinter',
  input: z.strictObject({ kind: kindInput, printerName: z.string().trim().min(1).max(200).nullable(), silent: z.boolean() }),
  access: 'printers.choose',
  kind: 'write',
});

/** A test page on one kind's printer, as its documents will print (silent or not). */
export const shellTestPrint = defineMethod<{ ok: true }>()({
  name: 'shell.testPrint',
  input: z.strictObject({ kind: kindInput }),
  access: 'printers.choose',
  kind: 'read',
});

/** The methods only the desktop shell answers (browser mode has the browser's own print dialog). */
export const SHELL_METHODS = [shellPrint, shellPrinters, shellSetPrinter, shellTestPrint] as const;
