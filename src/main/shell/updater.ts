/**
 * The thin Electron side of updates: electron-updater with the `generic` provider on HQ's feed,
 * driven by the decisions in updatePolicy.ts. Runs in the packaged app only (a development run
 * has no installer to replace).
 */
import { app, dialog } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { Core } from '../core.js';
import { CONSENT_BUTTONS, consentPrompt, feedHeaders, feedOf, installPlan, nextCheckIn, withinRollout, type CheckOutcome, type UpdateSettings } from './updatePolicy.js';

const readSettings = async (core: Core): Promise<UpdateSettings> => {
  const [s] = await core.exclusive(() => core.dataSource.query(`SELECT "hqUrl", "hqKey", "secret", "enabled" FROM "sync_state" WHERE "id" = 1`));
  const [station] = await core.exclusive(() => core.dataSource.query(`SELECT "id" FROM "station" LIMIT 1`));
  return { hqUrl: s?.hqUrl ?? null, hqKey: s?.hqKey ?? null, secret: s?.secret ?? null, enabled: Boolean(s?.enabled), stationId: station?.id ?? null };
};

export const startUpdater = (core: Core): void => {
  if (!app.isPackaged) return;
  autoUpdater.autoDownload = true;
  // installed on quit only once the user has said so
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = null;
  let settings: UpdateSettings | undefined;
  autoUpdater.isUserWithinRollout = (info) => withinRollout(settings?.stationId ?? null, info.version, info.stagingPercentage);

  let timer: NodeJS.Timeout | undefined;
  const schedule = (outcome: CheckOutcome) => {
    const ms = nextCheckIn(outcome);
    if (timer) clearTimeout(timer);
    if (ms !== null) timer = setTimeout(() => void check(), ms);
  };
  const check = async () => {
    try {
      settings = await readSettings(core);
      const feed = feedOf(settings);
      if (!feed) return schedule('noFeed');
      autoUpdater.setFeedURL(feed);
      autoUpdater.requestHeaders = feedHeaders(settings);
      const result = await autoUpdater.checkForUpdates();
      schedule(result?.isUpdateAvailable ? 'downloading' : 'upToDate');
    } catch (err) {
      core.logger.warn({ err: { message: (err as Error).message } }, 'update check failed');
      schedule('failed');
    }
  };
  autoUpdater.on('update-downloaded', (info) => {
    schedule('downloaded');
    void dialog.showMessageBox(consentPrompt(info.version, app.getVersion())).then(({ response }) => {
      const plan = installPlan(CONSENT_BUTTONS[response] ?? 'later');
      autoUpdater.autoInstallOnAppQuit = plan.installOnQuit;
      if (plan.quitAndInstallNow) autoUpdater.quitAndInstall();
    });
  });
  autoUpdater.on('error', (err: Error) => core.logger.warn({ err: { message: err.message } }, 'update failed'));
  schedule('none');
};
