import { homedir } from 'node:os';
import { join } from 'node:path';

/** The product name: Electron's userData folder is named after it, and browser mode uses the same. */
export const PRODUCT_NAME = 'Station Desk';

/** Where Electron keeps userData on this OS; browser mode defaults to the same folder. */
export const defaultDataDir = (): string => {
  const home = homedir();
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (process.platform === 'darwin') return join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return join(process.env.XDG_CONFIG_HOME ?? join(home, '.config'), PRODUCT_NAME);
};
