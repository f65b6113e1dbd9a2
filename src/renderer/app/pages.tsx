/**
 * The app's pages, each loaded when first shown: the first screen (login) loads only the frame of
 * the app, and each zone's code and libraries (charts, spreadsheets, the roster) come with it.
 */
import { Spin } from 'antd';
import { lazy, Suspense, type ComponentProps, type ComponentType } from 'react';

const Loading = () => (
  <div style={{ padding: 48, textAlign: 'center' }}>
    <Spin />
  </div>
);

/**
 * A page of a module that exports it by name, loaded on first render with a spinner in its own
 * place (the frame around it stays); its props stay typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const page = <M extends Record<K, ComponentType<any>>, K extends keyof M>(load: () => Promise<M>, name: K) => {
  const Lazy = lazy(async () => ({ default: (await load())[name] }));
  const Page = (props: ComponentProps<M[K]>) => (
    <Suspense fallback={<Loading />}>
      <Lazy {...props} />
    </Suspense>
  );
  return Page;
};

export const Frame = page(() => import('./Frame.js'), 'Frame');
export const HomePage = page(() => import('./HomePage.js'), 'HomePage');
export const SetupPage = page(() => import('../station/SetupPage.js'), 'SetupPage');
export const ChangePasswordPage = page(() => import('../auth/ChangePasswordPage.js'), 'ChangePasswordPage');
export const AuditPage = page(() => import('../audit/AuditPage.js'), 'AuditPage');
export const UnmaskingPage = page(() => import('../audit/UnmaskingPage.js'), 'UnmaskingPage');
export const RetentionPage = page(() => import('../retention/RetentionPage.js'), 'RetentionPage');
export const PairingPage = page(() => import('../pairing/PairingPage.js'), 'PairingPage');
export const CollectionPage = page(() => import('../collection/CollectionPage.js'), 'CollectionPage');
export const ChartPrint = page(() => import('../collection/CollectionPrint.js'), 'ChartPrint');
export const NoticePrint = page(() => import('../collection/CollectionPrint.js'), 'NoticePrint');
export const FrontDeskPage = page(() => import('../intake/FrontDeskPage.js'), 'FrontDeskPage');
export const HistoryPage = page(() => import('../intake/HistoryPage.js'), 'HistoryPage');
export const QueueSlipPrint = page(() => import('../intake/QueueSlipPrint.js'), 'QueueSlipPrint');
export const ZoneQueuePage = page(() => import('../intake/ZoneQueuePage.js'), 'ZoneQueuePage');
export const AgreementPrint = page(() => import('../mediation/AgreementPrint.js'), 'AgreementPrint');
export const RightsNoticePrint = page(() => import('../mediation/AgreementPrint.js'), 'RightsNoticePrint');
export const CasePage = page(() => import('../mediation/CasePage.js'), 'CasePage');
export const PoolPage = page(() => import('../mediation/PoolPage.js'), 'PoolPage');
export const ReportPrint = page(() => import('../mediation/ReportPrint.js'), 'ReportPrint');
export const MediationSettingsPage = page(() => import('../mediation/SettingsPage.js'), 'SettingsPage');
export const MediationStatsPage = page(() => import('../mediation/StatsPage.js'), 'StatsPage');
export const MediationZonePage = page(() => import('../mediation/ZonePage.js'), 'MediationZonePage');
export const WallChartPrint = page(() => import('../roster/RosterPrint.js'), 'WallChartPrint');
export const PersonSchedulePrint = page(() => import('../roster/RosterPrint.js'), 'PersonSchedulePrint');
export const RosterPage = page(() => import('../roster/RosterPage.js'), 'RosterPage');
export const RosterSettingsPage = page(() => import('../roster/SettingsPage.js'), 'RosterSettingsPage');
export const HandoverPrint = page(() => import('../office/HandoverPrint.js'), 'HandoverPrint');
export const OfficeNoticePrint = page(() => import('../office/NoticePrint.js'), 'NoticePrint');
export const OfficeRoutinePage = page(() => import('../office/RoutinePage.js'), 'RoutinePage');
export const OfficePage = page(() => import('../office/OfficePage.js'), 'OfficePage');
export const PatrolPage = page(() => import('../patrol/PatrolPage.js'), 'PatrolPage');
export const StatementPrint = page(() => import('../patrol/PatrolPrint.js'), 'StatementPrint');
export const VolunteerCardPrint = page(() => import('../patrol/PatrolPrint.js'), 'VolunteerCardPrint');
export const PreventionFeedbackPrint = page(() => import('../patrol/PreventionFeedbackPrint.js'), 'PreventionFeedbackPrint');
export const StaffPage = page(() => import('../staff/StaffPage.js'), 'StaffPage');
export const ContactCardPrint = page(() => import('../station/ContactCardPrint.js'), 'ContactCardPrint');
export const TestPrint = page(() => import('../station/TestPrint.js'), 'TestPrint');
export const StationSettingsPage = page(() => import('../station/StationSettingsPage.js'), 'StationSettingsPage');
export const SyncPage = page(() => import('../sync/SyncPage.js'), 'SyncPage');
export const BackupPage = page(() => import('../backup/BackupPage.js'), 'BackupPage');
export const RecoverySheetPrint = page(() => import('../backup/RecoveryKey.js'), 'RecoverySheetPrint');
