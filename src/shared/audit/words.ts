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
