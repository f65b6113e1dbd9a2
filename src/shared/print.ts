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

/** This PC's printer for slips and notices; kept by the desktop shell, not synced. */
export interface PrinterChoice {
  /** null: the system's default printer */
  printerName: string | null;
  /** print without the system dialog */
  silent: boolean;
}

export const shellPrinters = defineMethod<{
  printers: { name: string; displayName: string; isDefault: boolean }[];
  choice: PrinterChoice;
}>()({
  name: 'shell.printers',
  input: z.strictObject({}),
  access: 'anyRole',
  kind: 'read',
});

export const shellSetPrinter = defineMethod<PrinterChoice>()({
  name: 'shell.setPrinter',
  input: z.strictObject({ printerName: z.string().trim().min(1).max(200).nullable(), silent: z.boolean() }),
  access: 'station.configure',
  kind: 'write',
});

/** The methods only the desktop shell answers (browser mode has the browser's own print dialog). */
export const SHELL_METHODS = [shellPrint, shellPrinters, shellSetPrinter] as const;
