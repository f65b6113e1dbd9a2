import { z } from 'zod';
import { defineMethod } from './method.js';

export const PAGE_SIZES = ['receipt80', 'A5', 'A4'] as const;
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
