/**
 * Simulator settings from flags and an optional scenario JSON file (flags win). A scenario file
 * makes a chaos run reproducible: seed, fault rate and kinds, clients, locks.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { MAX_BATCH_RECORDS } from '../push/contract.js';
import { FAULT_KINDS, parseFaultKinds, type FaultKind } from './faults.js';
import type { SimulatorOptions } from './server.js';
import type { SimClient } from './state.js';

const scenarioSchema = z.strictObject({
  $comment: z.unknown().optional(),
  seed: z.number().int().nonnegative().optional(),
  faultRate: z.number().min(0).max(1).optional(),
  faults: z.array(z.enum(FAULT_KINDS)).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  slowMs: z.number().int().nonnegative().optional(),
  tokenTtlSeconds: z.number().int().positive().optional(),
  rateLimit: z.number().int().nonnegative().optional(),
  maxBatch: z.number().int().positive().max(MAX_BATCH_RECORDS).optional(),
  asyncOutcomes: z.boolean().optional(),
  clients: z.array(z.strictObject({ id: z.string().min(1), secret: z.string().min(1), schools: z.array(z.string().min(1)).min(1) })).optional(),
  lockedYears: z.array(z.string().regex(/^\d{4}-\d{4}$/)).optional(),
  lockAfterBatches: z.strictObject({ namHoc: z.string().regex(/^\d{4}-\d{4}$/), after: z.number().int().positive() }).optional(),
  revokeAfterBatches: z.strictObject({ clientId: z.string().min(1), after: z.number().int().positive() }).optional(),
});
export type Scenario = z.infer<typeof scenarioSchema>;

export interface SimulatorFlags {
  port?: number;
  db?: string;
  scenario?: string;
  seed?: number;
  faultRate?: number;
  faults?: string;
  retryAfter?: number;
  slowMs?: number;
  tokenTtl?: number;
  rateLimit?: number;
  client?: string[];
  lock?: string[];
  asyncOutcomes?: boolean;
}

export function readScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UsageError({ vi: `Không đọc được tệp kịch bản ${file}: ${(e as Error).message}`, en: `Cannot read the scenario file ${file}: ${(e as Error).message}` });
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || '(root)';
    throw new UsageError({ vi: `Tệp kịch bản ${file}: ${where}: ${issue?.message}`, en: `Scenario file ${file}: ${where}: ${issue?.message}` });
  }
  return parsed.data;
}

/** `ID:SECRET` or `ID:SECRET:SCHOOL1,SCHOOL2` (default every school). */
export function parseClientFlag(value: string): SimClient {
  const [id, secret, schools] = value.split(':');
  if (!id || !secret) {
    throw new UsageError({ vi: `--client cần dạng ID:KHOÁ[:MÃ_TRƯỜNG,…], không phải "${value}".`, en: `--client needs ID:SECRET[:SCHOOL,…], not "${value}".` });
  }
  return { id, secret, schools: schools ? schools.split(',').filter(Boolean) : ['*'] };
}

/** Everything the server takes except its OpenAPI document. */
export type ResolvedSimulatorSettings = Omit<SimulatorOptions, 'openapi'>;

export function resolveSimulatorSettings(flags: SimulatorFlags, env: NodeJS.ProcessEnv = process.env): ResolvedSimulatorSettings {
  const s: Scenario = flags.scenario ? readScenario(flags.scenario) : {};
  let faults: FaultKind[];
  try {
    faults = flags.faults !== undefined ? parseFaultKinds(flags.faults) : (s.faults ?? [...FAULT_KINDS]);
  } catch (e) {
    throw new UsageError({ vi: `--faults: ${(e as Error).message}; các loại: ${FAULT_KINDS.join(', ')}`, en: `--faults: ${(e as Error).message}; kinds: ${FAULT_KINDS.join(', ')}` });
  }
  const clients = [...(s.clients ?? []), ...(flags.client ?? []).map(parseClientFlag)];
  // Without any client configured, one from the push client's own variables (or a demo default),
  // so `edusync simulator` + `edusync push` work out of the box on loopback.
  if (clients.length === 0) {
    clients.push({ id: env.EDUSYNC_PUSH_CLIENT_ID || 'demo', secret: env.EDUSYNC_PUSH_CLIENT_SECRET || 'demo-secret', schools: ['*'] });
  }
  return {
    port: flags.port ?? 0,
    dbFile: flags.db,
    clients,
    seed: flags.seed ?? s.seed ?? 1,
    faultRate: flags.faultRate ?? s.faultRate ?? 0,
    faults,
    retryAfterSeconds: flags.retryAfter ?? s.retryAfterSeconds ?? 1,
    slowMs: flags.slowMs ?? s.slowMs ?? 15_000,
    tokenTtlSeconds: flags.tokenTtl ?? s.tokenTtlSeconds ?? 3600,
    rateLimit: flags.rateLimit ?? s.rateLimit ?? 0,
    maxBatch: s.maxBatch ?? MAX_BATCH_RECORDS,
    asyncOutcomes: flags.asyncOutcomes ?? s.asyncOutcomes ?? false,
    lockedYears: [...(s.lockedYears ?? []), ...(flags.lock ?? [])],
    lockAfterBatches: s.lockAfterBatches,
    revokeAfterBatches: s.revokeAfterBatches,
  };
}
