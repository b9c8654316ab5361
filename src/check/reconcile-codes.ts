/**
 * Codes of the identifier checks `reconcile` makes across records and sources (issue 5 item 1).
 * They are not rules of the validate engine (they need two sources and the links between them:
 * src/reconcile/checks.ts), but they are part of the catalogue so that `edusync rules` and
 * docs/rules.md list them with the other codes. Stable and never reused. Their names, legal basis
 * and messages are data, in schemas/reconcile/checks.json, as the report checks' are in
 * schemas/reports/checks.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { RuleMeta } from '../rules/types.js';
import { defaultSchemasDir } from '../schema/load.js';

const Text = z.object({ vi: z.string().min(1), en: z.string().min(1) });
const ChecksFile = z.object({
  codes: z.record(
    z.string().regex(/^RC-\d{3}$/),
    z.object({
      id: z.string().min(1),
      severity: z.enum(['error', 'warning']),
      entities: z.array(z.enum(['student', 'teacher'])).min(1),
      legalBasis: z.string().min(1),
      title: Text,
      docs: Text,
      message: Text,
    }),
  ),
});

function loadReconcileMetas(dir = defaultSchemasDir()): RuleMeta[] {
  const file = ChecksFile.parse(JSON.parse(readFileSync(join(dir, 'reconcile', 'checks.json'), 'utf8')));
  return Object.entries(file.codes)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, c]) => ({
      code,
      id: c.id,
      entities: c.entities,
      scope: 'cross-file',
      defaultSeverity: c.severity,
      title: c.title,
      docs: c.docs,
      legalBasis: c.legalBasis,
      messages: { found: c.message },
    }));
}

export const RECONCILE_METAS: readonly RuleMeta[] = loadReconcileMetas();
