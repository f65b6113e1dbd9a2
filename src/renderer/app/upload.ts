import { useMutation } from '@tanstack/react-query';
import { AppError, isAppErrorJson } from '../../shared/errors.js';
import type { InputOf, MethodDef, OutputOf } from '../../shared/method.js';
import { call, isDesktop, session, wrote } from './api.js';

/**
 * Calls a method that takes a file (`upload` in the contract). In the desktop app the bytes go over
 * IPC as a Uint8Array inside the input; in browser mode they are the raw body of
 * `POST ./api/upload/<method>` and the other fields ride in a header, so the JSON API keeps its
 * 1 MiB limit. Either way the core checks size, type and name.
 */
export const callWithFile = async <M extends MethodDef>(
  method: M,
  fields: Omit<InputOf<M>, 'content'>,
  content: Uint8Array,
): Promise<OutputOf<M>> => {
  const token = session.get();
  let answer: unknown;
  if (isDesktop()) {
    answer = await window.station!.call(method.name, { ...fields, content }, { token });
  } else {
    const headers: Record<string, string> = {
      'content-type': 'application/octet-stream',
      'x-station-input': encodeURIComponent(JSON.stringify(fields)),
    };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const response = await fetch(`./api/upload/${encodeURIComponent(method.name)}`, { method: 'POST', headers, body: content as BodyInit });
      answer = await response.json();
    } catch {
      answer = { ok: false, error: { code: 'INTERNAL', key: 'network' } };
    }
  }
  const a = answer as { ok?: boolean; result?: unknown; error?: unknown } | null;
  if (a?.ok === true) {
    await wrote(method);
    return a.result as OutputOf<M>;
  }
  throw new AppError(a && isAppErrorJson(a.error) ? a.error : { code: 'INTERNAL', key: 'internal' });
};

/** A write that may carry a file: with one it goes as an upload (callWithFile), without as any call. */
export const useUploadAction = <M extends MethodDef>(method: M) =>
  useMutation<OutputOf<M>, Error, { fields: Omit<InputOf<M>, 'content'>; content: Uint8Array | null }>({
    mutationFn: ({ fields, content }) => (content ? callWithFile(method, fields, content) : call(method, fields as InputOf<M>)),
  });
