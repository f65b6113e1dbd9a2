/**
 * The station's look at HQ's update feed, in plain Node: read the signed manifest over HTTPS
 * trusting only HQ's pinned authority, verify it, and say what to download — or why nothing is.
 * The desktop shell hands a verified release to electron-updater and comes back with the
 * downloaded file before asking to install it. Every outcome is kept as the report the head sees
 * on the sync page.
 */
import { RELEASE_MANIFEST, type ReleaseFile, type ReleaseManifest } from '../../shared/release.js';
import type { UpdateRefusal, UpdateReport } from '../../shared/sync/contract.js';
import type { Core } from '../core.js';
import { pinnedFetch } from '../sync/pinnedFetch.js';
import { feedHeaders, feedOf, withinRollout } from './policy.js';
import { feedRefusal, installerFor, installerMatches, verifyManifest, versionVerdict, type ReleaseKey } from './verify.js';

/** The last report, kept in the core's memory for `sync.status` (a check follows every start). */
export interface UpdateBoard {
  report: UpdateReport | null;
}

export interface UpdateCheckerOptions {
  /** the version running */
  installed: string;
  /** the release keys the app trusts: the built-in ones (tests bring their own) */
  keys: readonly ReleaseKey[];
  platform?: NodeJS.Platform;
  /** the app runs as an AppImage (Linux): it updates by AppImage, not by .deb */
  appImage?: boolean;
}

/** A release whose manifest verified: what to download, from where, and the bytes it must have. */
export interface VerifiedUpdate {
  manifest: ReleaseManifest;
  installer: ReleaseFile;
  /** the feed's address (https), the installer's is `${feed}/${installer.name}` */
  feed: string;
  headers: Record<string, string>;
  /** HQ's pinned certificate authority (PEM): the only one the download may trust */
  ca: string;
  stagingPercentage: number | undefined;
}

const MANIFEST_MAX_BYTES = 64 * 1024;
const REQUEST_TIMEOUT_MS = 30_000;

const certificateError = (err: unknown): boolean => {
  const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
  return Boolean(code && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code));
};

export class UpdateChecker {
  private readonly platform: NodeJS.Platform;

  constructor(
    private readonly core: Core,
    private readonly options: UpdateCheckerOptions,
  ) {
    this.platform = options.platform ?? process.platform;
  }

  private report(r: Omit<UpdateReport, 'installed' | 'checkedAt'>): void {
    const checkedAt = new Date().toISOString();
    this.core.updates.report = { installed: this.options.installed, checkedAt, ...r };
    if (r.state === 'refused') this.core.logger.warn({ offered: r.offered, refusal: r.refusal }, 'update refused');
  }

  private refuse(refusal: UpdateRefusal, offered: string | null): undefined {
    this.report({ state: 'refused', offered, refusal, detail: null });
    return undefined;
  }

  private failed(detail: string, offered: string | null = null): undefined {
    this.report({ state: 'failed', offered, refusal: null, detail: detail.slice(0, 200) });
    return undefined;
  }

