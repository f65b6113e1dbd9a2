import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { HEAD, STATION_PROFILE } from '../helpers/station.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts browser mode (the built dist/main/serve.cjs) on a data directory, as `npm run serve` does.
 * With `host` (e.g. 0.0.0.0) it is served on the station LAN: HTTPS with the station's own
 * certificate, and this PC's own requests at 127.0.0.1 are the station PC's.
 */
export const startServer = async (dataDir: string, port: number, opts: { host?: string } = {}): Promise<RunningServer> => {
  const args = [join(root, 'dist/main/serve.cjs'), '--data-dir', dataDir, '--port', String(port), ...(opts.host ? ['--host', opts.host] : [])];
  const child = spawn(process.execPath, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const check = () => {
      if (/https?:\/\//.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out}`));
    });
  });
  return {
    url: `${opts.host ? 'https' : 'http'}://127.0.0.1:${port}/`,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
};

/** Calls the core as the logged-in user (the session token of the tab). */
export const api = <T = any>(page: Page, method: string, input: unknown): Promise<T> =>
  page.evaluate(
    async ({ method, input }) => {
      const token = sessionStorage.getItem('station-desk.token');
      const r = await fetch(`./api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input),
      });
      const body = await r.json();
      if (!body.ok) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
      return body.result;
    },
    { method, input },
  );

/** Someone logs in through the login page and lands at home. */
export const logIn = async (page: Page, server: RunningServer, user: { username: string; password: string } = HEAD): Promise<void> => {
  await page.goto(server.url);
  await page.locator('#login_username').fill(user.username);
  await page.locator('#login_password').fill(user.password);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('station-name')).toHaveText(STATION_PROFILE.name);
};

/** First run through the API, then the head logs in through the login page and lands at home. */
export const setUpAndLogIn = async (page: Page, request: APIRequestContext, server: RunningServer): Promise<void> => {
  const setup = await request.post(`${server.url}api/station.setup`, { data: { station: STATION_PROFILE, head: HEAD } });
  expect((await setup.json()).ok).toBe(true);
  await logIn(page, server);
};

/** The first-run screen filled in and sent, as the station head does it (the test station's profile). */
export const setUpThroughTheScreen = async (page: Page) => {
  await page.locator('#setup_station_name').fill(STATION_PROFILE.name);
  await page.locator('#setup_station_code').fill(STATION_PROFILE.code);
  await page.locator('#setup_station_policeArea').fill(STATION_PROFILE.policeArea);
  await page.locator('#setup_station_community').fill(STATION_PROFILE.community);
  await page.locator('#setup_station_address').fill(STATION_PROFILE.address);
  await page.locator('#setup_station_dutyPhones_0_number').fill(STATION_PROFILE.dutyPhones[0].number);
  await page.locator('#setup_head_name').fill(HEAD.name);
  await page.locator('#setup_head_username').fill(HEAD.username);
  await page.locator('#setup_head_phone').fill(HEAD.phone);
  await page.locator('#setup_head_password').fill(HEAD.password);
  await page.locator('#setup_head_passwordConfirm').fill(HEAD.password);
  await page.getByTestId('setup-submit').click();
};
