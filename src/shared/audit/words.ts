/**
 * The sentence of each kind of audit detail, in both languages: the audit catalog takes them as its
 * `details` (the screens word entries with them), and the core words the unmasking report's CSV
 * with the same. `{{name}}` is a value of the detail (or a value worded by the screen: a status,
 * a zone, a side of the handover, the counts of an import).
 */
import { formatBytes } from '../files.js';
import type { UnmaskingMethod } from './contract.js';
import type { AuditDetail, AuditDetailKind, FileFacts } from './details.js';

export const DETAIL_WORDS: { zh: Record<AuditDetailKind, string>; en: Record<AuditDetailKind, string> } = {
  zh: {
    failedAttempt: '密码错误（连续第 {{n}} 次）',
    lockedOut: '密码错误次数过多，账号已锁定',
    inactiveAccount: '账号已停用',
    walkInStatus: '状态改为“{{status}}”',
    walkInUndone: '撤回刚才的结束操作',
    walkInReferred: '转至{{route}}（新记录 {{newId}}）',
    walkInReferralUndone: '撤回刚才的转办（转去的新记录 {{withdrawnId}} 已撤销）',
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
    queueCalled: '叫号 {{queueNo}}{{chosen}}',
    queueNumber: '号码 {{queueNo}}',
    visitorRating: '来访人评价：{{level}}{{terminal}}',
    cardReaderSet: '身份证阅读器端口：{{path}}',
    cardReaderTest: '在 {{path}} 测试读卡：{{outcome}}',
    patrolEnded: '巡逻结束，积分：{{awards}}',
    pointsRules: '积分规则：每小时 {{perHour}} 分，每次巡逻 {{perPatrol}} 分，每条发现 {{perFinding}} 分',
    pointsAwarded: '奖励 {{points}} 分：{{reason}}',
    pointsCorrected: '冲正 {{points}} 分：{{reason}}',
    goodsRestocked: '补货 {{quantity}} 件',
    goodsRedeemed: '兑换 {{goods}} × {{quantity}}，积分 {{points}}',
    nightCheck: '夜查 {{property}}：{{score}} 分',
    schoolPost: '护学岗 {{date}} {{period}}{{absent}}',
    cameraRound: '巡查视频通道 {{checked}} 个，故障 {{faults}} 个',
    shiftOpened: '开班：{{source}}',
    logEntryAdded: '日志类别：{{type}}',
    taskStandard: '采用标准任务清单 {{listId}}',
    taskCompleted: '任务完成；下一次任务：{{nextId}}；照片：{{photo}}',
    taskPhotoOpened: '查看照片 {{fileName}}（sha256 {{sha256}}）',
    assessmentItem: '考核加减分（{{side}}，{{period}}，人员 {{staffId}}）{{points}} 分：{{reason}}',
    award: '{{year}} 年度{{title}}：{{status}}',
    ratingRuleOff: '来访人评价不计入考核',
    ratingRule: '来访人评价计入考核：满意每条加 {{plus}} 分，不满意每条扣 {{minus}} 分，最多 {{cap}} 分',
    pairingStarted: '配对终端“{{name}}”（{{mode}}）',
    retentionPeriods: '保存期限：{{periods}}',
    retentionPurged: '清理截至 {{asOf}} 的过期记录：{{counts}}；关联记录 {{related}} 条',
    caseOpened: '立案，来源：{{source}}（接待记录 {{walkInId}}）',
    partyAdded: '新增当事人 {{name}}',
    partyChanged: '修改当事人 {{partyId}}',
    mediatorsAssigned: '指派调解员 {{mediatorIds}}{{chosenByParties}}',
    sessionAdded: '记录调解 {{heldAt}}',
    sessionSigned: '调解笔录签字 {{sessionId}}',
    followUpScheduled: '安排回访：{{date}}',
    followUpDone: '回访完成：{{performance}}',
    fileAttached: '添加文件 {{seq}}：{{file}}',
    fileOpened: '查看文件 {{fileName}}（{{fileId}}）',
    fileWithdrawn: '撤回文件 {{fileId}}：{{reason}}',
    mediationSettings: '受理时限 {{startLimitHours}} 小时；重新评估未结案件 {{rescored}} 件',
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
    walkInReferralUndone: 'Took back the referral just made (the new record {{withdrawnId}} withdrawn)',
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
    queueCalled: 'Called {{queueNo}}{{chosen}}',
    queueNumber: 'Number {{queueNo}}',
    visitorRating: 'Visitor’s rating: {{level}}{{terminal}}',
    cardReaderSet: 'ID card reader port: {{path}}',
    cardReaderTest: 'Test read on {{path}}: {{outcome}}',
    patrolEnded: 'Patrol ended, points: {{awards}}',
    pointsRules: 'Points rules: {{perHour}} an hour, {{perPatrol}} a patrol, {{perFinding}} a finding',
    pointsAwarded: 'Awarded {{points}} points: {{reason}}',
    pointsCorrected: 'Corrected by {{points}} points: {{reason}}',
    goodsRestocked: 'Restocked {{quantity}}',
    goodsRedeemed: 'Redeemed {{goods}} × {{quantity}} for {{points}} points',
    nightCheck: 'Night check of {{property}}: score {{score}}',
    schoolPost: 'School post {{date}} {{period}}{{absent}}',
    cameraRound: 'Checked {{checked}} cameras, {{faults}} faulty',
    shiftOpened: 'Shift opened {{source}}',
    logEntryAdded: 'Log entry: {{type}}',
    taskStandard: 'Applied the standard task list {{listId}}',
    taskCompleted: 'Task done; next task: {{nextId}}; photo: {{photo}}',
    taskPhotoOpened: 'Opened photo {{fileName}} (sha256 {{sha256}})',
    assessmentItem: 'Assessment item ({{side}}, {{period}}, staff {{staffId}}) {{points}} points: {{reason}}',
    award: '{{year}} {{title}}: {{status}}',
    ratingRuleOff: 'Visitors’ ratings not counted in the assessment',
    ratingRule: 'Visitors’ ratings counted: +{{plus}} per satisfied, −{{minus}} per poor, at most {{cap}}',
    pairingStarted: 'Pairing terminal “{{name}}” ({{mode}})',
    retentionPeriods: 'Retention periods: {{periods}}',
    retentionPurged: 'Purged records expired as of {{asOf}}: {{counts}}; {{related}} related records',
    caseOpened: 'Case opened from {{source}} (walk-in {{walkInId}})',
    partyAdded: 'Added party {{name}}',
    partyChanged: 'Changed party {{partyId}}',
    mediatorsAssigned: 'Assigned mediators {{mediatorIds}}{{chosenByParties}}',
    sessionAdded: 'Recorded a session held {{heldAt}}',
    sessionSigned: 'Session record signed {{sessionId}}',
    followUpScheduled: 'Follow-up set for {{date}}',
    followUpDone: 'Follow-up done: {{performance}}',
    fileAttached: 'Attached file {{seq}}: {{file}}',
    fileOpened: 'Opened file {{fileName}} ({{fileId}})',
    fileWithdrawn: 'Withdrew file {{fileId}}: {{reason}}',
    mediationSettings: 'Start limit {{startLimitHours}} h; {{rescored}} open cases re-scored',
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

/**
 * The ways of seeing a full number (the unmasking report's methods), in both languages: the audit
 * catalog names these methods with them, and the report's file words its action column with them.
 */
export const UNMASKING_METHOD_WORDS: { zh: Record<UnmaskingMethod, string>; en: Record<UnmaskingMethod, string> } = {
  zh: {
    'intake.reveal': '查看完整证件号',
    'collection.reveal': '查看人员完整证件号',
    'intake.findVisitor': '查找回访人员',
    'intake.search': '查询来访记录',
    'collection.search': '按号码查询人员',
    'collection.importPreview': '导入预览（按证件号比对）',
    'collection.importRejects': '下载未导入的行',
    'mediation.agreementDocument': '打印调解协议书',
    'mediation.fileContent': '查看调解材料',
  },
  en: {
    'intake.reveal': 'Revealed an ID number',
    'collection.reveal': 'Revealed a resident’s ID',
    'intake.findVisitor': 'Looked up a returning visitor',
    'intake.search': 'Searched the walk-in history',
    'collection.search': 'Searched people by number',
    'collection.importPreview': 'Import preview (matched by ID number)',
    'collection.importRejects': 'Downloaded the refused rows',
    'mediation.agreementDocument': 'Printed an agreement',
    'mediation.fileContent': 'Opened a file',
  },
};

/**
 * The words the screens put in for a detail's values beside the catalog's own (a status, a zone):
 * the list separator, marks such as "absent", and `language`, the reader's language for values
 * worded by a function (a queue number). The audit catalog takes them at its top level.
 */
export const DETAIL_VALUE_WORDS = {
  zh: {
    language: 'zh-CN',
    separator: '；',
    none: '无',
    calledChosen: '（指定叫号）',
    onTerminal: '（评价器“{{name}}”）',
    noReader: '不使用阅读器',
    cardRead: '读到证件',
    noCard: '未放证件',
    absent: '（缺岗）',
    chosenByParties: '（当事人选定）',
    shiftSources: { roster: '按排班', manual: '手动' },
    keptDays: '{{what}} {{days}} 天',
    keptForever: '{{what}} 永久保存',
    countOf: '{{what}} {{n}} 条',
  },
  en: {
    language: 'en',
    separator: '; ',
    none: 'none',
    calledChosen: ' (picked at the desk)',
    onTerminal: ' (on “{{name}}”)',
    noReader: 'no reader',
    cardRead: 'card read',
    noCard: 'no card',
    absent: ' (absent)',
    chosenByParties: ' (chosen by the parties)',
    shiftSources: { roster: 'from the roster', manual: 'by hand' },
    keptDays: '{{what}}: {{days}} days',
    keptForever: '{{what}}: kept for ever',
    countOf: '{{what}}: {{n}}',
  },
};

/** A file as its entry names it, the same in both languages: name, type, size and fingerprint. */
const fileText = (f: FileFacts) => `${f.fileName} (${f.mime}, ${formatBytes(f.size)}, sha256 ${f.sha256})`;

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
    if (value && typeof value === 'object' && 'sha256' in value && 'size' in value) return fileText(value as FileFacts);
    if (Array.isArray(value)) return value.map(String).join(', ');
    if (value && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(', ');
    return value === null || value === undefined ? '—' : String(value);
  });
