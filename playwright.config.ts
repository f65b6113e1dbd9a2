import { defineConfig } from '@playwright/test';
import { availableParallelism } from 'node:os';

/** Debian's Chromium with the flags this closed network needs (no background connections). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export default defineConfig({
  testDir: 'tests/e2e',
  // deadlines for a failure to be called, not waits: each spec waits on the page's own signals, and
  // on a loaded CI machine (two workers beside other jobs) a spec's slowest path takes minutes
  timeout: 360_000,
  expect: { timeout: 30_000 },
  // every spec starts its own server on a free port with its own temp data directory (and its HQ on
  // its own directory), so files run side by side: one worker per core unless E2E_WORKERS says otherwise
  workers: Number(process.env.E2E_WORKERS) || availableParallelism(),
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    locale: 'zh-CN',
    // the app then draws dialogs without their zoom: a click is never aimed at a dialog still growing
    reducedMotion: 'reduce',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1440, height: 900 },
    screenshot: 'only-on-failure',
    // a failed test keeps its trace with the page's DOM at every step; the screencast a trace also
    // records by default costs a third of a spec's CPU (every frame encoded) for every passing test
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true },
  },
});
