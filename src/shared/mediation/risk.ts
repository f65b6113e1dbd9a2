/**
 * Early warning for disputes that may turn criminal (民转刑): a score per case from explainable
 * rules whose weights, windows and keyword lists are data the station head tunes (and HQ may push).
 * The scoring is pure; the core gathers the facts it looks at (related cases, texts) and stores the
 * result on the case. Every point of the score comes with the reason that earned it.
 */

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const RISK_RULES = ['repeatParties', 'repeatPlace', 'priorFailure', 'partyUnderCare', 'threats', 'violence', 'escalation'] as const;
export type RiskRuleName = (typeof RISK_RULES)[number];

export interface WindowRule {
  enabled: boolean;
  weight: number;
  /** how far back the rule looks, in days */
  withinDays: number;
}

/** A rule that either holds for the case or not. */
export interface FlagRule {
  enabled: boolean;
  weight: number;
}

export interface KeywordRule {
  enabled: boolean;
  weight: number;
  keywords: string[];
}

export interface RiskRules {
  /** a score at or above this is medium risk */
  mediumThreshold: number;
  /** a score at or above this is high risk: flagged to the duty officer */
  highThreshold: number;
  /** the same person (same ID number) in another dispute registered shortly before */
  repeatParties: WindowRule;
  /** another dispute at the same place (same address id, or same place text) shortly before */
  repeatPlace: WindowRule;
  /** a party's earlier mediation failed */
  priorFailure: WindowRule;
  /** a party is a resident the police keep under care (重点关注) in the collection zone */
  partyUnderCare: FlagRule;
  /** threats in the facts, notes, claims or session minutes */
  threats: KeywordRule;
  /** violence in the facts, notes, claims or session minutes */
  violence: KeywordRule;
  /** tempers rising in the session minutes */
  escalation: KeywordRule;
}

/** The defaults a new station starts with; Chinese, as the records are written. */
export const DEFAULT_RISK_RULES: RiskRules = {
  mediumThreshold: 30,
  highThreshold: 60,
  repeatParties: { enabled: true, weight: 30, withinDays: 90 },
  repeatPlace: { enabled: true, weight: 15, withinDays: 30 },
  priorFailure: { enabled: true, weight: 25, withinDays: 365 },
  partyUnderCare: { enabled: true, weight: 30 },
  threats: {
    enabled: true,
    weight: 35,
    keywords: ['威胁', '恐吓', '报复', '弄死', '杀了', '要你命', '同归于尽', '走着瞧', '不会放过', '放火', '炸了'],
  },
  violence: {
    enabled: true,
    weight: 35,
    keywords: ['打人', '殴打', '动手', '打架', '持刀', '动刀', '砍', '伤人', '受伤', '流血', '推搡', '泼', '自杀', '跳楼', '喝药'],
  },
  escalation: {
    enabled: true,
    weight: 20,
    keywords: ['情绪激动', '情绪失控', '拍桌', '摔东西', '辱骂', '骂人', '不依不饶', '越闹越大', '上访', '聚集', '围堵', '堵门', '扬言'],
  },
};

/** Where a keyword was found. */
export const TEXT_SOURCES = ['facts', 'matters', 'investigation', 'evidence', 'claim', 'minutes'] as const;
export type TextSource = (typeof TEXT_SOURCES)[number];

export interface CaseText {
  where: TextSource;
  /** which party's claim or which session's minutes (its number), when there are several */
  ref?: string;
  text: string;
}

export interface RelatedCase {
  caseId: string;
  caseNo: string;
  registeredAt: string;
  concludedAt?: string | null;
  /** the shared person, for rules about parties */
  partyName?: string;
}

export interface RiskInput {
  caseId: string;
  registeredAt: string;
  now: string;
  texts: CaseText[];
  /** other cases sharing a party's ID number (any age: the rule applies its window) */
  samePartyCases: RelatedCase[];
  /** other cases at the same place */
  samePlaceCases: RelatedCase[];
  /** other failed cases of a party (with concludedAt) */
  failedPartyCases: RelatedCase[];
  /** the names of parties whom the collection zone marks as under care (never why: mediators see this) */
  partiesUnderCare: string[];
}

export interface KeywordHit {
  keyword: string;
  where: TextSource;
  ref?: string;
  /** the words around it, so a person can judge the hit ("没有威胁" is not a threat) */
  excerpt: string;
}

export interface CaseRef {
  caseId: string;
  caseNo: string;
}

export interface RiskReason {
  rule: RiskRuleName;
  weight: number;
  cases?: CaseRef[];
  people?: string[];
  hits?: KeywordHit[];
}

export interface RiskResult {
  score: number;
  level: RiskLevel;
  reasons: RiskReason[];
}

