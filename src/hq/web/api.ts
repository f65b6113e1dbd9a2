import { fill, type Strings } from './strings.js';

export const TOKEN = 'hq.token';

/** HQ's refusal as it answered: a stable code and, for a refused item, the field and why. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly field?: string,
    readonly reason?: string,
    readonly params?: Record<string, string | number>,
  ) {
    super(code);
  }
}

/** A call to HQ with the session's token; a lapsed session goes back to the login. */
export const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
  const token = sessionStorage.getItem(TOKEN);
  const res = await fetch(path, {
    ...init,
    headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });
  if (res.status === 401 && path !== '/api/login') {
    sessionStorage.removeItem(TOKEN);
    location.reload();
  }
  if (!res.ok) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; field?: string; reason?: string; params?: Record<string, string | number> };
    throw new ApiError(res.status, body.error ?? String(res.status), body.field, body.reason, body.params);
  }
  return res.json() as Promise<T>;
};

/** Why a refused item was refused, in words: its reason's text where the page knows it, else the key itself. */
export const reasonText = (s: Strings, reason: string | undefined, params: Record<string, string | number> = {}): string => {
  if (!reason) return '';
  const known = s.reasons[reason];
  const named = { ...params, ...(typeof params.function === 'string' ? { function: s.taskFunctions[params.function] ?? params.function } : {}) };
  return known ? fill(known, named) : reason;
};

/** An error as the page shows it: a refused item names its field (a dotted path into the JSON) and the reason. */
export const errorText = (s: Strings, e: unknown): string => {
  if (e instanceof ApiError) {
    if (e.code === 'invalid') return fill(s.fieldError, { field: e.field || s.wholeItem, reason: reasonText(s, e.reason, e.params) });
    return s.codes[e.code] ?? fill(s.failed, { e: e.code });
  }
  return fill(s.failed, { e: (e as Error).message });
};
