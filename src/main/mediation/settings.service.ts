import type { EntityManager } from 'typeorm';
import { conflict } from '../../shared/errors.js';
import type { MediationSettings } from '../../shared/mediation/contract.js';
import { DEFAULT_START_LIMIT_HOURS } from '../../shared/mediation/model.js';
import { DEFAULT_RISK_RULES, type RiskRules } from '../../shared/mediation/risk.js';
import type { Who } from '../context.js';
import { settingsTable } from './mediation.entity.js';

/**
 * Stored rules over the defaults, rule by rule: a rule added in a later release starts with its
 * default at a station whose head saved the others earlier (or whose rules HQ pushed).
 */
const withDefaults = (stored: Partial<RiskRules>): RiskRules => {
  const out = { ...DEFAULT_RISK_RULES } as Record<string, unknown>;
  for (const [k, v] of Object.entries(stored)) {
    const base = (DEFAULT_RISK_RULES as unknown as Record<string, unknown>)[k];
    out[k] = typeof base === 'object' && base !== null && typeof v === 'object' && v !== null ? { ...base, ...v } : v;
  }
  return out as unknown as RiskRules;
};

/** The station's mediation settings; the defaults (version 0) until its head first saves. */
export const getSettings = async (manager: EntityManager, stationId: string): Promise<MediationSettings> => {
  const row = await manager.findOneBy(settingsTable.entity, { stationId });
  if (!row) return { version: 0, startLimitHours: DEFAULT_START_LIMIT_HOURS, riskRules: DEFAULT_RISK_RULES };
  return { version: row.version, startLimitHours: row.startLimitHours, riskRules: withDefaults(JSON.parse(row.riskRules)) };
};

export const saveSettings = async (
  manager: EntityManager,
  who: Who,
  input: { version: number; startLimitHours: number; riskRules: RiskRules },
): Promise<void> => {
  const row = await manager.findOneBy(settingsTable.entity, { stationId: who.stationId });
  if ((row?.version ?? 0) !== input.version) throw conflict('staleVersion');
  const values = { startLimitHours: input.startLimitHours, riskRules: JSON.stringify(input.riskRules) };
  if (!row) await settingsTable.insert(manager, who, values);
  else await settingsTable.update(manager, who, row, null, values);
};
