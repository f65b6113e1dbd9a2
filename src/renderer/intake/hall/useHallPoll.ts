import { useEffect, useState } from 'react';
import { AppError } from '../../../shared/errors.js';
import type { InputOf, MethodDef, OutputOf } from '../../../shared/method.js';
import { call } from '../../app/api.js';

/** How long one request waits on the core for the hall's next change. */
const WAIT_MS = 20_000;

/**
 * Keeps one long poll open on a public screen's method: answers as soon as the core's hall signal
 * moves (a call, an end, a rating). `problem`: refused (the screen is not allowed here) or the
 * connection is down (it keeps trying).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any method whose answer carries the signal's seq
export const useHallPoll = <M extends MethodDef<any, { seq: number }>>(method: M) => {
  const [data, setData] = useState<OutputOf<M> | null>(null);
  const [problem, setProblem] = useState<'notAllowed' | 'reconnecting' | null>(null);
  useEffect(() => {
    let stopped = false;
    let after: number | undefined;
    const loop = async () => {
      while (!stopped) {
        try {
          const input = after === undefined ? {} : { after, waitMs: WAIT_MS };
          const next = await call(method, input as InputOf<M>, { background: true });
          if (stopped) return;
          after = next.seq;
          setData(next);
          setProblem(null);
        } catch (err) {
          if (stopped) return;
          const refused = err instanceof AppError && (err.code === 'FORBIDDEN' || err.code === 'UNAUTHENTICATED');
          setProblem(refused ? 'notAllowed' : 'reconnecting');
          after = undefined;
          await new Promise((r) => setTimeout(r, refused ? 10_000 : 2_000));
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
    };
  }, [method]);
  return { data, problem };
};
