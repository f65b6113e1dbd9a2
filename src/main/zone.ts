/**
 * What a zone of the core contributes: its contract methods' handlers, the tables it owns with
 * their sync and retention policy, and the folders of stored files it keeps. The core, the router
 * and the retention purge read these from the registry (`zones.ts`) instead of naming each zone.
 */
import type { RetentionKind } from '../shared/retention/contract.js';
import type { HandlerEntry } from './context.js';

/** A condition on the alias `t` with its parameters. */
export interface Condition {
  sql: string;
  params: unknown[];
}

export interface Cutoffs {
  /** an instant: records whose moment is before it go */
  at: string;
  /** the station-local date of that instant, for columns that hold dates */
  date: string;
}

/** The same condition on another alias than `t` (for subqueries over the same table). */
export const onAlias = (alias: string, sql: string): string => sql.replace(/\bt\./g, `${alias}.`);

/** Which rows of a table are past the retention the head set for their kind. */
export interface RetentionPolicy {
  kind: RetentionKind;
  /** the rows past retention, given the cutoff instant and the station-local cutoff date */
  condition(cut: Cutoffs, all: Partial<Record<RetentionKind, Cutoffs>>): Condition;
  /** the date the period counts from, for the preview */
  dateSql: string;
  /** columns read for a sample's label */
  sampleColumns: string;
  label(row: Record<string, unknown>): string;
  /** rows of other tables that belong to one of these (deleted first) */
  children: { table: string; column: string }[];
}

export interface TableDeclaration {
  name: string;
  /**
   * `outbox`: every write goes to HQ through the outbox triggers (the sync-ready columns);
   * `local`: the table never leaves the station (credentials, the audit log, sync's own state).
   */
  sync: 'outbox' | 'local';
  /** present when the head's retention settings purge the table's rows */
  retention?: RetentionPolicy;
}

export interface ZoneManifest {
  /** the zone's folder under src/main */
  name: string;
  handlers: readonly HandlerEntry[];
  tables: readonly TableDeclaration[];
  /** folders under the data directory holding the zone's stored (encrypted) files */
  fileFolders?: readonly string[];
}

/** Declares a zone; the identity function gives the manifest its type where it is written. */
export const zone = (manifest: ZoneManifest): ZoneManifest => manifest;

/** Tables a zone owns that all go to HQ. */
export const synced = (...names: string[]): TableDeclaration[] => names.map((name) => ({ name, sync: 'outbox' }));
/** Tables a zone owns that stay at the station. */
export const local = (...names: string[]): TableDeclaration[] => names.map((name) => ({ name, sync: 'local' }));
