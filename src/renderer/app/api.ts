import type { AppErrorJson } from '../../shared/errors.js';
import { AppError, isAppErrorJson } from '../../shared/errors.js';
import type { InputOf, MethodDef, OutputOf } from '../../shared/method.js';

/** What the desktop preload exposes; absent in browser mode. */
interface StationBridge {
  call(method: string, input: unknown, meta: { token?: string; background?: boolean }): Promise<unknown>;
}
declare global {
  interface Window {
    station?: StationBridge;
  }
}

const TOKEN_KEY = 'station-desk.token';

/** The session token: kept for the tab (browser mode) or the window (desktop), never on disk. */
export const session = {
  get: (): string | undefined => sessionStorage.getItem(TOKEN_KEY) ?? undefined,
  set: (token: string) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

export const isDesktop = (): boolean => typeof window.station?.call === 'function';

type Listener = (error: AppError) => void;
const authListeners = new Set<Listener>();
/** Called when any call answers UNAUTHENTICATED (logged out, locked) so the frame can react. */
export const onAuthError = (listener: Listener) => {
  authListeners.add(listener);
  return () => {
    authListeners.delete(listener);
  };
};

type WriteListener = (method: string) => unknown;
const writeListeners = new Set<WriteListener>();
/**
 * Called after every write the core accepted, before the call resolves: the one place the screens
 * learn that data changed (the app refreshes every read it shows). Session calls (log in, lock,
 * unlock, log out) are not writes of the station's data and do not count.
 */
export const onWrite = (listener: WriteListener) => {
  writeListeners.add(listener);
  return () => {
    writeListeners.delete(listener);
  };
};

/** Tells the listeners a write went through; resolves when they are done (the screens are fresh). */
export const wrote = async (method: MethodDef): Promise<void> => {
  if (method.kind !== 'write' || method.access === 'public' || method.allowWhileRestricted) return;
  await Promise.all([...writeListeners].map((l) => l(method.name)));
};

const transport = async (method: string, input: unknown, background: boolean): Promise<unknown> => {
  const token = session.get();
  // isDesktop, not `window.station`: a <form name="station"> would also be reachable as window.station
  if (isDesktop()) return window.station!.call(method, input, { token, background });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (background) headers['x-station-background'] = '1';
  let response: Response;
  try {
    response = await fetch(`./api/${encodeURIComponent(method)}`, { method: 'POST', headers, body: JSON.stringify(input ?? {}) });
  } catch {
    return { ok: false, error: { code: 'INTERNAL', key: 'network' } satisfies AppErrorJson };
  }
  return response.json().catch(() => ({ ok: false, error: { code: 'INTERNAL', key: 'network' } }));
};

/**
 * The one way the renderer reaches the core. Resolves with the result — after a write, once the
 * screens have fetched what it changed — and rejects with an AppError whose key the catalogs translate.
 */
export const call = async <M extends MethodDef>(
  method: M,
  input: InputOf<M>,
  options: { background?: boolean } = {},
): Promise<OutputOf<M>> => {
  const answer = (await transport(method.name, input, options.background ?? false)) as
    | { ok: true; result: OutputOf<M> }
    | { ok: false; error: unknown };
  if (answer && answer.ok === true) {
    await wrote(method);
    return answer.result;
  }
  const json = answer && isAppErrorJson(answer.error) ? answer.error : { code: 'INTERNAL' as const, key: 'internal' as const };
  const error = new AppError(json);
  // a wrong password typed on the lock screen leaves the session as it was (locked, not ended)
  if (error.code === 'UNAUTHENTICATED' && method.access !== 'public' && error.key !== 'auth.badCredentials')
    for (const l of authListeners) l(error);
  return Promise.reject(error);
};
