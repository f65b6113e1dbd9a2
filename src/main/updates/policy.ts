/**
 * When and where the desktop app looks for a new version, and what it does with one: the
 * decisions, without Electron, so they are tested as they are. What may be installed at all
 * (signature, version, hash, HTTPS) is in verify.ts; check.ts puts both together, and the shell
 * (updater.ts) only hands the outcome to electron-updater.
 *
 * - The feed is HQ's: `<HQ address>/updates`, with the station's sync credential (HQ serves the
 *   feed to enrolled stations only). No HQ, no updates.
 * - HQ decides hold-backs: a held release is not in the manifest it serves. A staged release
 *   carries `stagingPercentage`; whether this station is in the share is decided here from the
 *   station's id and the version, so the same station stays in (or out) across restarts and
 *   reinstalls, and each release picks its share afresh.
 * - A check a minute after start, then every four hours; after a failure again in fifteen
 *   minutes; none once an update is downloaded and waits for the user.
 * - A downloaded update is installed only with the user's consent: now (restart), or when the
 *   app is next closed; "later" asks again at the next start.
 */
import { createHash } from 'node:crypto';

export interface UpdateSettings {
  hqUrl: string | null;
  hqKey: string | null;
  secret: string | null;
  /** sync switched on: a station that paused sync also pauses updates */
  enabled: boolean;
  stationId: string | null;
}

export const UPDATE_TIMING = { firstCheckMs: 60_000, intervalMs: 4 * 3600_000, retryMs: 15 * 60_000 };

export interface GenericFeed {
  provider: 'generic';
  url: string;
  channel: 'latest';
}

/** The feed electron-updater reads, or none (not enrolled, or sync paused). */
export const feedOf = (s: UpdateSettings): GenericFeed | undefined => {
  if (!s.enabled || !s.hqUrl || !s.hqKey || !s.secret) return undefined;
  return { provider: 'generic', url: `${s.hqUrl.replace(/\/+$/, '')}/updates`, channel: 'latest' };
};

/** The headers every feed request carries: the station's credential, as for sync. */
export const feedHeaders = (s: UpdateSettings): Record<string, string> => (s.hqKey && s.secret ? { authorization: `Station ${s.hqKey}:${s.secret}` } : {});

/** This station's place (0–99) in a release's rollout: stable per station and version. */
export const rolloutSlot = (stationId: string, version: string): number => createHash('sha256').update(`${stationId}:${version}`).digest().readUInt32BE(0) % 100;

/** Whether this station takes a release HQ offers to `percentage` % of stations (absent: to all). */
export const withinRollout = (stationId: string | null, version: string, percentage: unknown): boolean => {
  if (percentage === undefined || percentage === null || percentage === '') return true;
  const p = Number(percentage);
  if (!Number.isFinite(p)) return true;
  if (p <= 0) return false;
  if (p >= 100) return true;
  // a station not set up yet has no stable id: it waits for the full release
  if (!stationId) return false;
  return rolloutSlot(stationId, version) < p;
};

export type CheckOutcome = 'none' | 'upToDate' | 'downloading' | 'downloaded' | 'failed' | 'noFeed';

/** How long until the next check after `outcome`, or null: no more checks this run. */
export const nextCheckIn = (outcome: CheckOutcome): number | null => {
  switch (outcome) {
    case 'none':
      return UPDATE_TIMING.firstCheckMs;
    case 'failed':
      return UPDATE_TIMING.retryMs;
    case 'downloaded':
      return null;
    default:
      // nothing new, still downloading, or no HQ yet (it may be enrolled meanwhile)
      return UPDATE_TIMING.intervalMs;
  }
};

export type Consent = 'now' | 'onQuit' | 'later';

/** What the user's answer means for electron-updater. */
export const installPlan = (consent: Consent): { quitAndInstallNow: boolean; installOnQuit: boolean } => ({
  quitAndInstallNow: consent === 'now',
  installOnQuit: consent === 'now' || consent === 'onQuit',
});

/** The question, in the app's two languages; the buttons in the order of CONSENT_BUTTONS. */
export const CONSENT_BUTTONS: Consent[] = ['onQuit', 'now', 'later'];
export const consentPrompt = (version: string, current: string) => ({
  title: '社区警务室工作台 Station Desk',
  message: `新版本 ${version} 已下载（当前 ${current}）。\nVersion ${version} has been downloaded (this is ${current}).`,
  detail:
    '安装时工作台会关闭并重新启动，所有已保存的记录不受影响。\nInstalling closes and restarts the desk; everything saved is kept.',
  buttons: ['关闭时安装 Install when I close', '立即重启安装 Restart and install now', '以后再说 Not now'],
  defaultId: 0,
  cancelId: 2,
});
