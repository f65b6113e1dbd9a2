import { describe, expect, it } from 'vitest';
import { agreementDocument, type AgreementSource } from '../../src/shared/mediation/agreement.js';
import { openCaseInput, riskRulesInput } from '../../src/shared/mediation/contract.js';
import {
  ACTION_STATUSES,
  CASE_ACTIONS,
  CASE_STATUSES,
  OPEN_STATUSES,
  addMonthsClamped,
  canMove,
  concludeDueDate,
  endOfLocalDay,
  formatCaseNo,
  isFinal,
  judicialConfirmationDeadline,
  latestExtensionDate,
  placeKey,
  startDueAt,
  type CaseStatus,
} from '../../src/shared/mediation/model.js';
import { DEFAULT_RISK_RULES, RISK_RULES, excerptsOf, findKeywords, levelOf, maxLevel, scoreRisk, type RiskInput, type RiskRules } from '../../src/shared/mediation/risk.js';
import { rankMediators, successRate, type PoolStanding } from '../../src/shared/mediation/suggest.js';
import { toFieldErrors } from '../../src/shared/fields.js';
import { residentId } from '../helpers/station.js';

describe('the case state machine', () => {
  // the whole table, written out: a change to it is a change to the law as the station applies it
  const ALLOWED: [CaseStatus, CaseStatus][] = [
    ['registered', 'accepted'],
    ['registered', 'declined'],
    ['registered', 'cancelled'],
    ['accepted', 'mediating'],
    ['accepted', 'failed'],
    ['accepted', 'cancelled'],
    ['mediating', 'agreed'],
    ['mediating', 'failed'],
    ['mediating', 'cancelled'],
    ['agreed', 'followedUp'],
    ['agreed', 'cancelled'],
    ['failed', 'archived'],
    ['failed', 'cancelled'],
    ['declined', 'archived'],
    ['declined', 'cancelled'],
    ['followedUp', 'archived'],
    ['followedUp', 'cancelled'],
  ];
  const allowed = new Set(ALLOWED.map(([a, b]) => `${a}>${b}`));
  const pairs = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as const));

  it.each(pairs)('%s → %s is allowed exactly when the table says so', (from, to) => {
    expect(canMove(from, to)).toBe(allowed.has(`${from}>${to}`));
  });

  it('has archived and cancelled as its only final states, and any other may be cancelled', () => {
    expect(CASE_STATUSES.filter(isFinal)).toEqual(['archived', 'cancelled']);
    for (const s of CASE_STATUSES.filter((x) => !isFinal(x))) expect(canMove(s, 'cancelled'), s).toBe(true);
    // an agreement is archived only through its follow-up visit
    expect(canMove('agreed', 'archived')).toBe(false);
    // nothing goes back
    expect(canMove('accepted', 'registered')).toBe(false);
    expect(canMove('mediating', 'accepted')).toBe(false);
  });

  it('lists as open exactly the states that are not final', () => {
    expect([...OPEN_STATUSES].sort()).toEqual(CASE_STATUSES.filter((s) => !isFinal(s)).sort());
  });

  it('allows each action only in states from which its move is in the table', () => {
    const moves: Partial<Record<(typeof CASE_ACTIONS)[number], CaseStatus>> = {
      accept: 'accepted',
      decline: 'declined',
      recordAgreement: 'agreed',
      recordFailure: 'failed',
      archive: 'archived',
      cancel: 'cancelled',
    };
    for (const [action, to] of Object.entries(moves)) {
      for (const from of ACTION_STATUSES[action as keyof typeof moves]) expect(canMove(from, to as CaseStatus), `${action} from ${from}`).toBe(true);
    }
    // the first session starts mediation; a follow-up visit after an agreement moves it on
    expect(ACTION_STATUSES.addSession.filter((s) => s !== 'mediating').every((s) => canMove(s, 'mediating'))).toBe(true);
    expect(canMove('agreed', 'followedUp')).toBe(true);
    for (const action of CASE_ACTIONS) for (const s of ACTION_STATUSES[action]) expect(isFinal(s), `${action} in ${s}`).toBe(false);
  });
});

