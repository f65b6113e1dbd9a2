import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, use, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Route, Routes } from 'react-router';
import { authLock, authLogout, authMe } from '../../shared/auth/contract.js';
import { AppError } from '../../shared/errors.js';
import { stationStatus } from '../../shared/station/contract.js';
import { call, onAuthError, onWrite, session } from './api.js';
import { fontFamily } from './fonts.js';
import { errorText, hasZoneStrings, loadZoneStrings, type Language } from './i18n.js';
import { MeContext } from './me.js';
import { useMethod } from './query.js';
import { LockScreen } from '../auth/LockScreen.js';
import { LoginPage } from '../auth/LoginPage.js';
import { Frame, HomePage, SetupPage } from './pages.js';
import { FRAME_ROUTES, PRINT_ROUTES, PUBLIC_ROUTES } from './zones.js';
import type { RouteContext, ZoneRoute } from './zone.js';
import { ChangePasswordPage } from '../auth/zone.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof AppError) && count < 2,
      refetchOnWindowFocus: true,
      staleTime: 2_000,
    },
  },
});
// Whatever a write changed, every read on screen is fetched again: a screen cannot know which of
// its reads another zone's write touched (a walk-in shows in the duty log, a shift on the home page).
onWrite(() => queryClient.invalidateQueries());

/** Real input (keys, clicks) tells the core the person is still there, at most once a minute. */
const useActivityHeartbeat = (enabled: boolean, idleLockMinutes: number, onIdle: () => void) => {
  const last = useRef(0);
  useEffect(() => {
    if (!enabled) return;
    last.current = Date.now();
    let sent = last.current;
    const onInput = () => {
      last.current = Date.now();
      if (last.current - sent > 60_000) {
        sent = last.current;
        void call(authMe, {}).catch(() => undefined);
      }
    };
    const events = ['keydown', 'mousedown', 'wheel', 'touchstart'] as const;
    for (const e of events) window.addEventListener(e, onInput, { passive: true });
    const timer = window.setInterval(() => {
      if (Date.now() - last.current > idleLockMinutes * 60_000) onIdle();
    }, 5_000);
    return () => {
      for (const e of events) window.removeEventListener(e, onInput);
      window.clearInterval(timer);
    };
  }, [enabled, idleLockMinutes, onIdle]);
};

const Centered = ({ children }: { children: React.ReactNode }) => (
  <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center' }}>{children}</div>
);

const WaitForZoneStrings = ({ children }: { children: ReactNode }) => {
  const { i18n } = useTranslation();
  const lang = i18n.language as Language;
  if (!hasZoneStrings(lang)) use(loadZoneStrings(lang));
  return children;
};

/**
 * What is shown past the login (and the setup, the public screens) once the zones' strings of the
 * language are there: the first screen carries only its own, the rest come here, and no screen
 * shows a catalog key while they are loading.
 */
const ZoneStrings = ({ children }: { children: ReactNode }) => {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<Centered><Spin tip={t('app.loading')} /></Centered>}>
      <WaitForZoneStrings>{children}</WaitForZoneStrings>
    </Suspense>
  );
};

