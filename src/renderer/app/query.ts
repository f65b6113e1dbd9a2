import { useInfiniteQuery, useMutation, useQuery, type UseQueryOptions } from '@tanstack/react-query';
import { useState } from 'react';
import type { InputOf, MethodDef, OutputOf } from '../../shared/method.js';
import { call } from './api.js';

/**
 * Reads through TanStack Query. Reads count as background: only real keyboard and mouse input
 * keeps a session from locking (see useActivityHeartbeat).
 */
export const useMethod = <M extends MethodDef>(
  method: M,
  input: InputOf<M>,
  options: Omit<UseQueryOptions<OutputOf<M>, Error>, 'queryKey' | 'queryFn'> = {},
) =>
  useQuery<OutputOf<M>, Error>({
    queryKey: [method.name, input],
    queryFn: () => call(method, input, { background: true }),
    ...options,
  });

/**
 * A list read a page at a time, newest first: each page says where the next one begins
 * (`nextBefore`), and the next call asks for what comes `before` it. `input` is the filter.
 */
export const usePagesBefore = <M extends MethodDef>(
  method: M,
  input: Omit<InputOf<M>, 'before' | 'limit'>,
  limit: number,
  options: { enabled?: boolean } = {},
) =>
  useInfiniteQuery({
    queryKey: [method.name, input, 'pages'],
    queryFn: ({ pageParam }) => call(method, { ...input, ...(pageParam ? { before: pageParam } : {}), limit } as InputOf<M>, { background: true }),
    initialPageParam: null as string | null,
    getNextPageParam: (last: OutputOf<M>) => (last as { nextBefore: string | null }).nextBefore,
    enabled: options.enabled,
  });

/** Writes; the screens fetch what a write changed before it resolves (see `onWrite` in api.ts). */
export const useAction = <M extends MethodDef>(method: M) =>
  useMutation<OutputOf<M>, Error, InputOf<M>>({
    mutationFn: (input) => call(method, input),
  });

/**
 * An error about the data on screen as it was when the error came: shown until that data changes
 * (a refusal because of an open incident goes once the incident is closed). `data` are the query
 * results the refused action was based on; unchanged results keep their identity across refetches.
 */
export const useErrorAbout = (...data: unknown[]) => {
  const [failure, setFailure] = useState<{ error: unknown; data: unknown[] } | null>(null);
  const current = failure !== null && failure.data.length === data.length && failure.data.every((d, i) => d === data[i]);
  return [current ? failure.error : null, (error: unknown) => setFailure(error ? { error, data } : null)] as const;
};
