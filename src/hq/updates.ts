/**
 * The update feed stations' electron-updater reads with its `generic` provider pointed at
 * `<HQ>/updates`. Releases are folders `<updates dir>/<version>/` as electron-builder writes them
 * (latest.yml, latest-linux.yml… and the installers). HQ answers latest*.yml with the newest
 * release that is not held back, adding `stagingPercentage` when an admin offers it to a share of
 * stations first (electron-updater picks the share by a stable id per installation).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { HqDb } from './db.js';

export interface ReleasePolicy {
  version: string;
  held: boolean;
  stagingPercentage: number;
}

export interface Release extends ReleasePolicy {
  files: string[];
  updatedAt: string | null;
  updatedBy: string | null;
}

const VERSION = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;
/** a plain file name: no separators, no leading dot, nothing that climbs out of the folder */
export const SAFE_FILE = /^[A-Za-z0-9_][A-Za-z0-9._ -]{0,200}$/;

/** Newest first; a pre-release sorts before its release. */
export const compareVersions = (a: string, b: string): number => {
  const [ma, pa] = a.split('-', 2);
  const [mb, pb] = b.split('-', 2);
  const x = ma.split('.').map(Number);
  const y = mb.split('.').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
  if (pa === pb) return 0;
  if (!pa) return 1;
  if (!pb) return -1;
  return pa < pb ? -1 : 1;
};

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

  /** The yml a station gets, or undefined when no release offers that file. */
  async channelFile(name: string): Promise<string | undefined> {
    for (const r of await this.releases()) {
      if (r.held || !r.files.includes(name)) continue;
      const text = readFileSync(join(this.dir!, r.version, name), 'utf8').replace(/^stagingPercentage:.*\r?\n?/m, '');
      return r.stagingPercentage < 100 ? `${text.replace(/\s*$/, '\n')}stagingPercentage: ${r.stagingPercentage}\n` : text;
    }
    return undefined;
  }

  /** Where an installer or blockmap lives: the newest release folder that has the file. */
  file(name: string): string | undefined {
    if (!SAFE_FILE.test(name) || name.includes('..')) return undefined;
    for (const v of this.versions()) {
      const path = join(this.dir!, v, name);
      if (existsSync(path) && statSync(path).isFile()) return path;
    }
    return undefined;
  }
}