/** First run → setup; no session → login; locked → unlock; initial password → change; else the app. */
const Gate = () => {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [token, setToken] = useState(session.get());
  const [locked, setLocked] = useState(false);
  const status = useMethod(stationStatus, {});
  const me = useMethod(authMe, {}, { enabled: Boolean(token) && status.data?.setUp === true, retry: false });

  useEffect(
    () =>
      onAuthError((error) => {
        if (error.key === 'sessionLocked') setLocked(true);
        else {
          session.clear();
          setToken(undefined);
        }
      }),
    [],
  );
  // locked here (the lock button, idle time) or found locked by the core (e.g. after a reload)
  const isLocked = locked || (me.error instanceof AppError && me.error.key === 'sessionLocked');

  const logout = useCallback(() => {
    void call(authLogout, {}).catch(() => undefined);
    session.clear();
    setToken(undefined);
    setLocked(false);
    client.clear();
  }, [client]);
  const lock = useCallback(() => {
    setLocked(true);
    void call(authLock, {}).catch(() => undefined);
  }, []);
  useActivityHeartbeat(Boolean(me.data) && !isLocked, me.data?.idleLockMinutes ?? 10, lock);
  const meValue = useMemo(() => (me.data ? { me: me.data, logout, lock } : null), [me.data, logout, lock]);

  if (status.isPending) return <Centered><Spin tip={t('app.loading')} /></Centered>;
  if (status.error) return <Centered><Result status="error" title={errorText(t, status.error)} /></Centered>;
  if (!status.data.setUp) return <ZoneStrings><SetupPage onDone={() => void status.refetch()} /></ZoneStrings>;
  if (!token || (me.error && !isLocked)) {
    return (
      <LoginPage
        stationName={status.data.stationName ?? ''}
        onLoggedIn={(newToken) => {
          session.set(newToken);
          setToken(newToken);
          setLocked(false);
          void client.invalidateQueries();
        }}
      />
    );
  }
  if (isLocked) {
    return (
      <LockScreen
        name={me.data?.name ?? ''}
        onUnlocked={() => {
          setLocked(false);
          void client.invalidateQueries();
        }}
        onLogout={logout}
      />
    );
  }
  if (!meValue) return <Centered><Spin tip={t('app.loading')} /></Centered>;
  if (meValue.me.mustChangePassword) {
    return (
      <MeContext.Provider value={meValue}>
        <ZoneStrings>
          <ChangePasswordPage forced onDone={() => void me.refetch()} />
        </ZoneStrings>
      </MeContext.Provider>
    );
  }
  const routeContext: RouteContext = { refetchMe: () => void me.refetch() };
  const element = (r: ZoneRoute) => (typeof r.element === 'function' ? r.element(routeContext) : r.element);
  return (
    <MeContext.Provider value={meValue}>
      <ZoneStrings>
        <Routes>
          {PRINT_ROUTES.map((r) => (
            <Route key={r.path} path={r.path} element={element(r)} />
          ))}
          <Route element={<Frame />}>
            <Route index element={<HomePage />} />
            {FRAME_ROUTES.map((r) => (
              <Route key={r.path} path={r.path} element={element(r)} />
            ))}
            <Route path="*" element={<Result status="404" title="404" />} />
          </Route>
        </Routes>
      </ZoneStrings>
    </MeContext.Provider>
  );
};

/**
 * A PC set to reduce motion (an accessibility setting of the system) gets dialogs and menus that
 * appear at once: a click on a dialog's button lands where the button is, not where a zooming
 * dialog was a frame before.
 */
const REDUCED_MOTION = window.matchMedia('(prefers-reduced-motion: reduce)').matches;

export const App = () => {
  const { i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  useEffect(() => {
    dayjs.locale(zh ? 'zh-cn' : 'en');
    // what antd does not draw (the page around it, print views) uses the same fonts
    document.body.style.fontFamily = fontFamily(i18n.language);
  }, [zh, i18n.language]);
  return (
    <ConfigProvider
      locale={zh ? zhCN : enUS}
      button={{ autoInsertSpace: false }}
      theme={{ token: { colorPrimary: '#1d4f91', borderRadius: 4, fontFamily: fontFamily(i18n.language), motion: !REDUCED_MOTION } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <Routes>
              {/* a public screen needs no login: a terminal paired for it has none */}
              {PUBLIC_ROUTES.map((r) => (
                <Route key={r.path} path={r.path} element={<ZoneStrings>{typeof r.element === 'function' ? r.element({ refetchMe: () => undefined }) : r.element}</ZoneStrings>} />
              ))}
              <Route path="*" element={<Gate />} />
            </Routes>
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
};
