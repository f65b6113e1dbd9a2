import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import { METHODS } from '../../src/shared/contract.js';
import { AUDIT_DETAIL_KINDS, auditDetail, type AuditDetail } from '../../src/shared/audit/details.js';
import { UNMASKING_METHODS } from '../../src/shared/audit/contract.js';
import { DETAIL_WORDS, UNMASKING_METHOD_WORDS, wordDetail } from '../../src/shared/audit/words.js';
import { build } from '../../src/renderer/app/resources.js';
import { detailText } from '../../src/renderer/audit/details.js';
import { en, zh } from '../../src/renderer/audit/i18n.js';

/** What the audit log shows: every write, and every read that is audited (an unmasking, a download). */
const AUDITED = METHODS.filter((m) => m.kind === 'write' || m.auditRead).map((m) => m.name);
const wordFor = (catalog: typeof zh, name: string): unknown => {
  const [group, method] = name.split('.');
  return (catalog.methods as Record<string, Record<string, string> | undefined>)[group]?.[method];
};

describe('the audit log reads as words', () => {
  it('names every audited method in Chinese and English', () => {
    for (const [lang, catalog] of [['zh', zh], ['en', en]] as const) {
      const missing = AUDITED.filter((name) => typeof wordFor(catalog, name) !== 'string' || wordFor(catalog, name) === '');
      expect(missing, `${lang}: audited methods the log would show by their code name`).toEqual([]);
      const groups = [...new Set(AUDITED.map((name) => name.split('.')[0]))];
      expect(groups.filter((g) => !(catalog.groups as Record<string, string>)[g]), `${lang}: parts of the app without a name`).toEqual([]);
    }
  });

  it('has no words for methods that no longer exist', () => {
    const names = new Set(METHODS.map((m) => m.name));
    const stale = Object.entries(zh.methods).flatMap(([group, methods]) => Object.keys(methods).map((m) => `${group}.${m}`)).filter((n) => !names.has(n));
    expect(stale).toEqual([]);
  });

  it('writes Chinese with full-width punctuation and English without Chinese characters', () => {
    const zhWords = Object.values(zh.methods).flatMap((m) => Object.values(m));
    expect(zhWords.filter((w) => /[(),:;]/.test(w))).toEqual([]);
    const enWords = Object.values(en.methods).flatMap((m) => Object.values(m));
    expect(enWords.filter((w) => /[\u3000-\u9fff\uff00-\uffef]/.test(w))).toEqual([]);
  });
});

