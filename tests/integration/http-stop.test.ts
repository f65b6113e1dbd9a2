import { once } from 'node:events';
import { connect, type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/main/serve.js';
import { newStore, startHq } from '../helpers/hq.js';
import { setUpStation } from '../helpers/station.js';

/**
 * A call is still being answered when the server is told to stop, and the client keeps its
 * connection afterwards, as a browser keeps its pooled ones. The call is answered, and the server
 * has stopped within moments of that answer, not at the keep-alive timeout (72 s).
 */
const stopsDuringACall = async (app: FastifyInstance, path: string): Promise<{ status: string; stopped: boolean }> => {
  const port = (app.server.address() as AddressInfo).port;
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  try {
    // the headers and half the body: the server has the call in hand once it has read the headers
    const inHand = once(app.server, 'request');
    socket.write(`POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{`);
    await inHand;
    const closed = app.close().then(() => true);
    const answer = once(socket, 'data');
    socket.write('}');
    const status = String((await answer)[0]).split('\r\n')[0];
    const stopped = await Promise.race([closed, sleep(5_000).then(() => false)]);
    return { status, stopped };
  } finally {
    socket.destroy();
    await app.close();
  }
};

describe('stopping a server during a call', () => {
  it('browser mode answers the call and stops', async () => {
    const st = await setUpStation();
    try {
      const app = await createHttpServer({ core: st.core });
      await app.listen({ port: 0, host: '127.0.0.1' });
      expect(await stopsDuringACall(app, '/api/station.status')).toEqual({ status: 'HTTP/1.1 200 OK', stopped: true });
    } finally {
      await st.close();
    }
  });

  it('HQ answers the request and stops', async () => {
    const store = await newStore('sqlite');
    const hq = await startHq(store);
    try {
      expect(await stopsDuringACall(hq.app, '/api/login')).toEqual({ status: 'HTTP/1.1 400 Bad Request', stopped: true });
    } finally {
      await hq.db.close();
      await store.drop();
    }
  });
});
