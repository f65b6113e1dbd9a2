import { app, dialog, type BrowserWindow, type WebContents } from 'electron';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Me } from '../../shared/auth/contract.js';
import type { AppErrorJson } from '../../shared/errors.js';
import { toFieldErrors } from '../../shared/fields.js';
import type { MethodDef } from '../../shared/method.js';
import {
  SHELL_METHODS,
  shellPrint,
  shellPrinters,
  shellSetPrinter,
  shellTestPrint,
  type PageSize,
  type PrinterChoice,
} from '../../shared/print.js';
import { canCall } from '../../shared/roles.js';
import type { CallResult } from '../context.js';
import type { Core } from '../core.js';
import { parseChoice, printOptions, waitForPrintReady } from './policy.js';

const choiceFile = () => join(app.getPath('userData'), 'printer.json');

const readChoice = async (): Promise<PrinterChoice> => parseChoice(await readFile(choiceFile(), 'utf8').catch(() => null));

const PDF_PAGE: Record<PageSize, Electron.PrintToPDFOptions['pageSize']> = {
  receipt80: { width: 80 / 25.4, height: 200 / 25.4 },
  A5: 'A5',
  A4: 'A4',
  // the orientation comes from the view's @page rule (preferCSSPageSize)
  A4landscape: 'A4',
};

export interface ShellDeps {
  origin: string;
  /** a hidden window made with the app's secure options */
  createWindow: () => BrowserWindow;
  /** the window that asked, for the list of its printers */
  sender: WebContents;
}

const fail = (error: AppErrorJson): CallResult => ({ ok: false, error });

/** A print route that never became ready: printing it would give an empty or half-filled page. */
export class PrintNotReadyError extends Error {}

/**
 * Prints a print route of the renderer in a hidden window of the same origin, logged in with the
 * caller's session: to its kind's printer (silently when so configured) or to a PDF file.
 */
const print = async (input: { path: string; pageSize: PageSize; to: 'printer' | 'pdf' }, token: string | undefined, deps: ShellDeps) => {
  const win = deps.createWindow();
  try {
    await win.loadURL(`${deps.origin}/index.html`);
    await win.webContents.executeJavaScript(`sessionStorage.setItem('station-desk.token', ${JSON.stringify(token ?? '')})`);
    await win.loadURL(`${deps.origin}/index.html#${input.path}`);
    const ready = await waitForPrintReady(() => win.webContents.executeJavaScript(`!!document.querySelector('[data-print-ready="true"]')`));
    if (ready === 'timeout') throw new PrintNotReadyError(input.path);
    if (input.to === 'pdf') {
      const pdf = await win.webContents.printToPDF({ pageSize: PDF_PAGE[input.pageSize], printBackground: true, preferCSSPageSize: true });
      const { canceled, filePath } = await dialog.showSaveDialog({
        defaultPath: `station-desk-${Date.now()}.pdf`,
        filters: [{ name: 'PDF', extensions: ['pdf'] }],
      });
      if (canceled || !filePath) return { ok: true as const };
      await writeFile(filePath, pdf);
      return { ok: true as const, savedTo: filePath };
    }
    const options = printOptions(input.pageSize, await readChoice());
    await new Promise<void>((resolve, reject) =>
      win.webContents.print(options, (success, reason) => (success || reason === 'cancelled' ? resolve() : reject(new Error(reason)))),
    );
    return { ok: true as const };
  } finally {
    win.destroy();
  }
};

/**
 * The methods the shell answers itself. Like the core's router: validate the input with the
 * contract's schema, and check the caller's session and role before doing anything.
 */
export const answerShellMethod = async (
  core: Core,
  name: string,
  input: unknown,
  token: string | undefined,
  deps: ShellDeps,
): Promise<CallResult> => {
  const def: MethodDef | undefined = SHELL_METHODS.find((m) => m.name === name);
  if (!def) return fail({ code: 'NOT_FOUND', key: 'unknownMethod' });
  const me = await core.call('auth.me', {}, { token });
  if (!me.ok) return me;
  if ((me.result as Me).mustChangePassword) return fail({ code: 'FORBIDDEN', key: 'mustChangePassword' });
  if (!canCall(def.access, (me.result as Me).role)) return fail({ code: 'FORBIDDEN', key: 'role' });
  const parsed = def.input.safeParse(input ?? {});
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    return fail({ code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, fields });
  }
  try {
    if (def === shellPrint) return { ok: true, result: await print(parsed.data as (typeof shellPrint)['input']['_output'], token, deps) };
    if (def === shellPrinters) {
      const printers = await deps.sender.getPrintersAsync();
      return {
        ok: true,
        result: {
          printers: printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name, isDefault: Boolean((p as { isDefault?: boolean }).isDefault) })),
          choice: await readChoice(),
        },
      };
    }
    if (def === shellSetPrinter) {
      const { kind, printerName, silent } = parsed.data as (typeof shellSetPrinter)['input']['_output'];
      const choice: PrinterChoice = { ...(await readChoice()), [kind]: { printerName, silent: silent && printerName !== null } };
      await writeFile(choiceFile(), JSON.stringify(choice));
      core.logger.info({ staff: (me.result as Me).staffId, choice }, 'printer chosen');
      return { ok: true, result: choice };
    }
    if (def === shellTestPrint) {
      const { kind } = parsed.data as (typeof shellTestPrint)['input']['_output'];
      await print({ path: `/print/test/${kind}`, pageSize: kind === 'receipt' ? 'receipt80' : 'A4', to: 'printer' }, token, deps);
      return { ok: true, result: { ok: true } };
    }
    return fail({ code: 'NOT_FOUND', key: 'unknownMethod' });
  } catch (err) {
    if (err instanceof PrintNotReadyError) return fail({ code: 'INTERNAL', key: 'printNotReady' });
    core.logger.error({ err, method: name }, 'shell method failed');
    return fail({ code: 'INTERNAL', key: name === 'shell.print' || name === 'shell.testPrint' ? 'printFailed' : 'internal', params: { incident: 'shell' } });
  }
};
