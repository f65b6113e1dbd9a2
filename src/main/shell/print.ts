import { dialog, type BrowserWindow } from 'electron';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app } from 'electron';
import type { Core } from '../core.js';
import { shellPrint } from '../../shared/print.js';
import { toFieldErrors } from '../../shared/fields.js';
import type { PageSize } from '../../shared/print.js';

/** Printer choice of this PC (not synced): which printer, and whether to print without a dialog. */
interface PrinterSettings {
  printerName?: string;
  silent?: boolean;
}

const readPrinterSettings = async (): Promise<PrinterSettings> => {
  try {
    return JSON.parse(await readFile(join(app.getPath('userData'), 'printer.json'), 'utf8')) as PrinterSettings;
  } catch {
    return {};
  }
};

const PDF_PAGE: Record<PageSize, Electron.PrintToPDFOptions['pageSize']> = {
  receipt80: { width: 80 / 25.4, height: 200 / 25.4 },
  A5: 'A5',
  A4: 'A4',
};

/**
 * Prints a print route of the renderer in a hidden window of the same origin, logged in with the
 * caller's session: to the chosen printer (silently when configured) or to a PDF file.
 */
export const printRoute = async (
  core: Core,
  input: unknown,
  meta: { token?: string },
  { origin, createWindow }: { origin: string; createWindow: () => BrowserWindow },
) => {
  const parsed = shellPrint.input.safeParse(input);
  if (!parsed.success) {
    const fields = toFieldErrors(parsed.error);
    return { ok: false, error: { code: 'VALIDATION', key: fields[0]?.key ?? 'invalid', field: fields[0]?.field, fields } };
  }
  // the caller must hold a valid session: the same check as any read
  const me = await core.call('auth.me', {}, meta);
  if (!me.ok) return me;
  const { path, pageSize, to } = parsed.data;
  const win = createWindow();
  try {
    await win.loadURL(`${origin}/index.html`);
    await win.webContents.executeJavaScript(`sessionStorage.setItem('station-desk.token', ${JSON.stringify(meta.token ?? '')})`);
    await win.loadURL(`${origin}/index.html#${path}`);
    // wait until the print view has its data on the page
    for (let i = 0; i < 100; i++) {
      if (await win.webContents.executeJavaScript(`!!document.querySelector('[data-print-ready="true"]')`)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    if (to === 'pdf') {
      const pdf = await win.webContents.printToPDF({ pageSize: PDF_PAGE[pageSize], printBackground: true, preferCSSPageSize: true });
      const { canceled, filePath } = await dialog.showSaveDialog({ defaultPath: `station-desk-${Date.now()}.pdf`, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (canceled || !filePath) return { ok: true, result: { ok: true } };
      await writeFile(filePath, pdf);
      return { ok: true, result: { ok: true, savedTo: filePath } };
    }
    const settings = await readPrinterSettings();
    await new Promise<void>((resolve, reject) =>
      win.webContents.print({ silent: settings.silent === true, deviceName: settings.printerName, printBackground: true }, (success, reason) =>
        success || reason === 'cancelled' ? resolve() : reject(new Error(reason)),
      ),
    );
    return { ok: true, result: { ok: true } };
  } catch (err) {
    core.logger.error({ err }, 'print failed');
    return { ok: false, error: { code: 'INTERNAL', key: 'printFailed' } };
  } finally {
    win.destroy();
  }
};
