/**
 * `reconcile <left> <right>`: read both sides, apply the officer's decisions (from the store and
 * from --decisions), link, check identifiers. Pure over its inputs except for the store, which the
 * caller opens (decisions and the identity map live there).
 */
import { basename } from 'node:path';
import type { Store } from '../store/types.js';
import { loadDecisions, resolveIdentity, saveDecisions } from '../store/identity.js';
import { Interner, type SourceTable } from './table.js';
import { loadBoth } from './load.js';
import { link, type LinkResult } from './link.js';
import { Fingerprints } from './fingerprint.js';
import { decisionLookup, readDecisions, type DecisionRow } from './decisions.js';
import { completion, identifierChecks, type Completion, type ReconcileFinding } from './checks.js';

export interface ReconcileOptions {
  sheet?: string | undefined;
  decisionsFile?: string | undefined;
  store?: Store | undefined;
  /** Write the identity map (persons, identifiers, source rows) into the store. */
  apply?: boolean;
  runId?: number | undefined;
}

export interface ReconcileResult {
  left: SourceTable;
  right: SourceTable;
  leftPrints: Fingerprints;
  rightPrints: Fingerprints;
  link: LinkResult;
  findings: ReconcileFinding[];
  completion: { left: Completion[]; right: Completion[] };
  decisions: { read: number; saved: number; known: number };
  identity?: IdentityStats;
}

export async function reconcile(leftPath: string, rightPath: string, options: ReconcileOptions = {}): Promise<ReconcileResult> {
  const interner = new Interner();
  const [left, right] = await loadBoth(leftPath, rightPath, interner, { sheet: options.sheet });
  const fromFile: DecisionRow[] = options.decisionsFile ? await readDecisions(options.decisionsFile) : [];
  let saved = 0;
  if (options.store && fromFile.length > 0) saved = saveDecisions(options.store, fromFile, options.runId);
  // Decisions given now win over stored ones on the same pair.
  const all = new Map<string, DecisionRow>();
  for (const d of options.store ? loadDecisions(options.store) : []) all.set(`${d.leftKey}:${d.rightKey}`, d);
  for (const d of fromFile) all.set(`${d.leftKey}:${d.rightKey}`, d);
  const leftPrints = new Fingerprints(left);
  const rightPrints = new Fingerprints(right);
  const result = link(left, right, decisionLookup([...all.values()], leftPrints, rightPrints));
  const findings = identifierChecks(left, right, result);
  const out: ReconcileResult = {
    left,
    right,
    leftPrints,
    rightPrints,
    link: result,
    findings,
    completion: { left: completion(left), right: completion(right) },
    decisions: { read: fromFile.length, saved, known: all.size },
  };
  if (options.apply && options.store) out.identity = writeIdentityMap(options.store, out, options.runId);
  return out;
}

function sourceName(t: SourceTable, i: number): string {
  return basename(t.tables[t.tableOf[i]!]!.file);
}

export interface IdentityStats {
  persons: number;
  created: number;
  /** Numbers already held by another person in the store (not attached). */
  identifierConflicts: number;
  /** Persons found again (by an earlier source row) under a number other than the one the store had. */
  secondIdentifiers: number;
}

function writeIdentityMap(store: Store, r: ReconcileResult, runId: number | undefined): IdentityStats {
  const stats: IdentityStats = { persons: 0, created: 0, identifierConflicts: 0, secondIdentifiers: 0 };
  const row = (t: SourceTable, prints: Fingerprints, i: number) => ({ source: sourceName(t, i), recordKey: prints.of(i), ...t.position(i) });
  const add = (kind: 'student' | 'teacher', personalId: string, schoolId: string, rows: ReturnType<typeof row>[]): void => {
    // Only well-formed numbers join the identity map; a malformed one is validate's business.
    const res = resolveIdentity(store, { kind, schoolId, personalId: /^\d{12}$/.test(personalId) ? personalId : undefined, rows }, runId);
    stats.persons++;
    if (res.created) stats.created++;
    if (res.identifierConflict) stats.identifierConflicts++;
    if (res.secondIdentifier) stats.secondIdentifiers++;
  };
  store.transaction(() => {
    const linkedL = new Uint8Array(r.left.n);
    const linkedR = new Uint8Array(r.right.n);
    for (const p of r.link.pairs) {
      if (p.status !== 'matched') continue;
      linkedL[p.left] = 1;
      linkedR[p.right] = 1;
      const pid = r.left.personalId[p.left] || r.right.personalId[p.right]!;
      add(r.left.entity(p.left), pid, r.left.schoolText[p.left] || r.right.schoolText[p.right]!, [row(r.left, r.leftPrints, p.left), row(r.right, r.rightPrints, p.right)]);
    }
    for (let i = 0; i < r.left.n; i++) if (!linkedL[i]) add(r.left.entity(i), r.left.personalId[i]!, r.left.schoolText[i]!, [row(r.left, r.leftPrints, i)]);
    for (let i = 0; i < r.right.n; i++) if (!linkedR[i]) add(r.right.entity(i), r.right.personalId[i]!, r.right.schoolText[i]!, [row(r.right, r.rightPrints, i)]);
  });
  return stats;
}