describe('deadlines', () => {
  it('starts within the limit in hours from acceptance (an instant, time zones do not matter)', () => {
    expect(startDueAt(new Date('2026-01-31T15:30:00Z'), 24)).toBe('2026-02-01T15:30:00.000Z');
    expect(startDueAt(new Date('2026-01-31T15:30:00Z'), 48)).toBe('2026-02-02T15:30:00.000Z');
  });

  it.each([
    ['2026-01-31', '2026-02-28'],
    ['2028-01-31', '2028-02-29'],
    ['2026-01-30', '2026-02-28'],
    ['2026-01-28', '2026-02-28'],
    ['2026-03-31', '2026-04-30'],
    ['2026-02-28', '2026-03-28'],
    ['2026-12-15', '2027-01-15'],
    ['2026-12-31', '2027-01-31'],
  ])('accepted on %s → concluded by the end of %s (one calendar month, clamped)', (accepted, due) => {
    expect(concludeDueDate(accepted)).toBe(due);
  });

  it('lets an extension reach a second calendar month from acceptance', () => {
    expect(latestExtensionDate('2026-01-31')).toBe('2026-03-31');
    expect(latestExtensionDate('2025-12-31')).toBe('2026-02-28');
    expect(addMonthsClamped('2026-08-31', 1)).toBe('2026-09-30');
  });

  it.each([
    // accepted 2026-01-31 → due 2026-02-28, which ends at local midnight
    ['2026-02-28', 'Asia/Shanghai', '2026-02-28T16:00:00.000Z'],
    ['2026-02-28', 'UTC', '2026-03-01T00:00:00.000Z'],
    ['2026-02-28', 'Asia/Kolkata', '2026-02-28T18:30:00.000Z'],
    ['2026-02-28', 'Asia/Urumqi', '2026-02-28T18:00:00.000Z'],
    ['2026-02-28', 'America/Sao_Paulo', '2026-03-01T03:00:00.000Z'],
    // a zone with summer time: the day after the switch to EDT ends at 04:00Z, the day before at 05:00Z
    ['2026-03-08', 'America/New_York', '2026-03-09T04:00:00.000Z'],
    ['2026-03-07', 'America/New_York', '2026-03-08T05:00:00.000Z'],
  ])('the due date %s in %s has passed at %s', (date, zone, instant) => {
    expect(endOfLocalDay(date, zone)).toBe(instant);
  });

  it('gives 30 days for judicial confirmation, across month ends', () => {
    expect(judicialConfirmationDeadline('2026-03-10')).toBe('2026-04-09');
    expect(judicialConfirmationDeadline('2026-02-10')).toBe('2026-03-12');
    expect(judicialConfirmationDeadline('2026-12-15')).toBe('2027-01-14');
  });

  it('numbers cases by year and sequence', () => {
    expect(formatCaseNo(2026, 7)).toBe('2026-0007');
    expect(formatCaseNo(2026, 12345)).toBe('2026-12345');
  });
});

