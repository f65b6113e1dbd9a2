import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HashRouter, Route, Routes } from 'react-router';
import { authLock, authLogout, authMe } from '../../shared/auth/contract.js';
import { AppError } from '../../shared/errors.js';
import { mediationQueue } from '../../shared/mediation/contract.js';
import { canCall } from '../../shared/roles.js';
import type { Role } from '../../shared/roles.js';
import { stationStatus } from '../../shared/station/contract.js';
import { call, onAuthError, session } from './api.js';
import { fontFamily } from './fonts.js';
import { errorText } from './i18n.js';
import { MeContext } from './me.js';
import { useMethod } from './query.js';
import { LockScreen } from '../auth/LockScreen.js';
import { LoginPage } from '../auth/LoginPage.js';
import { RECOVERY_SHEET_PATH } from '../backup/recoverySheetPath.js';
import {
  Frame,
  HomePage,
  ChangePasswordPage,
  AuditPage,
  UnmaskingPage,
  RetentionPage,
  PairingPage,
  CollectionPage,
  ChartPrint,
  NoticePrint,
  FrontDeskPage,
  HistoryPage,
  QueueSlipPrint,
  ZoneQueuePage,
  AgreementPrint,
  RightsNoticePrint,
  CasePage,
  PoolPage,
  ReportPrint,
  MediationSettingsPage,
  MediationStatsPage,
  MediationZonePage,
  PersonSchedulePrint,
  WallChartPrint,
  RosterPage,
  RosterSettingsPage,
  HandoverPrint,
  OfficeNoticePrint,
  OfficeRoutinePage,
  OfficePage,
  PatrolPage,
  StatementPrint,
  VolunteerCardPrint,
  PreventionFeedbackPrint,
  StaffPage,
  ContactCardPrint,
  SetupPage,
  StationSettingsPage,
  TestPrint,
  SyncPage,
  BackupPage,
  RecoverySheetPrint,
} from './pages.js';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, error) => !(error instanceof AppError) && count < 2,
      refetchOnWindowFocus: true,
      staleTime: 2_000,
    },
  },
});

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
  if (!status.data.setUp) return <SetupPage onDone={() => void status.refetch()} />;
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
        <ChangePasswordPage forced onDone={() => void me.refetch()} />
      </MeContext.Provider>
    );
  }
  const can = (method: typeof mediationQueue) => canCall(method.access, meValue.me.role as Role);
  return (
    <MeContext.Provider value={meValue}>
      <Routes>
        <Route path="/print/slip/:id" element={<QueueSlipPrint />} />
        <Route path="/print/contact-card" element={<ContactCardPrint />} />
        <Route path="/print/test/:kind" element={<TestPrint />} />
        <Route path="/print/mediation/agreement/:id" element={<AgreementPrint />} />
        <Route path="/print/mediation/notice/:id" element={<RightsNoticePrint />} />
        <Route path="/print/roster/:month" element={<WallChartPrint />} />
        <Route path="/print/roster/:month/:staffId" element={<PersonSchedulePrint />} />
        <Route path="/print/office/handover/:id" element={<HandoverPrint />} />
        <Route path="/print/office/notice/:id" element={<OfficeNoticePrint />} />
        <Route path="/print/patrol/statement/:id/:month" element={<StatementPrint />} />
        <Route path="/print/patrol/card/:id" element={<VolunteerCardPrint />} />
        <Route path="/print/patrol/feedback/:propertyId/:month" element={<PreventionFeedbackPrint />} />
        <Route path="/print/collection/chart/:id" element={<ChartPrint />} />
        <Route path="/print/collection/notice/:id" element={<NoticePrint />} />
        <Route path="/print/mediation/report/:month" element={<ReportPrint />} />
        <Route path={RECOVERY_SHEET_PATH} element={<RecoverySheetPrint />} />
        <Route element={<Frame />}>
          <Route index element={<HomePage />} />
          <Route path="front-desk" element={<FrontDeskPage />} />
          <Route path="history" element={<HistoryPage />} />
          <Route path="zone/mediation" element={can(mediationQueue) ? <MediationZonePage /> : <ZoneQueuePage />} />
          <Route path="zone/:route" element={<ZoneQueuePage />} />
          <Route path="mediation/case/:id" element={<CasePage />} />
          <Route path="mediation/pool" element={<PoolPage />} />
          <Route path="roster" element={<RosterPage />} />
          <Route path="roster/settings" element={<RosterSettingsPage />} />
          <Route path="office" element={<OfficePage />} />
          <Route path="office/routine" element={<OfficeRoutinePage />} />
          <Route path="patrol" element={<PatrolPage />} />
          <Route path="collection" element={<CollectionPage />} />
          <Route path="mediation/stats" element={<MediationStatsPage />} />
          <Route path="mediation/settings" element={<MediationSettingsPage />} />
          <Route path="settings/staff" element={<StaffPage />} />
          <Route path="settings/station" element={<StationSettingsPage />} />
          <Route path="settings/password" element={<ChangePasswordPage onDone={() => void me.refetch()} />} />
          <Route path="settings/audit" element={<AuditPage />} />
          <Route path="settings/retention" element={<RetentionPage />} />
          <Route path="settings/unmasking" element={<UnmaskingPage />} />
          <Route path="settings/terminals" element={<PairingPage />} />
          <Route path="settings/sync" element={<SyncPage />} />
          <Route path="settings/backup" element={<BackupPage />} />
          <Route path="*" element={<Result status="404" title="404" />} />
        </Route>
      </Routes>
    </MeContext.Provider>
  );
};

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
      theme={{ token: { colorPrimary: '#1d4f91', borderRadius: 4, fontFamily: fontFamily(i18n.language) } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <HashRouter>
            <Gate />
          </HashRouter>
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
};
