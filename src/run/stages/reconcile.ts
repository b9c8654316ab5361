/**
 * `run`'s reconcile stage: each configured pair of sources linked as `edusync reconcile` links
 * them. When the run applies, the officer's decisions are read back, the identity map is written,
 * and the review file is written and recorded in the audit trail: an xlsx workbook names people, a
 * JSON file carries their positions and hashed keys (reconcile/output.ts). A dry run
 * links and counts, and writes nothing.
 */
import { existsSync } from 'node:fs';
import { ExitCode, type Locale } from '../../errors.js';
import type { ResolvedConfig } from '../../config/load.js';
import { reconcile } from '../../reconcile/index.js';
import { summary } from '../../reconcile/format.js';
import { writeRecordedResult } from '../../reconcile/output.js';
import { openStore } from '../../store/db.js';
import { beginRun, finishRun } from '../../store/runs.js';
import type { StageOutcome } from '../pipeline.js';
import type { RunLogger } from '../log.js';
import { worstExitCode } from '../pipeline.js';
import { stageFailure, stageOutcome } from './outcome.js';

export async function reconcileStage(config: ResolvedConfig, logger: RunLogger, locale: Locale): Promise<StageOutcome> {
  const start = performance.now();
  const totals: Record<string, number> = {};
  const codes: ExitCode[] = [];
  try {
    const pairs = config.stages.reconcile ?? [];
    for (let i = 0; i < pairs.length; i++) {
      const pair = pairs[i]!;
      const store = config.apply ? openStore(config.storePath) : existsSync(config.storePath) ? openStore(config.storePath, { readonly: true }) : undefined;
      try {
        const runId = config.apply ? beginRun(store!, { command: 'reconcile' }) : undefined;
        const result = await reconcile(pair.left, pair.right, { store, apply: config.apply, decisionsFile: config.apply ? pair.decisions : undefined, runId });
        if (pair.out !== undefined && store !== undefined && runId !== undefined) {
          await writeRecordedResult(store, result, pair.out, pair.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'json', locale, { command: 'run', runId });
        }
        const counts = summary(result);
        const errors = result.findings.filter((f) => f.severity === 'error').length;
        const code = errors > 0 ? ExitCode.Findings : ExitCode.Ok;
        if (runId !== undefined) finishRun(store!, runId, { outcome: code === ExitCode.Ok ? 'ok' : 'findings', exitCode: code, counts });
        codes.push(code);
        for (const [k, v] of Object.entries(counts)) totals[k] = (totals[k] ?? 0) + v;
        logger.log(code === ExitCode.Ok ? 'info' : 'warn', 'reconcile', 'pair-done', { pair: i + 1, pairs: pairs.length, applied: config.apply, ...counts });
      } finally {
        store?.close();
      }
    }
    return stageOutcome('reconcile', worstExitCode(codes), start, { pairs: pairs.length, ...totals });
  } catch (error) {
    return stageFailure('reconcile', error, start, logger);
  }
}