describe('the core writes what happened as a kind and its values; the log words it in the reader’s language', () => {
  const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const reader = async (lng: 'zh' | 'en') => {
    const i = i18next.createInstance();
    await i.init({ lng, resources: { [lng]: { translation: await build(lng) } }, interpolation: { escapeValue: false } });
    return i.t.bind(i);
  };
  // one of each kind, with values as the core writes them
  const SAMPLES: AuditDetail[] = [
    auditDetail('failedAttempt', { n: 2 }),
    auditDetail('lockedOut'),
    auditDetail('inactiveAccount'),
    auditDetail('walkInStatus', { status: 'serving' }),
    auditDetail('walkInUndone'),
    auditDetail('walkInReferred', { route: 'collection', newId: '0193a1b2-0000-7000-8000-000000000001' }),
    auditDetail('returningFound'),
    auditDetail('returningNotFound'),
    auditDetail('cardReturning'),
    auditDetail('cardFirstVisit'),
    auditDetail('searchByNumber', { n: 3 }),
    auditDetail('roomsBatch', { units: 2, floors: 18, perFloor: 4, rooms: 144 }),
    auditDetail('appointmentStatus', { status: 'missed' }),
    auditDetail('importPreview', { source: 'grid', fileName: 'a.xlsx', counts: { new: 3, updated: 1, unchanged: 0, rejected: 2 } }),
    auditDetail('importCommit', { source: 'grid', fileName: 'a.xlsx', counts: { new: 3, updated: 1, unchanged: 0, rejected: 2 } }),
    auditDetail('importRejects', { source: 'grid', fileName: 'a.xlsx' }),
    auditDetail('handoverSigned', { side: 'receiver', name: 'Li' }),
    auditDetail('handoverRefused', { side: 'giver', cause: auditDetail('failedAttempt', { n: 1 }) }),
    auditDetail('passwordRefused', { action: 'purge', cause: auditDetail('lockedOut') }),
    auditDetail('caseStep', { step: 'failureAcknowledged' }),
    auditDetail('caseStepWithReason', { step: 'declined', reason: 'one party refused' }),
    auditDetail('agreementDocument', { unmasked: false }),
    auditDetail('unmaskingReport', { n: 12 }),
    auditDetail('walkInReferralUndone', { withdrawnId: '0193a1b2-0000-7000-8000-000000000001' }),
    auditDetail('queueCalled', { queueNo: '调-003', chosen: true }),
    auditDetail('queueNumber', { queueNo: '办-012' }),
    auditDetail('visitorRating', { level: 'verySatisfied', terminal: '大厅评价器' }),
    auditDetail('cardReaderSet', { path: null }),
    auditDetail('cardReaderTest', { path: 'COM3', outcome: 'badChecksum' }),
    auditDetail('patrolEnded', { awards: [{ name: '王志愿', points: 5 }, { name: '赵志愿', points: 3 }] }),
    auditDetail('pointsRules', { perHour: 2, perPatrol: 1, perFinding: 3 }),
    auditDetail('pointsAwarded', { points: 10, reason: '协助寻人' }),
    auditDetail('pointsCorrected', { points: -10, reason: '重复录入' }),
    auditDetail('goodsRestocked', { quantity: 20 }),
    auditDetail('goodsRedeemed', { goods: '雨伞', quantity: 1, points: -30 }),
    auditDetail('nightCheck', { property: '阳光物业', score: 92 }),
    auditDetail('schoolPost', { date: '2026-11-28', period: 'morning', absent: true }),
    auditDetail('cameraRound', { checked: 12, faults: 1 }),
    auditDetail('shiftOpened', { source: 'roster' }),
    auditDetail('logEntryAdded', { type: 'incident' }),
    auditDetail('taskStandard', { listId: '0193a1b2-0000-7000-8000-000000000002' }),
    auditDetail('taskCompleted', { nextId: null, photo: { fileName: 'a.jpg', mime: 'image/jpeg', size: 2048, sha256: 'ab12' } }),
    auditDetail('taskPhotoOpened', { fileName: 'a.jpg', sha256: 'ab12' }),
    auditDetail('assessmentItem', { staffId: '0193a1b2-0000-7000-8000-000000000003', period: '2026-11', side: 'community', points: -2, reason: '迟到' }),
    auditDetail('award', { year: 2026, title: 'excellentOfficer', status: 'winner' }),
    auditDetail('ratingRuleOff'),
    auditDetail('ratingRule', { plus: 1, minus: 2, cap: 10 }),
    auditDetail('pairingStarted', { name: '大厅叫号屏', mode: 'display' }),
    auditDetail('retentionPeriods', { periods: { walkIns: 365, audit: null } }),
    auditDetail('retentionPurged', { asOf: '2026-11-28T00:00:00.000Z', counts: { walkIns: 4, appointments: 0 }, related: 2 }),
    auditDetail('caseOpened', { source: 'walkIn', walkInId: '0193a1b2-0000-7000-8000-000000000004' }),
    auditDetail('partyAdded', { name: '张三' }),
    auditDetail('partyChanged', { partyId: '0193a1b2-0000-7000-8000-000000000005' }),
    auditDetail('mediatorsAssigned', { mediatorIds: ['m1', 'm2'], chosenByParties: true }),
    auditDetail('sessionAdded', { heldAt: '2026-11-28T02:00:00.000Z' }),
    auditDetail('sessionSigned', { sessionId: '0193a1b2-0000-7000-8000-000000000006' }),
    auditDetail('followUpScheduled', { date: '2026-12-28' }),
    auditDetail('followUpDone', { performance: 'partial' }),
    auditDetail('fileAttached', { seq: 2, file: { fileName: '协议.pdf', mime: 'application/pdf', size: 1_048_576, sha256: 'cd34' } }),
    auditDetail('fileOpened', { fileId: '0193a1b2-0000-7000-8000-000000000007', fileName: '协议.pdf' }),
    auditDetail('fileWithdrawn', { fileId: '0193a1b2-0000-7000-8000-000000000007', reason: '传错了' }),
    auditDetail('mediationSettings', { startLimitHours: 48, rescored: 3 }),
    auditDetail('holidayYearSaved', { year: 2027 }),
    auditDetail('rosterGenerateStarted', { months: '2026-12, 2027-01, 2027-02' }),
    auditDetail('rosterGenerated', { objective: 42, optimal: false, from: '2026-12-01', months: '2026-12' }),
    auditDetail('rosterCellsChanged', { n: 1, cells: '2026-12-03 a1b2c3 → D' }),
    auditDetail('rerosterRepaired', { from: '2026-12-10', changed: 3, remaining: 40 }),
    auditDetail('rerosterEngineStarted', { from: '2026-12-10' }),
    auditDetail('swapDecided', { decision: 'approved' }),
    auditDetail('recoveryKeyRefused', { file: 'station-backup-20261201T010000Z.sqlite', reason: 'recoveryKeyWrong' }),
    auditDetail('recoveryKeyMade', { backupsUpdated: 0 }),
    auditDetail('recoveryKeyRenewed', { backupsUpdated: 4 }),
    auditDetail('recoverySheetShown'),
    auditDetail('backupOpenedWithRecoveryKey', { file: 'station-backup-20261201T010000Z.sqlite' }),
    auditDetail('backupRestored', { file: 'station-backup-20261201T010000Z.sqlite', takenAt: '2026-12-01T01:00:00.000Z', keptAside: '/data/before-restore/x.sqlite' }),
    auditDetail('backupRestoredWithRecoveryKey', { file: 'station-backup-20261201T010000Z.sqlite', takenAt: '2026-12-01T01:00:00.000Z', keptAside: '/data/before-restore/x.sqlite' }),
    auditDetail('backupFolder', { folder: '/media/usb/backups' }),
    auditDetail('syncEnrolled', { hqUrl: 'https://hq.example:8443' }),
    auditDetail('syncSettings', { enabled: true, retentionDays: 30 }),
    auditDetail('caseTransferRequested', { toStationCode: 'SY-NJ-002' }),
    auditDetail('caseTransferReceived', { fromStationCode: 'SY-NJ-001', caseNo: '2026-0007' }),
    auditDetail('hqCaPinned'),
    auditDetail('hqCaSystem'),
  ];
  /** The samples' words that are a user's own (names, reasons, file names), which an English sentence may carry. */
  const USER_WORDS = /王志愿|赵志愿|协助寻人|重复录入|雨伞|阳光物业|迟到|大厅叫号屏|大厅评价器|张三|协议\.pdf|传错了/g;

  it('has a sentence for every kind in both languages, and a sample of each here', () => {
    expect(SAMPLES.map((d) => d.kind).sort()).toEqual([...AUDIT_DETAIL_KINDS].sort());
    for (const lang of ['zh', 'en'] as const) expect(Object.keys(DETAIL_WORDS[lang]).sort()).toEqual([...AUDIT_DETAIL_KINDS].sort());
    expect(Object.values(DETAIL_WORDS.en).filter((w) => CJK.test(w))).toEqual([]);
    expect(Object.values(DETAIL_WORDS.zh).filter((w) => /[\u3400-\u9fff][,;:()]|[,;:(][\u3400-\u9fff]/.test(w))).toEqual([]);
  });

  it('words each kind with its values: statuses, zones and sides in the reader’s language, no code left', async () => {
    const [tZh, tEn] = [await reader('zh'), await reader('en')];
    for (const d of SAMPLES) {
      const zhText = detailText(tZh, d)!;
      const enText = detailText(tEn, d)!;
      expect(zhText, d.kind).not.toMatch(/\{\{|undefined|\[object/);
      expect(enText, d.kind).not.toMatch(/\{\{|undefined|\[object/);
      expect(CJK.test(enText.replace(USER_WORDS, '')), `${d.kind}: ${enText}`).toBe(false);
    }
    expect(detailText(tZh, SAMPLES[3])).toBe('状态改为“接待中”');
    expect(detailText(tEn, SAMPLES[3])).toBe('Status set to “Being served”');
    expect(detailText(tZh, SAMPLES[17])).toBe('交班人签字被拒：密码错误（连续第 1 次）');
    expect(detailText(tEn, SAMPLES[16])).toBe('Taking over signed: Li');
    expect(detailText(tZh, SAMPLES[5])).toBe('转至采集区（新记录 0193a1b2-0000-7000-8000-000000000001）');
    // the office's, patrol's, retention's, pairing's and mediation's entries, coded values worded
    const of = (kind: string) => SAMPLES.find((d) => d.kind === kind)!;
    expect(detailText(tEn, of('queueCalled'))).toBe('Called M-003 (picked at the desk)');
    expect(detailText(tZh, of('queueCalled'))).toBe('叫号 调-003（指定叫号）');
    expect(detailText(tEn, of('patrolEnded'))).toBe('Patrol ended, points: 王志愿 +5; 赵志愿 +3');
    expect(detailText(tEn, of('schoolPost'))).toMatch(/^School post 2026-11-28 \S.* \(absent\)$/);
    expect(detailText(tEn, of('shiftOpened'))).toBe('Shift opened from the roster');
    expect(detailText(tZh, of('shiftOpened'))).toBe('开班：按排班');
    expect(detailText(tEn, of('award'))).toBe('2026 Excellent community officer: Winner');
    expect(detailText(tEn, of('pairingStarted'))).toBe('Pairing terminal “大厅叫号屏” (Calling display only)');
    expect(detailText(tEn, of('retentionPeriods'))).toMatch(/: 365 days; .*: kept for ever$/);
    expect(detailText(tEn, of('followUpDone'))).toBe('Follow-up done: Partly performed');
    expect(detailText(tEn, of('taskCompleted'))).toBe('Task done; next task: —; photo: a.jpg (image/jpeg, 2.0 KB, sha256 ab12)');
    expect(detailText(tEn, of('mediatorsAssigned'))).toBe('Assigned mediators m1, m2 (chosen by the parties)');
    expect(detailText(tZh, auditDetail('caseStep', { step: 'archived' }))).toBe('案件已归档');
    expect(detailText(tEn, auditDetail('caseStepWithReason', { step: 'declined', reason: 'one party refused' }))).toBe('Case declined: one party refused');
    expect(detailText(tZh, auditDetail('agreementDocument', { unmasked: true }))).toBe('打印调解协议书（证件号完整）');
    expect(detailText(tZh, auditDetail('swapDecided', { decision: 'declined' }))).toBe('换班申请未批准');
    expect(detailText(tEn, auditDetail('syncSettings', { enabled: false, retentionDays: 30 }))).toBe('Sync off; acknowledged entries kept 30 days');
    expect(detailText(tZh, auditDetail('recoveryKeyRefused', { file: 'b.sqlite', reason: 'recoveryKeyMistyped' }))).toBe('b.sqlite：恢复密钥未被接受（输入有误）');
    expect(detailText(tEn, auditDetail('rosterGenerated', { objective: 7, optimal: true, from: '2026-12-01', months: '2026-12' }))).toBe(
      'Saved the generated roster from 2026-12-01 on: objective 7 (optimal), months planned together 2026-12',
    );
    // the user's words stay theirs; entries from before kinds keep their old wording
    expect(detailText(tEn, '出具证明')).toBe('出具证明');
    expect(detailText(tZh, 'failed attempt 3')).toBe('密码错误（连续第 3 次）');
  });

  it('the unmasking report’s file names its actions with the words the screen uses', () => {
    for (const lang of ['zh', 'en'] as const) {
      const catalog = lang === 'zh' ? zh : en;
      for (const [method, words] of Object.entries(UNMASKING_METHOD_WORDS[lang])) expect(wordFor(catalog, method), method).toBe(words);
    }
    expect(Object.keys(UNMASKING_METHOD_WORDS.en).sort()).toEqual([...UNMASKING_METHODS].sort());
  });

  it('the unmasking report’s file words them with the same sentences', () => {
    expect(wordDetail(auditDetail('searchByNumber', { n: 3 }), DETAIL_WORDS.zh)).toBe('按号码查询：找到 3 条');
    expect(wordDetail(auditDetail('searchByNumber', { n: 3 }), DETAIL_WORDS.en)).toBe('Search by number: 3 found');
  });
});