  /**
   * Asks HQ for the newest release and verifies it. Returns what to download, or undefined: no
   * feed (not enrolled, sync paused), nothing newer, or refused — the report says which.
   */
  async check(): Promise<VerifiedUpdate | undefined> {
    const [s] = await this.core.exclusive(() =>
      this.core.dataSource.query(`SELECT "hqUrl", "hqKey", "secret", "enabled", "hqCa" FROM "sync_state" WHERE "id" = 1`),
    );
    const [station] = await this.core.exclusive(() => this.core.dataSource.query(`SELECT "id" FROM "station" LIMIT 1`));
    const settings = { hqUrl: s?.hqUrl ?? null, hqKey: s?.hqKey ?? null, secret: s?.secret ?? null, enabled: Boolean(s?.enabled), stationId: station?.id ?? null };
    const feed = feedOf(settings);
    if (!feed) {
      this.core.updates.report = null;
      return undefined;
    }
    const insecure = feedRefusal(feed.url);
    if (insecure) return this.refuse(insecure, null);
    const ca: string | null = s?.hqCa ?? null;
    if (!ca) return this.refuse('noPinnedCa', null);
    const headers = feedHeaders(settings);

    let raw: unknown;
    try {
      const res = await pinnedFetch(ca)(`${feed.url}/${RELEASE_MANIFEST}`, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
      // HQ offers no signed release (none published, or all held back)
      if (res.status === 404) {
        this.report({ state: 'upToDate', offered: null, refusal: null, detail: null });
        return undefined;
      }
      if (!res.ok) return this.failed(`HTTP ${res.status}`);
      const body = Buffer.from(await res.arrayBuffer());
      if (body.length > MANIFEST_MAX_BYTES) return this.refuse('badManifest', null);
      raw = JSON.parse(body.toString('utf8'));
    } catch (err) {
      if (certificateError(err)) return this.refuse('untrustedCertificate', null);
      if (err instanceof SyntaxError) return this.refuse('badManifest', null);
      return this.failed((err as Error).message);
    }

    // HQ wraps the signed manifest with its own rollout share, which is not signed (it only decides when)
    const wrapper = raw as { manifest?: unknown; stagingPercentage?: unknown } | null;
    const verdict = verifyManifest(wrapper?.manifest, this.options.keys);
    if (!verdict.ok) return this.refuse(verdict.reason, verdict.offered);
    const manifest = verdict.value;
    const order = versionVerdict(manifest.version, this.options.installed);
    if (order === 'downgrade') return this.refuse('downgrade', manifest.version);
    if (order === 'same') {
      this.report({ state: 'upToDate', offered: manifest.version, refusal: null, detail: null });
      return undefined;
    }
    const installer = installerFor(manifest.files, this.platform, this.options.appImage ?? false);
    if (!installer) return this.refuse('noInstaller', manifest.version);
    const share = wrapper?.stagingPercentage;
    if (!withinRollout(settings.stationId, manifest.version, share)) {
      this.report({ state: 'staged', offered: manifest.version, refusal: null, detail: null });
      return undefined;
    }
    this.report({ state: 'downloading', offered: manifest.version, refusal: null, detail: null });
    return { manifest, installer, feed: feed.url, headers, ca, stagingPercentage: typeof share === 'number' ? share : undefined };
  }

  /** The download ended with `path`: ready to install only if it is byte for byte the signed installer. */
  async downloaded(update: VerifiedUpdate, path: string): Promise<boolean> {
    if (!(await installerMatches(path, update.installer))) {
      this.refuse('installerHash', update.manifest.version);
      return false;
    }
    this.report({ state: 'ready', offered: update.manifest.version, refusal: null, detail: null });
    return true;
  }

  /** The download failed on the way (the network, or the downloader's own checks). */
  downloadFailed(update: VerifiedUpdate, message: string): void {
    // electron-updater checks the signed SHA-512 while it downloads: a mismatch is the swapped installer
    if (/sha512 checksum mismatch|ERR_CHECKSUM_MISMATCH/i.test(message)) this.refuse('installerHash', update.manifest.version);
    else this.failed(message, update.manifest.version);
  }
}

/**
 * What electron-updater is told about a verified release: the signed version, the one installer
 * and its signed SHA-512 (which electron-updater checks while it downloads) — nothing from an
 * unsigned file.
 */
export const updateInfoOf = (update: VerifiedUpdate) => {
  const { name, size, sha512 } = update.installer;
  return { version: update.manifest.version, files: [{ url: name, size, sha512 }], path: name, sha512, releaseDate: '' };
};

/** Where the verified installer is downloaded from: HQ's feed, nowhere else. */
export const installerUrl = (update: VerifiedUpdate): URL => new URL(`${update.feed}/${encodeURIComponent(update.installer.name)}`);
