/**
 * The update feed stations read at `<HQ>/updates`. Releases are folders `<updates dir>/<version>/`
 * as electron-builder writes them (latest.yml, the installers, their blockmaps) plus the signed
 * manifest `release.json` that `npm run release:sign` makes away from HQ with the release key.
 * HQ holds no release key: it publishes a release only when its manifest is there, well formed,
 * of that version and matching the installers' sizes — the stations verify the signature itself.
 * HQ serves the newest release that is not held back, adding `stagingPercentage` when an admin
 * offers it to a share of stations first (the share is not signed: it only decides when).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { RELEASE_MANIFEST, SAFE_FILE, VERSION, compareVersions, releaseManifestSchema, type ReleaseManifest } from '../shared/release.js';
import type { HqDb } from './db.js';

export interface ReleasePolicy {
  version: string;
  held: boolean;
  stagingPercentage: number;
}

export interface Release extends ReleasePolicy {
  files: string[];
  /** its signed manifest is there and fits the folder: only then is it offered to stations */
  signed: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

export class UpdateFeed {
  constructor(
    private readonly db: HqDb,
    readonly dir: string | undefined,
  ) {}

  private versions(): string[] {
    if (!this.dir || !existsSync(this.dir)) return [];
    return readdirSync(this.dir)
      .filter((v) => VERSION.test(v) && statSync(join(this.dir!, v)).isDirectory())
      .sort((a, b) => compareVersions(b, a));
  }

  async releases(): Promise<Release[]> {
    const rows = await this.db.rows<{ version: string; held: number; stagingPercentage: number; updatedAt: string; updatedBy: string }>(
      `SELECT "version", "held", "stagingPercentage", "updatedAt", "updatedBy" FROM "hq_release"`,
    );
    const policy = new Map(rows.map((r) => [r.version, r]));
    return this.versions().map((version) => {
      const p = policy.get(version);
      return {
        version,
        held: Boolean(Number(p?.held ?? 0)),
        stagingPercentage: Number(p?.stagingPercentage ?? 100),
        files: readdirSync(join(this.dir!, version)).filter((f) => SAFE_FILE.test(f)),
        signed: this.manifest(version) !== undefined,
        updatedAt: p?.updatedAt ?? null,
        updatedBy: p?.updatedBy ?? null,
      };
    });
  }

  async setPolicy(p: ReleasePolicy, by: string, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO "hq_release" ("version", "held", "stagingPercentage", "updatedAt", "updatedBy") VALUES (?, ?, ?, ?, ?)
       ON CONFLICT ("version") DO UPDATE SET "held" = excluded."held", "stagingPercentage" = excluded."stagingPercentage",
         "updatedAt" = excluded."updatedAt", "updatedBy" = excluded."updatedBy"`,
      [p.version, p.held ? 1 : 0, p.stagingPercentage, at, by],
    );
  }

  /**
   * A release's signed manifest, if it looks valid: well formed, of the folder's version, each
   * installer it names present with the signed size. (The signature is the stations' to verify.)
   */
  manifest(version: string): ReleaseManifest | undefined {
    if (!this.dir) return undefined;
    const folder = join(this.dir, version);
    try {
      const parsed = releaseManifestSchema.safeParse(JSON.parse(readFileSync(join(folder, RELEASE_MANIFEST), 'utf8')));
      if (!parsed.success || parsed.data.version !== version) return undefined;
      const fits = parsed.data.files.every((f) => {
        const path = join(folder, f.name);
        return existsSync(path) && statSync(path).size === f.size;
      });
      return fits ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  /** The releases stations may get: signed and not held back, newest first. */
  private async offered(): Promise<Release[]> {
    return (await this.releases()).filter((r) => r.signed && !r.held);
  }

  /**
   * What a station gets for a channel file: the signed manifest (wrapped with the rollout share)
   * or electron-builder's yml, of the newest release offered; undefined when none offers it.
   */
  async channelFile(name: string): Promise<string | undefined> {
    for (const r of await this.offered()) {
      if (name === RELEASE_MANIFEST) {
        const manifest = this.manifest(r.version)!;
        return JSON.stringify(r.stagingPercentage < 100 ? { manifest, stagingPercentage: r.stagingPercentage } : { manifest });
      }
      if (!r.files.includes(name)) continue;
      const text = readFileSync(join(this.dir!, r.version, name), 'utf8').replace(/^stagingPercentage:.*\r?\n?/m, '');
      return r.stagingPercentage < 100 ? `${text.replace(/\s*$/, '\n')}stagingPercentage: ${r.stagingPercentage}\n` : text;
    }
    return undefined;
  }

  /**
   * Where an installer or its blockmap lives: the newest signed release that names the installer.
   * Nothing else in a release folder is served (a key or a note left there by mistake stays there).
   */
  file(name: string): string | undefined {
    if (!SAFE_FILE.test(name) || name.includes('..')) return undefined;
    for (const v of this.versions()) {
      const installers = this.manifest(v)?.files.map((f) => f.name) ?? [];
      if (!installers.some((i) => name === i || name === `${i}.blockmap`)) continue;
      const path = join(this.dir!, v, name);
      if (existsSync(path) && statSync(path).isFile()) return path;
    }
    return undefined;
  }
}
