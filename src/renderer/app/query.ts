import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';
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

/** Writes; on success every cached read is refreshed so lists show the change at once. */
export const useAction = <M extends MethodDef>(method: M) => {
  const client = useQueryClient();
  return useMutation<OutputOf<M>, Error, InputOf<M>>({
    mutationFn: (input) => call(method, input),
    onSuccess: () => client.invalidateQueries(),
  });
};