const DAY_MS = 86_400_000;
const EXCERPT_CHARS = 12;

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** Cases registered before this one (earlier instant, or the same instant and an earlier id) within the window. */
const priorWithin = (input: RiskInput, cases: RelatedCase[], days: number): RelatedCase[] => {
  const at = Date.parse(input.registeredAt);
  return cases.filter((c) => {
    if (c.caseId === input.caseId) return false;
    const t = Date.parse(c.registeredAt);
    const before = t < at || (t === at && c.caseId < input.caseId);
    return before && at - t <= days * DAY_MS;
  });
};

const uniqueCases = (cases: RelatedCase[]): CaseRef[] => {
  const seen = new Map<string, CaseRef>();
  for (const c of cases) if (!seen.has(c.caseId)) seen.set(c.caseId, { caseId: c.caseId, caseNo: c.caseNo });
  return [...seen.values()].sort((a, b) => a.caseNo.localeCompare(b.caseNo));
};

const people = (cases: RelatedCase[]): string[] => [...new Set(cases.map((c) => c.partyName).filter((n): n is string => !!n))];

/** Where a sentence ends, and where a clause within one does. */
const SENTENCE_END = /[。！？!?；;\n]/;
const CLAUSE_END = /[，,、：:\s]/;
/** An excerpt longer than this is cut to the clauses (or words) around the hit. */
const MAX_EXCERPT = 40;

const wordSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter('zh', { granularity: 'word' }) : null;

/** The character indexes at which a word starts (every index when words cannot be told). */
const wordStarts = (chars: string[]): Set<number> => {
  const starts = new Set<number>([0, chars.length]);
  if (!wordSegmenter) {
    for (let i = 0; i < chars.length; i++) starts.add(i);
    return starts;
  }
  // the segmenter counts UTF-16 units; the excerpt is cut by characters
  const unitToChar: number[] = [];
  chars.forEach((ch, i) => {
    for (let k = 0; k < ch.length; k++) unitToChar.push(i);
  });
  for (const s of wordSegmenter.segment(chars.join(''))) starts.add(unitToChar[s.index]);
  return starts;
};

/**
 * The words around a hit at [start, end): its sentence when that is short enough, else its clauses,
 * else whole words reaching about EXCERPT_CHARS either side — never from or to the middle of a word.
 */
const excerptAround = (chars: string[], start: number, end: number): string => {
  const back = (from: number, stop: RegExp, limit: number) => {
    let i = from;
    while (i > limit && !stop.test(chars[i - 1])) i--;
    return i;
  };
  const forward = (from: number, stop: RegExp, limit: number) => {
    let i = from;
    while (i < limit && !stop.test(chars[i])) i++;
    return i < limit ? i + 1 : limit;
  };
  const trim = (a: number, b: number) => chars.slice(a, b).join('').trim();
  let a = back(start, SENTENCE_END, 0);
  let b = forward(end, SENTENCE_END, chars.length);
  if (b - a <= MAX_EXCERPT) return trim(a, b);
  const reach = Math.max(EXCERPT_CHARS, Math.floor((MAX_EXCERPT - (end - start)) / 2));
  const words = wordStarts(chars);
  const clauseA = back(start, CLAUSE_END, a);
  const clauseB = forward(end, CLAUSE_END, b);
  // outwards to the nearest word boundary: a long word is kept whole rather than the hit cut
  if (start - clauseA <= reach) a = clauseA;
  else {
    const from = a;
    a = Math.max(from, start - reach);
    while (a > from && !words.has(a)) a--;
  }
  if (clauseB - end <= reach) b = clauseB;
  else {
    const to = b;
    b = Math.min(to, end + reach);
    while (b < to && !words.has(b)) b++;
  }
  return `${a > 0 && !SENTENCE_END.test(chars[a - 1]) ? '…' : ''}${trim(a, b)}${b < chars.length && !SENTENCE_END.test(chars[b - 1]) ? '…' : ''}`;
};

/**
 * Every keyword found in the given texts, once per text; where keywords overlap in a text (报复 in
 * 要报复, or one listed twice) that place is one hit, the longest keyword's. Matching folds case and
 * width (ＡＢＣ is abc) character by character, so the excerpt is cut from the text as written.
 */
