import { auditDetail } from '../../shared/audit/details.js';
import { notFound } from '../../shared/errors.js';
import { pairingRevoke, pairingStart, pairingStatus } from '../../shared/pairing/contract.js';
import { actor, handle } from '../context.js';
import { listTerminals, startPairing } from './pairing.service.js';
import { certificateFingerprint } from './tls.js';

export const pairingHandlers = [
  handle(pairingStatus, async (ctx) => ({ fingerprint: certificateFingerprint(ctx.core.dataDir), terminals: await listTerminals(ctx.manager, ctx.now) })),

  handle(pairingStart, async (ctx, input) => {
    const started = await startPairing(ctx.manager, input.name, input.mode, actor(ctx).staffId, ctx.now);
    ctx.audit = { recordId: started.id, detail: auditDetail('pairingStarted', { name: input.name, mode: input.mode }) };
    return started;
  }),

  handle(pairingRevoke, async (ctx, input) => {
    const [row] = await ctx.manager.query(`SELECT "id" FROM "paired_terminal" WHERE "id" = ? AND "revokedAt" IS NULL`, [input.id]);
    if (!row) throw notFound();
    await ctx.manager.query(`UPDATE "paired_terminal" SET "revokedAt" = ? WHERE "id" = ?`, [ctx.now.toISOString(), input.id]);
    return { fingerprint: certificateFingerprint(ctx.core.dataDir), terminals: await listTerminals(ctx.manager, ctx.now) };
  }),
];
