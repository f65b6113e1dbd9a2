/**
 * The sentence of each kind of audit detail, in both languages: the audit catalog takes them as its
 * `details` (the screens word entries with them), and the core words the unmasking report's CSV
 * with the same. `{{name}}` is a value of the detail (or a value worded by the screen: a status,
 * a zone, a side of the handover, the counts of an import).
 */
import type { AuditDetail, AuditDetailKind } from './details.js';

export const DETAIL_WORDS: { zh: Record<AuditDetailKind, string>; en: Record<AuditDetailKind, string> } = {
  zh: {
    failedAttempt: '密码错误（连续第 {{n}} 次）',
    lockedOut: '密码错误次数过多，账号已锁定',
    inactiveAccount: '账号已停用',
    walkInStatus: '状态改为“{{status}}”',
    walkInUndone: '撤回刚才的结束操作',
    walkInReferred: '转至{{route}}（新记录 {{newId}}）',
    returningFound: '查找回访人员：找到',
    returningNotFound: '查找回访人员：未找到',
    cardReturning: '读卡查找回访人员：找到',
    cardFirstVisit: '读卡查找回访人员：首次来访',
    searchByNumber: '按号码查询：找到 {{n}} 条',
    roomsBatch: '{{units}} 个单元 × {{floors}} 层 × 每层 {{perFloor}} 户：新建 {{rooms}} 个房间',
    appointmentStatus: '预约改为“{{status}}”',
    importPreview: '预览导入 {{fileName}}（来源：{{source}}）：{{counts}}',
    importCommit: '导入 {{fileName}}（来源：{{source}}）：{{counts}}',
    importRejects: '下载 {{fileName}} 的拒收行（来源：{{source}}）',
    handoverSigned: '{{side}}签字：{{name}}',
    handoverRefused: '{{side}}签字被拒：{{cause}}',
    passwordRefused: '{{action}}未获准：{{cause}}',
    caseStep: '案件{{step}}',
    caseStepWithReason: '案件{{step}}：{{reason}}',
    agreementDocument: '打印调解协议书（证件号{{unmasked}}）',
    unmaskingReport: '导出查看证件号记录：{{n}} 条',
    holidayYearSaved: '保存 {{year}} 年节假日安排',
    rosterGenerateStarted: '开始自动排班：{{months}}',
    rosterGenerated: '保存自动排班结果：自 {{from}} 起，目标值 {{objective}}（{{optimal}}），一并排班的月份 {{months}}',
    rosterCellsChanged: '手工调整 {{n}} 个班次：{{cells}}',
    rerosterRepaired: '自 {{from}} 起重新排班：{{remaining}} 个班次中调整了 {{changed}} 个',
    rerosterEngineStarted: '自 {{from}} 起重新排班：无法小幅调整，已开始自动排班',
    swapDecided: '换班申请{{decision}}',
    recoveryKeyRefused: '{{file}}：恢复密钥未被接受（{{reason}}）',
    recoveryKeyMade: '生成恢复密钥，更新了 {{backupsUpdated}} 份备份',
    recoveryKeyRenewed: '更换恢复密钥，更新了 {{backupsUpdated}} 份备份',
    recoverySheetShown: '查看恢复密钥单',
    backupOpenedWithRecoveryKey: '{{file}}：用恢复密钥打开',
    backupRestored: '从 {{file}}（{{takenAt}}）恢复，原数据库保留在 {{keptAside}}',
    backupRestoredWithRecoveryKey: '从 {{file}}（{{takenAt}}）恢复，原数据库保留在 {{keptAside}}；用恢复密钥打开，密钥已保存到本机',
    backupFolder: '备份位置：{{folder}}',
    syncEnrolled: '向总部登记：{{hqUrl}}',
    syncSettings: '同步{{enabled}}，已确认的发送记录保留 {{retentionDays}} 天',
    caseTransferRequested: '申请将案件移交至 {{toStationCode}}',
    caseTransferReceived: '接收 {{fromStationCode}} 移交的案件 {{caseNo}}',
    hqCaPinned: '指定总部证书的颁发机构',
    hqCaSystem: '总部证书改用系统信任的颁发机构',
  },
  en: {
    failedAttempt: 'Wrong password (attempt {{n}} in a row)',
    lockedOut: 'Too many wrong passwords: account locked',
    inactiveAccount: 'Account disabled',
    walkInStatus: 'Status set to “{{status}}”',
    walkInUndone: 'Took back the end just given',
    walkInReferred: 'Referred to {{route}} (new record {{newId}})',
    returningFound: 'Returning visitor lookup: found',
    returningNotFound: 'Returning visitor lookup: not found',
    cardReturning: 'Returning visitor lookup by ID card: found',
    cardFirstVisit: 'Returning visitor lookup by ID card: first visit',
    searchByNumber: 'Search by number: {{n}} found',
    roomsBatch: '{{units}} units × {{floors}} floors × {{perFloor}} per floor: {{rooms}} rooms created',
    appointmentStatus: 'Visit set to “{{status}}”',
    importPreview: 'Previewed the import of {{fileName}} (from {{source}}): {{counts}}',
    importCommit: 'Imported {{fileName}} (from {{source}}): {{counts}}',
    importRejects: 'Downloaded the refused rows of {{fileName}} (from {{source}})',
    handoverSigned: '{{side}} signed: {{name}}',
    handoverRefused: '{{side}} signature refused: {{cause}}',
    passwordRefused: '{{action}} refused: {{cause}}',
    caseStep: 'Case {{step}}',
    caseStepWithReason: 'Case {{step}}: {{reason}}',
    agreementDocument: 'Printed the agreement (ID numbers {{unmasked}})',
    unmaskingReport: 'Exported the unmasking report: {{n}} entries',
    holidayYearSaved: 'Saved the holidays of {{year}}',
    rosterGenerateStarted: 'Started generating the roster: {{months}}',
    rosterGenerated: 'Saved the generated roster from {{from}} on: objective {{objective}} ({{optimal}}), months planned together {{months}}',
    rosterCellsChanged: 'Changed {{n}} shifts by hand: {{cells}}',
    rerosterRepaired: 'Re-rostered from {{from}}: {{changed}} of {{remaining}} shifts changed',
    rerosterEngineStarted: 'Re-rostered from {{from}}: no small repair, the engine started',
    swapDecided: 'Shift swap {{decision}}',
    recoveryKeyRefused: '{{file}}: recovery key not taken ({{reason}})',
    recoveryKeyMade: 'Made the recovery key; {{backupsUpdated}} backups updated',
    recoveryKeyRenewed: 'Renewed the recovery key; {{backupsUpdated}} backups updated',
    recoverySheetShown: 'Showed the recovery sheet',
    backupOpenedWithRecoveryKey: '{{file}}: opened with the recovery key',
    backupRestored: 'Restored from {{file}} ({{takenAt}}); the database it replaced is kept at {{keptAside}}',
    backupRestoredWithRecoveryKey:
      'Restored from {{file}} ({{takenAt}}); the database it replaced is kept at {{keptAside}}; opened with the recovery key, its key now sealed on this computer',
    backupFolder: 'Backup folder: {{folder}}',
    syncEnrolled: 'Enrolled with HQ: {{hqUrl}}',
    syncSettings: 'Sync {{enabled}}; acknowledged entries kept {{retentionDays}} days',
    caseTransferRequested: 'Asked to hand the case over to {{toStationCode}}',
    caseTransferReceived: 'Received case {{caseNo}} from {{fromStationCode}}',
    hqCaPinned: 'Pinned the authority HQ’s certificate must come from',
    hqCaSystem: 'HQ’s certificate checked against the system’s authorities again',
  },
};

/** The words of one detail's values: a coded value (a status, a zone, a side) by the caller's `name`, numbers and text as they are. */
export type ValueWords = (detail: AuditDetail, field: string, value: unknown) => string | null;

/**
 * A detail as a sentence of `words` (the catalog's, or DETAIL_WORDS), its values put in with
 * `valueWords` where it has words for them; a nested detail (why a signature was refused) worded
 * the same way.
 */
export const wordDetail = (detail: AuditDetail, words: Record<AuditDetailKind, string>, valueWords: ValueWords = () => null): string =>
  words[detail.kind].replace(/\{\{(\w+)\}\}/g, (_, field: string) => {
    const value = (detail as unknown as Record<string, unknown>)[field];
    const worded = valueWords(detail, field, value);
    if (worded !== null) return worded;
    if (value && typeof value === 'object' && 'kind' in value) return wordDetail(value as AuditDetail, words, valueWords);
    if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(', ');
    return value === null || value === undefined ? '—' : String(value);
  });