export const findKeywords = (texts: CaseText[], keywords: readonly string[]): KeywordHit[] => {
  const hits: KeywordHit[] = [];
  for (const t of texts) {
    const chars = [...t.text];
    let hay = '';
    // for each UTF-16 unit of the folded text, the index of the character it came from
    const origin: number[] = [];
    chars.forEach((ch, i) => {
      const f = fold(ch);
      hay += f;
      for (let k = 0; k < f.length; k++) origin.push(i);
    });
    const found: { keyword: string; start: number; end: number }[] = [];
    for (const keyword of keywords) {
      const needle = fold(keyword.trim());
      if (needle === '') continue;
      const at = hay.indexOf(needle);
      if (at < 0) continue;
      found.push({ keyword, start: origin[at], end: origin[at + needle.length - 1] + 1 });
    }
    // longest first: a keyword inside a longer one's match is the same hit
    const kept = [...found].sort((x, y) => y.end - y.start - (x.end - x.start));
    const taken: typeof found = [];
    for (const f of kept) if (!taken.some((k) => f.start < k.end && k.start < f.end)) taken.push(f);
    for (const f of found) {
      if (!taken.includes(f)) continue;
      hits.push({ keyword: f.keyword, where: t.where, ...(t.ref !== undefined ? { ref: t.ref } : {}), excerpt: excerptAround(chars, f.start, f.end) });
    }
  }
  return hits;
};

/** Hits as a reader sees them: each excerpt once (per text), with the keywords found in it. */
export const excerptsOf = (hits: readonly KeywordHit[]): { where: TextSource; ref?: string; excerpt: string; keywords: string[] }[] => {
  const out = new Map<string, { where: TextSource; ref?: string; excerpt: string; keywords: string[] }>();
  for (const h of hits) {
    const key = JSON.stringify([h.where, h.ref ?? null, h.excerpt]);
    const seen = out.get(key);
    if (seen) {
      if (!seen.keywords.includes(h.keyword)) seen.keywords.push(h.keyword);
    } else out.set(key, { where: h.where, ...(h.ref !== undefined ? { ref: h.ref } : {}), excerpt: h.excerpt, keywords: [h.keyword] });
  }
  return [...out.values()];
};

export const levelOf = (score: number, rules: Pick<RiskRules, 'mediumThreshold' | 'highThreshold'>): RiskLevel =>
  score >= rules.highThreshold ? 'high' : score >= rules.mediumThreshold ? 'medium' : 'low';

/** Scores one case: each enabled rule that fires adds its weight once; the total is capped at 100. */
export const scoreRisk = (input: RiskInput, rules: RiskRules): RiskResult => {
  const reasons: RiskReason[] = [];

  if (rules.repeatParties.enabled) {
    const hits = priorWithin(input, input.samePartyCases, rules.repeatParties.withinDays);
    if (hits.length > 0) reasons.push({ rule: 'repeatParties', weight: rules.repeatParties.weight, cases: uniqueCases(hits), people: people(hits) });
  }
  if (rules.repeatPlace.enabled) {
    const hits = priorWithin(input, input.samePlaceCases, rules.repeatPlace.withinDays);
    if (hits.length > 0) reasons.push({ rule: 'repeatPlace', weight: rules.repeatPlace.weight, cases: uniqueCases(hits) });
  }
  if (rules.priorFailure.enabled) {
    // a failure counts from the window before this case's registration up to now: one that happens
    // while this case is open is a warning too
    const from = Date.parse(input.registeredAt) - rules.priorFailure.withinDays * DAY_MS;
    const now = Date.parse(input.now);
    const hits = input.failedPartyCases.filter((c) => {
      if (c.caseId === input.caseId || !c.concludedAt) return false;
      const t = Date.parse(c.concludedAt);
      return t >= from && t <= now;
    });
    if (hits.length > 0) reasons.push({ rule: 'priorFailure', weight: rules.priorFailure.weight, cases: uniqueCases(hits), people: people(hits) });
  }
  if (rules.partyUnderCare.enabled && input.partiesUnderCare.length > 0) {
    reasons.push({ rule: 'partyUnderCare', weight: rules.partyUnderCare.weight, people: [...new Set(input.partiesUnderCare)] });
  }
  const written = input.texts.filter((t) => t.where !== 'minutes');
  const minutes = input.texts.filter((t) => t.where === 'minutes');
  for (const rule of ['threats', 'violence'] as const) {
    if (!rules[rule].enabled) continue;
    const hits = findKeywords([...written, ...minutes], rules[rule].keywords);
    if (hits.length > 0) reasons.push({ rule, weight: rules[rule].weight, hits });
  }
  if (rules.escalation.enabled) {
    const hits = findKeywords(minutes, rules.escalation.keywords);
    if (hits.length > 0) reasons.push({ rule: 'escalation', weight: rules.escalation.weight, hits });
  }

  const score = Math.min(100, reasons.reduce((sum, r) => sum + r.weight, 0));
  return { score, level: levelOf(score, rules), reasons };
};

const RANK: Record<RiskLevel, number> = { low: 0, medium: 1, high: 2 };
/** The higher of two levels: a case once high stays "was high" for the defused figure. */
export const maxLevel = (a: RiskLevel | null, b: RiskLevel): RiskLevel => (a && RANK[a] > RANK[b] ? a : b);