describe('risk rules', () => {
  const base = (over: Partial<RiskInput> = {}): RiskInput => ({
    caseId: '0190c000-0000-7000-8000-000000000999',
    registeredAt: '2026-06-30T02:00:00.000Z',
    now: '2026-07-01T02:00:00.000Z',
    texts: [{ where: 'facts', text: '两家因停车位发生口角。' }],
    samePartyCases: [],
    samePlaceCases: [],
    failedPartyCases: [],
    partiesUnderCare: [],
    ...over,
  });
  const other = (caseNo: string, registeredAt: string, extra: Record<string, unknown> = {}) => ({
    caseId: `0190c000-0000-7000-8000-000000000${caseNo.slice(-3)}`,
    caseNo,
    registeredAt,
    ...extra,
  });
  const only = (rule: keyof RiskRules): RiskRules => {
    const r = structuredClone(DEFAULT_RISK_RULES);
    for (const k of RISK_RULES) r[k].enabled = k === rule;
    return r;
  };

  it('scores a plain dispute 0, low', () => {
    expect(scoreRisk(base(), DEFAULT_RISK_RULES)).toEqual({ score: 0, level: 'low', reasons: [] });
  });

  it('repeatParties fires for the same person in a dispute within N days before, not after N days or later', () => {
    const rules = only('repeatParties');
    const within = other('2026-0001', '2026-04-01T02:00:00.000Z', { partyName: '李明' });
    const tooOld = other('2026-0002', '2026-03-31T01:59:59.000Z', { partyName: '李明' });
    const later = other('2026-0003', '2026-06-30T03:00:00.000Z', { partyName: '李明' });
    expect(scoreRisk(base({ samePartyCases: [within] }), rules)).toEqual({
      score: 30,
      level: 'medium',
      reasons: [{ rule: 'repeatParties', weight: 30, cases: [{ caseId: within.caseId, caseNo: '2026-0001' }], people: ['李明'] }],
    });
    expect(scoreRisk(base({ samePartyCases: [tooOld, later] }), rules).reasons).toEqual([]);
  });

  it('repeatPlace fires for another dispute at the same place within N days, not beyond', () => {
    const rules = only('repeatPlace');
    const fires = scoreRisk(base({ samePlaceCases: [other('2026-0004', '2026-06-01T02:00:00.000Z')] }), rules);
    expect(fires).toMatchObject({ score: 15, level: 'low', reasons: [{ rule: 'repeatPlace', weight: 15, cases: [{ caseNo: '2026-0004' }] }] });
    expect(scoreRisk(base({ samePlaceCases: [other('2026-0005', '2026-05-30T01:00:00.000Z')] }), rules).reasons).toEqual([]);
  });

  it('priorFailure fires for a party whose other mediation failed in the window (or while this one is open), not before it', () => {
    const rules = only('priorFailure');
    const failed = other('2025-0100', '2025-09-01T02:00:00.000Z', { concludedAt: '2025-10-01T02:00:00.000Z', partyName: '王强' });
    expect(scoreRisk(base({ failedPartyCases: [failed] }), rules)).toMatchObject({
      score: 25,
      reasons: [{ rule: 'priorFailure', cases: [{ caseNo: '2025-0100' }], people: ['王强'] }],
    });
    const whileOpen = other('2026-0200', '2026-06-01T02:00:00.000Z', { concludedAt: '2026-07-01T01:00:00.000Z' });
    expect(scoreRisk(base({ failedPartyCases: [whileOpen] }), rules).reasons).toHaveLength(1);
    const longAgo = other('2024-0100', '2024-01-01T02:00:00.000Z', { concludedAt: '2024-02-01T02:00:00.000Z' });
    expect(scoreRisk(base({ failedPartyCases: [longAgo] }), rules).reasons).toEqual([]);
  });

  it('partyUnderCare fires for a party under care in the collection zone, naming them and not why; not for others', () => {
    const rules = only('partyUnderCare');
    expect(scoreRisk(base({ partiesUnderCare: ['赵六', '赵六'] }), rules)).toEqual({
      score: 30,
      level: 'medium',
      reasons: [{ rule: 'partyUnderCare', weight: 30, people: ['赵六'] }],
    });
    expect(scoreRisk(base(), rules).reasons).toEqual([]);
    const off = { ...rules, partyUnderCare: { enabled: false, weight: 30 } };
    expect(scoreRisk(base({ partiesUnderCare: ['赵六'] }), off).reasons).toEqual([]);
  });

  it('threats fires on a threat in the facts, claims or minutes, with the words around it', () => {
    const rules = only('threats');
    const r = scoreRisk(base({ texts: [{ where: 'facts', text: '王某多次扬言要报复李家，并说“走着瞧”。' }, { where: 'claim', ref: '李明', text: '要求赔偿' }] }), rules);
    expect(r).toMatchObject({ score: 35, level: 'medium' });
    expect(r.reasons[0].hits).toEqual([
      { keyword: '报复', where: 'facts', excerpt: '王某多次扬言要报复李家，并说“走着瞧”。' },
      { keyword: '走着瞧', where: 'facts', excerpt: '王某多次扬言要报复李家，并说“走着瞧”。' },
    ]);
    expect(scoreRisk(base({ texts: [{ where: 'facts', text: '双方心平气和协商。' }] }), rules).reasons).toEqual([]);
  });

  it('an excerpt starts and ends at a sentence, clause or word boundary, never inside a word', () => {
    // the sentence, when it is short: from its first word to its end, not from the sentence before
    expect(findKeywords([{ where: 'facts', text: '双方因漏水争执多年。王某多次扬言要报复李家。' }], ['报复'])[0].excerpt).toBe('王某多次扬言要报复李家。');
    // a long sentence: the clause around the hit
    const long = '二〇二六年三月以来双方因楼上卫生间长期漏水导致楼下天花板发霉脱落多次协商未果，王某在楼道里扬言要报复李家，物业多次上门调解也没有结果';
    expect(findKeywords([{ where: 'facts', text: long }], ['报复'])[0].excerpt).toBe('…王某在楼道里扬言要报复李家，…');
    // no clause mark near: whole words either side, never half of 天花板 or 多次
    const run = '双方因楼上卫生间长期漏水导致楼下天花板发霉脱落多次协商未果王某扬言要报复李家物业多次上门调解也没有结果邻居也说不清楚到底是谁的责任';
    const excerpt = findKeywords([{ where: 'facts', text: run }], ['报复'])[0].excerpt;
    expect(excerpt).toContain('报复');
    const inner = excerpt.replace(/^…|…$/g, '');
    const words = [...new Intl.Segmenter('zh', { granularity: 'word' }).segment(run)];
    const at = run.indexOf(inner);
    expect(words.some((w) => w.index === at)).toBe(true);
    expect(words.some((w) => w.index + w.segment.length === at + inner.length)).toBe(true);
    // a word longer than the reach is kept whole, the hit with it
    const url = `对方在群里发了链接https://example.com/${'a'.repeat(60)}报复${'b'.repeat(60)}还说了很多别的话语没有任何标点`;
    expect(findKeywords([{ where: 'facts', text: url }], ['报复'])[0].excerpt).toContain('报复');
  });

  it('each hit once: keywords that overlap in a text are one hit, and the screen shows each excerpt once', () => {
    const hits = findKeywords([{ where: 'facts', text: '王强说要报复，还说走着瞧。' }], ['报复', '要报复', '报复', '走着瞧']);
    expect(hits).toEqual([
      { keyword: '要报复', where: 'facts', excerpt: '王强说要报复，还说走着瞧。' },
      { keyword: '走着瞧', where: 'facts', excerpt: '王强说要报复，还说走着瞧。' },
    ]);
    expect(excerptsOf(hits)).toEqual([{ where: 'facts', excerpt: '王强说要报复，还说走着瞧。', keywords: ['要报复', '走着瞧'] }]);
    // the same sentence in the minutes of two sessions is two places
    const twice = findKeywords([{ where: 'minutes', ref: '1', text: '要报复。' }, { where: 'minutes', ref: '2', text: '要报复。' }], ['报复']);
    expect(excerptsOf(twice)).toHaveLength(2);
  });

  it('violence fires on violence (case and width folded), not on peaceful words', () => {
    const rules = only('violence');
    expect(scoreRisk(base({ texts: [{ where: 'minutes', ref: '2', text: '双方在楼道推搡，一方受伤。' }] }), rules).reasons[0]).toMatchObject({
      rule: 'violence',
      hits: [
        { keyword: '受伤', where: 'minutes', ref: '2' },
        { keyword: '推搡', where: 'minutes', ref: '2' },
      ],
    });
    expect(scoreRisk(base({ texts: [{ where: 'facts', text: '邻居装修噪音扰民。' }] }), rules).reasons).toEqual([]);
    expect(findKeywords([{ where: 'facts', text: 'He said ＫＩＬＬ you' }], ['kill'])).toEqual([{ keyword: 'kill', where: 'facts', excerpt: 'He said ＫＩＬＬ you' }]);
  });

  it('escalation looks at session minutes only', () => {
    const rules = only('escalation');
    expect(scoreRisk(base({ texts: [{ where: 'minutes', ref: '1', text: '申请人情绪激动，拍桌离场。' }] }), rules)).toMatchObject({
      score: 20,
      reasons: [{ rule: 'escalation', hits: [{ keyword: '情绪激动' }, { keyword: '拍桌' }] }],
    });
    expect(scoreRisk(base({ texts: [{ where: 'facts', text: '申请人情绪激动。' }] }), rules).reasons).toEqual([]);
  });

  it('adds the weights of the rules that fire, caps at 100, and grades by the thresholds', () => {
    const all = scoreRisk(
      base({
        texts: [
          { where: 'facts', text: '扬言报复，持刀威胁。' },
          { where: 'minutes', ref: '1', text: '情绪失控。' },
        ],
        samePartyCases: [other('2026-0001', '2026-06-01T02:00:00.000Z')],
        samePlaceCases: [other('2026-0002', '2026-06-20T02:00:00.000Z')],
        failedPartyCases: [other('2026-0003', '2026-06-01T02:00:00.000Z', { concludedAt: '2026-06-10T02:00:00.000Z' })],
      }),
      DEFAULT_RISK_RULES,
    );
    expect(all.reasons.map((r) => r.rule)).toEqual(['repeatParties', 'repeatPlace', 'priorFailure', 'threats', 'violence', 'escalation']);
    expect(all).toMatchObject({ score: 100, level: 'high' });
    expect(levelOf(29, DEFAULT_RISK_RULES)).toBe('low');
    expect(levelOf(30, DEFAULT_RISK_RULES)).toBe('medium');
    expect(levelOf(60, DEFAULT_RISK_RULES)).toBe('high');
    expect(maxLevel('high', 'low')).toBe('high');
    expect(maxLevel(null, 'medium')).toBe('medium');
  });

  it('uses the tuned data: weights, windows and keyword lists are the head’s to set', () => {
    const tuned = structuredClone(DEFAULT_RISK_RULES);
    tuned.threats.keywords = ['讨说法'];
    tuned.threats.weight = 70;
    const r = scoreRisk(base({ texts: [{ where: 'facts', text: '要去他家讨说法。' }] }), tuned);
    expect(r).toMatchObject({ score: 70, level: 'high', reasons: [{ rule: 'threats', weight: 70 }] });
    tuned.threats.enabled = false;
    expect(scoreRisk(base({ texts: [{ where: 'facts', text: '要去他家讨说法。' }] }), tuned).score).toBe(0);
  });

  it('validates tuned rules: thresholds in order, weights and days in range, keywords trimmed and unique', () => {
    const ok = riskRulesInput.safeParse({ ...DEFAULT_RISK_RULES, threats: { ...DEFAULT_RISK_RULES.threats, keywords: [' 报复 ', '报复', '砍'] } });
    expect(ok.success && ok.data.threats.keywords).toEqual(['报复', '砍']);
    const bad = (over: Record<string, unknown>) => {
      const r = riskRulesInput.safeParse({ ...DEFAULT_RISK_RULES, ...over });
      return r.success ? [] : toFieldErrors(r.error).map((e) => `${e.field} ${e.key}`);
    };
    expect(bad({ mediumThreshold: 70, highThreshold: 60 })).toEqual(['highThreshold mediation.risk.thresholds']);
    expect(bad({ repeatParties: { enabled: true, weight: 101, withinDays: 0 } })).toEqual([
      'repeatParties.weight mediation.risk.range',
      'repeatParties.withinDays mediation.risk.days',
    ]);
    expect(bad({ escalation: { enabled: true, weight: 10, keywords: ['  '] } })).toEqual(['escalation.keywords.0 required']);
  });
});

