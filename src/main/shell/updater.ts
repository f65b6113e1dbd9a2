/**
 * The thin Electron side of updates. The decisions are in ../updates: UpdateChecker reads HQ's
 * signed manifest over the pinned HTTPS connection and verifies it before anything is downloaded;
 * only then is electron-updater given that release (a custom provider that serves the verified
 * version and signed hash, never the unsigned latest.yml), downloads it over a network session
 * that trusts HQ's pinned authority only, and the downloaded file is checked against the signed
 * hash again before the user is asked to install it. Runs in the packaged app only (a development
 * run has no installer to replace).
 */
import { app, dialog, session } from 'electron';
import { Provider, autoUpdater, type ResolvedUpdateFileInfo, type UpdateInfo } from 'electron-updater';
import type { ProviderRuntimeOptions } from 'electron-updater/out/providers/Provider.js';
import type { Core } from '../core.js';
import { UpdateChecker, installerUrl, updateInfoOf, type VerifiedUpdate } from '../updates/check.js';
import { builtInReleaseKeys } from '../updates/keys.js';
import type { ReleaseKey } from '../updates/verify.js';
import { chainOf, chainTrustedByPin } from '../updates/pin.js';
import { CONSENT_BUTTONS, consentPrompt, installPlan, nextCheckIn, type CheckOutcome } from '../updates/policy.js';

/** the partition electron-updater downloads through (its ElectronHttpExecutor's session) */
const UPDATER_SESSION = 'electron-updater';
/** Chromium's answers to a certificate check: accept, reject */
const ACCEPT = 0;
const REJECT = -2;

/** electron-updater's provider for one verified release. */
const verifiedProvider = (update: VerifiedUpdate) =>
  class VerifiedRelease extends Provider<UpdateInfo> {
    constructor(_options: unknown, _updater: unknown, runtime: ProviderRuntimeOptions) {
      super(runtime);
    }
    async getLatestVersion(): Promise<UpdateInfo> {
      return updateInfoOf(update);
    }
    resolveFiles(info: UpdateInfo): ResolvedUpdateFileInfo[] {
      return [{ url: installerUrl(update), info: info.files[0] }];
    }
  };

export interface Updater {
  /** looks at HQ's feed now (the schedule goes on from the outcome) */
  check(): Promise<void>;
  stop(): void;
}

export interface UpdaterOptions {
  /** release keys trusted besides the built-in ones: for tests, which sign with keys of their own */
  extraKeys?: readonly ReleaseKey[];
}

export const startUpdater = (core: Core, options: UpdaterOptions = {}): Updater | undefined => {
  if (!app.isPackaged) return undefined;
  const keys = [...builtInReleaseKeys(), ...(options.extraKeys ?? [])];
  const checker = new UpdateChecker(core, { installed: app.getVersion(), keys, appImage: Boolean(process.env.APPIMAGE) });
  autoUpdater.autoDownload = false;
  autoUpdater.allowDowngrade = false;
  // installed on quit only once the user has said so
  autoUpdater.autoInstallOnAppQuit = false;
  autoUpdater.logger = null;
  // the rollout share was decided with the manifest (UpdateChecker); the release given is for this station
  autoUpdater.isUserWithinRollout = () => true;

  let pending: VerifiedUpdate | undefined;
  // the updater's network session trusts HQ's pinned authority for HQ's host, and nothing else
  // electronegativity: CERTIFICATE_VERIFY_PROC_JS_CHECK — narrows trust (pinned CA only, this session only), never widens it
  session.fromPartition(UPDATER_SESSION, { cache: false }).setCertificateVerifyProc((request, callback) => {
    const trusted = pending !== undefined && chainTrustedByPin(request.hostname, new URL(pending.feed).hostname, chainOf(request.certificate), pending.ca);
    callback(trusted ? ACCEPT : REJECT);
  });

  let timer: NodeJS.Timeout | undefined;
  const schedule = (outcome: CheckOutcome) => {
    const ms = nextCheckIn(outcome);
    if (timer) clearTimeout(timer);
    if (ms !== null) timer = setTimeout(() => void check(), ms);
  };
  const check = async () => {
    const update = await checker.check().catch((err: Error) => {
      core.logger.warn({ err: { message: err.message } }, 'update check failed');
      return null;
    });
    if (update === null) return schedule('failed');
    if (!update) return schedule(core.updates.report?.state === 'failed' ? 'failed' : 'upToDate');
    pending = update;
    try {
      autoUpdater.setFeedURL({ provider: 'custom', updateProvider: verifiedProvider(update) });
      autoUpdater.requestHeaders = update.headers;
      const result = await autoUpdater.checkForUpdates();
      if (!result?.isUpdateAvailable) return schedule('upToDate');
      schedule('downloading');
      await autoUpdater.downloadUpdate();
    } catch (err) {
      checker.downloadFailed(update, (err as Error).message);
      schedule('failed');
    }
  };
  autoUpdater.on('update-downloaded', (info) => {
    const update = pending;
    void (async () => {
      if (!update || info.version !== update.manifest.version || !(await checker.downloaded(update, info.downloadedFile))) return schedule('failed');
      schedule('downloaded');
      const { response } = await dialog.showMessageBox(consentPrompt(info.version, app.getVersion()));
      const plan = installPlan(CONSENT_BUTTONS[response] ?? 'later');
      autoUpdater.autoInstallOnAppQuit = plan.installOnQuit;
      if (plan.quitAndInstallNow) autoUpdater.quitAndInstall();
    })();
  });
  autoUpdater.on('error', (err: Error) => core.logger.warn({ err: { message: err.message } }, 'update failed'));
  schedule('none');
  return {
    check,
    stop: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
};
