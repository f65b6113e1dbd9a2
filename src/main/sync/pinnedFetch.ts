import { request } from 'node:https';

/**
 * fetch over HTTPS that trusts only the given certificate authority (PEM): a station pinned to
 * its HQ's own CA accepts no other certificate for it, whatever the machine's list of
 * authorities says. The host name is still checked against the certificate.
 */
export const pinnedFetch =
  (ca: string): typeof fetch =>
  (input, init) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.protocol !== 'https:') return reject(new TypeError('a pinned certificate needs an https address'));
      const req = request(
        url,
        { method: init?.method ?? 'GET', headers: init?.headers as Record<string, string> | undefined, ca, signal: init?.signal ?? undefined },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
            const status = res.statusCode ?? 502;
            const empty = status === 204 || status === 304;
            resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(init?.body as Buffer | string | undefined);
    });