describe('the written agreement (调解协议书)', () => {
  const source: AgreementSource = {
    caseNo: '2026-0012',
    community: '繁荣社区',
    facts: '楼上漏水致楼下天花板受损。<b>不是标签</b>',
    matters: '修缮费用的承担',
    parties: [
      { id: 'p1', role: 'applicant', name: '李明', idType: 'resident', idNumber: residentId('22070219800101123'), phone: '13600000001', address: '3栋501', representative: null },
      { id: 'p2', role: 'respondent', name: '王强', idType: 'passport', idNumber: 'E12345678', phone: null, address: '3栋601', representative: '王小强（儿子）' },
      { id: 'p3', role: 'thirdParty', name: '物业公司', idType: 'none', idNumber: null, phone: null, address: null, representative: null },
    ],
    mediators: [{ name: '陈调解', organisation: '繁荣社区人民调解委员会' }, { name: '周律师', organisation: '某律师事务所' }],
    agreement: {
      liability: '王强负主要责任',
      terms: '王强赔偿李明修缮费2000元。',
      performanceMethod: '现金',
      performancePlace: '警务室',
      performanceDueDate: '2026-03-31',
      agreedDate: '2026-03-10',
    },
  };

  it('carries the parties, facts, matters, liability, terms and how/where/by when they are performed', () => {
    const doc = agreementDocument(source);
    expect(doc.title).toBe('人民调解协议书');
    expect(doc.parties.map((p) => [p.roleLabel, p.name, p.idTypeLabel, p.idNumber, p.representative])).toEqual([
      ['申请人', '李明', '居民身份证', residentId('22070219800101123'), null],
      ['被申请人', '王强', '护照', 'E12345678', '王小强（儿子）'],
      ['第三人', '物业公司', '未出示证件', null, null],
    ]);
    expect(doc.sections).toEqual([
      { heading: '纠纷主要事实', text: '楼上漏水致楼下天花板受损。<b>不是标签</b>' },
      { heading: '争议事项', text: '修缮费用的承担' },
      { heading: '责任认定', text: '王强负主要责任' },
      { heading: '经调解，自愿达成如下协议', text: '王强赔偿李明修缮费2000元。' },
      { heading: '履行方式、地点、期限', text: '履行方式：现金\n履行地点：警务室\n履行期限：2026-03-31前' },
    ]);
  });

  it('has a copy per party plus one for the file, signature and fingerprint boxes, the seal and the 30-day notice', () => {
    const doc = agreementDocument(source);
    expect(doc.copies).toEqual([
      { holder: 'party', partyId: 'p1', label: '申请人李明收执' },
      { holder: 'party', partyId: 'p2', label: '被申请人王强收执' },
      { holder: 'party', partyId: 'p3', label: '第三人物业公司收执' },
      { holder: 'file', label: '调解委员会存档' },
    ]);
    expect(doc.signatures.map((s) => [s.kind, s.name, s.fingerprint])).toEqual([
      ['party', '李明', true],
      ['party', '王强', true],
      ['party', '物业公司', true],
      ['mediator', '陈调解', false],
      ['mediator', '周律师', false],
    ]);
    expect(doc.committee).toBe('繁荣社区人民调解委员会');
    expect(doc.judicialConfirmation).toEqual({
      days: 30,
      deadline: '2026-04-09',
      notice: '双方当事人可以自本协议生效之日起30日内（即2026-04-09前）共同向人民法院申请司法确认。',
    });
    expect(doc.effectNotice).toContain('本协议一式4份');
  });

  it('leaves out what was not agreed, and names the community committee when no mediator belongs to one', () => {
    const doc = agreementDocument({
      ...source,
      matters: null,
      mediators: [{ name: '周律师', organisation: '某律师事务所' }],
      agreement: { ...source.agreement, liability: null, performanceMethod: null, performancePlace: null, performanceDueDate: null },
    });
    expect(doc.sections.map((s) => s.heading)).toEqual(['纠纷主要事实', '经调解，自愿达成如下协议']);
    expect(doc.committee).toBe('繁荣社区人民调解委员会');
    expect(doc.performance).toEqual({ method: null, place: null, dueDate: null });
  });
});

