import type { z } from 'zod';
import type { Access } from './roles.js';

/**
 * One callable method of the core: its name, input schema, result type (phantom) and who may
 * call it. The router enforces all of it; the renderer only ever names a method and passes input.
 */
export interface MethodDef<I extends z.ZodType = z.ZodType, O = unknown> {
  name: string;
  input: I;
  access: Access;
  /** writes run in a transaction and are audited; reads are not, unless `auditRead` */
  kind: 'read' | 'write';
  /**
   * a read that shows personal data in full (unmasking), or confirms it, is audited like a write;
   * a function decides from the (validated) input
   */
  auditRead?: boolean | ((input: z.output<I>) => boolean);
  /**
   * answered from the core's memory without touching the database, so not queued behind the call
   * that is running (the progress of a long import, its cancelling)
   */
  unqueued?: boolean;
  /**
   * a write that replaces the database itself (a restore): the router runs it outside any
   * transaction — still one call at a time — and writes its audit entry afterwards, into the
   * database as it is then
   */
  outsideTransaction?: boolean;
  /**
   * a public screen's method (the hall's display, the rating tablet): a LAN terminal the head
   * paired for that screen calls it without a login — and can call nothing else
   */
  terminal?: 'display' | 'rating';
  /** callable while the session must still change its initial password or is locked */
  allowWhileRestricted?: boolean;
  /**
   * the method takes a file: its bytes travel as the input's `content` (a Uint8Array over IPC, the
   * raw body of `POST /api/upload/<method>` in browser mode, where the other fields ride in the
   * `x-station-input` header), up to `maxBytes`
   */
  upload?: { maxBytes: number };
  /** phantom: the result type */
  readonly _output?: O;
}

export const defineMethod =
  <O>() =>
  <I extends z.ZodType>(def: Omit<MethodDef<I, O>, '_output'>): MethodDef<I, O> =>
    def as MethodDef<I, O>;

export type InputOf<M> = M extends MethodDef<infer I, unknown> ? z.input<I> : never;
export type ParsedInputOf<M> = M extends MethodDef<infer I, unknown> ? z.output<I> : never;
export type OutputOf<M> = M extends MethodDef<z.ZodType, infer O> ? O : never;
