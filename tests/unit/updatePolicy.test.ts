import { describe, expect, it } from 'vitest';
import {
  CONSENT_BUTTONS,
  UPDATE_TIMING,
  consentPrompt,
  feedHeaders,
  feedOf,
  installPlan,
  nextCheckIn,
  rolloutSlot,
  withinRollout,
  type UpdateSettings,
} from '../../src/main/updates/policy.js';

const enrolled: UpdateSettings = {
  hqUrl: 'https://hq.songyuan.example/',
  hqKey: '0190aaaa-0000-7000-8000-000000000001',
  secret: 'x'.repeat(43),
  enabled: true,
  stationId: '0190bbbb-0000-7000-8000-000000000002',
};

describe('the station’s update policy', () => {
  it('reads updates from HQ’s feed with the station’s credential, and from nowhere without HQ', () => {
    expect(feedOf(enrolled)).toEqual({ provider: 'generic', url: 'https://hq.songyuan.example/updates', channel: 'latest' });
    expect(feedHeaders(enrolled)).toEqual({ authorization: `Station ${enrolled.hqKey}:${enrolled.secret}` });
    expect(feedOf({ ...enrolled, hqKey: null, secret: null })).toBeUndefined();
    expect(feedOf({ ...enrolled, hqUrl: null })).toBeUndefined();
    // sync paused: no update traffic either
    expect(feedOf({ ...enrolled, enabled: false })).toBeUndefined();
    expect(feedHeaders({ ...enrolled, hqKey: null })).toEqual({});
  });

  it('takes a staged release at about the offered share of stations, the same stations every time', () => {
    const stations = Array.from({ length: 2000 }, (_, i) => `0190cccc-0000-7000-8000-${String(i).padStart(12, '0')}`);
    const share = (pct: number, version = '0.2.0') => stations.filter((s) => withinRollout(s, version, pct)).length / stations.length;
    expect(share(10)).toBeGreaterThan(0.07);
    expect(share(10)).toBeLessThan(0.13);
    expect(share(50)).toBeGreaterThan(0.45);
    expect(share(50)).toBeLessThan(0.55);
    expect(share(0)).toBe(0);
    expect(share(100)).toBe(1);
    // stable for a station and version; a station in a 10 % share is in the 50 % share too
    for (const s of stations.slice(0, 50)) {
      expect(rolloutSlot(s, '0.2.0')).toBe(rolloutSlot(s, '0.2.0'));
      if (withinRollout(s, '0.2.0', 10)) expect(withinRollout(s, '0.2.0', 50)).toBe(true);
    }
    // each release picks its own share
    const first = stations.filter((s) => withinRollout(s, '0.2.0', 10));
    const next = stations.filter((s) => withinRollout(s, '0.3.0', 10));
    expect(first).not.toEqual(next);
    // no percentage in the channel file: everyone; a garbled one: everyone, as electron-updater does
    expect(withinRollout(enrolled.stationId, '0.2.0', undefined)).toBe(true);
    expect(withinRollout(enrolled.stationId, '0.2.0', 'abc')).toBe(true);
    expect(withinRollout(enrolled.stationId, '0.2.0', '100')).toBe(true);
    // a station not set up yet waits for the full release
    expect(withinRollout(null, '0.2.0', 50)).toBe(false);
  });

  it('checks a minute after start, every four hours, sooner after a failure, and stops once a download waits', () => {
    expect(nextCheckIn('none')).toBe(UPDATE_TIMING.firstCheckMs);
    expect(UPDATE_TIMING.firstCheckMs).toBe(60_000);
    expect(nextCheckIn('upToDate')).toBe(4 * 3600_000);
    expect(nextCheckIn('noFeed')).toBe(4 * 3600_000);
    expect(nextCheckIn('downloading')).toBe(4 * 3600_000);
    expect(nextCheckIn('failed')).toBe(15 * 60_000);
    expect(nextCheckIn('downloaded')).toBeNull();
  });

  it('installs only with the user’s consent: now, or when the app closes', () => {
    expect(installPlan('now')).toEqual({ quitAndInstallNow: true, installOnQuit: true });
    expect(installPlan('onQuit')).toEqual({ quitAndInstallNow: false, installOnQuit: true });
    expect(installPlan('later')).toEqual({ quitAndInstallNow: false, installOnQuit: false });
    const prompt = consentPrompt('0.2.0', '0.1.0');
    expect(prompt.buttons).toHaveLength(CONSENT_BUTTONS.length);
    expect(CONSENT_BUTTONS[prompt.cancelId]).toBe('later');
    expect(CONSENT_BUTTONS[prompt.defaultId]).toBe('onQuit');
    expect(prompt.message).toContain('0.2.0');
    expect(prompt.message).toContain('Version 0.2.0');
  });
});