describe('mediator suggestions', () => {
  const m = (over: Partial<PoolStanding>): PoolStanding => ({
    id: over.name ?? 'x',
    name: 'x',
    specialties: [],
    availability: 'available',
    active: true,
    load: 0,
    agreed: 0,
    failed: 0,
    ...over,
  });

  it('puts specialty first, then record and load; leaves out the unavailable and inactive', () => {
    const ranked = rankMediators(
      [
        m({ name: '甲', specialties: ['family'], agreed: 9, failed: 1 }),
        m({ name: '乙', specialties: ['neighbour'], load: 3 }),
        m({ name: '丙', specialties: ['neighbour'], agreed: 8, failed: 2, load: 1 }),
        m({ name: '丁', specialties: ['neighbour'], availability: 'unavailable' }),
        m({ name: '戊', specialties: ['neighbour'], active: false }),
        m({ name: '己', specialties: ['neighbour'], availability: 'busy' }),
      ],
      'neighbour',
    );
    // 己 is busy but free of cases; 乙 is available but carries three
    expect(ranked.map((r) => r.name)).toEqual(['丙', '己', '乙', '甲']);
    expect(ranked[0]).toMatchObject({ specialtyMatch: true, successRate: 0.8, parts: { specialty: 40, success: 22.5, load: 10, availability: 10 }, score: 82.5 });
    expect(ranked.map((r) => r.score)).toEqual([...ranked.map((r) => r.score)].sort((a, b) => b - a));
  });

  it('has no success rate before the first concluded case', () => {
    expect(successRate(0, 0)).toBeNull();
    expect(successRate(3, 1)).toBe(0.75);
  });
});

describe('opening input', () => {
  const errors = (input: unknown) => {
    const r = openCaseInput.safeParse(input);
    return r.success ? [] : toFieldErrors(r.error).map((e) => `${e.field} ${e.key}`);
  };
  const direct = { source: 'direct', type: 'debt', place: '菜市场', facts: '欠款', parties: [{ name: '李明', idType: 'none', role: 'applicant' }] };

  it('accepts a minimal direct case and normalises ID numbers and phones', () => {
    const r = openCaseInput.parse({
      ...direct,
      parties: [{ name: ' 李明 ', idNumber: '110105491231002', phone: '+86 139 1234 5678', role: 'applicant' }],
    });
    expect(r.parties[0]).toMatchObject({ name: '李明', idType: 'resident', idNumber: '11010519491231002X', phone: '13912345678', tags: [] });
    expect(r).toMatchObject({ addressId: null, matters: null, tags: [] });
  });

  it('names the field of each problem', () => {
    expect(errors({ ...direct, parties: [] })).toEqual(['parties mediation.partiesRequired']);
    expect(errors({ ...direct, unknown: 1 })).toEqual(['unknown unknownField']);
    expect(errors({ ...direct, parties: [{ name: '李明', idType: 'none', idNumber: '123456', role: 'applicant' }] })).toEqual(['parties.0.idNumber idNumber.typeNone']);
    expect(errors({ ...direct, parties: [{ name: '李明', role: 'applicant', phone: '12345' }] })).toEqual(['parties.0.phone phone.mobile']);
    expect(errors({ ...direct, referredAt: '2026-02-30T10:00:00Z', referredById: '0190c000-0000-7000-8000-000000000001' })).toEqual([
      'referredAt mediation.dateTime',
    ]);
    expect(errors({ ...direct, referredById: '0190c000-0000-7000-8000-000000000001' })).toEqual(['referredAt required']);
  });

  it('keys repeats on the place as written, not its spacing or punctuation', () => {
    expect(placeKey('繁荣路 18号。')).toBe(placeKey('繁荣路18号'));
    expect(placeKey('ＡＢＣ小区')).toBe('abc小区');
  });
});
