/**
 * `run`'s push stage: the configured target, planned from the store and — only when the run
 * applies — sent exactly once through the outbox (src/push/run.ts), with its receipt beside the
 * store. A stop (network, a period lock, a refused client) ends the stage with exit 3: the next run
 * resumes from the outbox.
 */
import { existsSync } from 'node:fs';
import { ExitCode } from '../../errors.js';
import type { ResolvedConfig } from '../../config/load.js';
import { writePrivateFile } from '../../io/write-file.js';
import type { CsdlClient } from '../../push/client.js';
import { connect, pushTarget } from '../../push/connect.js';
import { MAX_BATCH_RECORDS } from '../../push/contract.js';
import { DEFAULT_RETRY_POLICY } from '../../push/retry.js';
import { defaultReceiptPath } from '../../push/receipt.js';
import { runPush } from '../../push/run.js';
import { openStore } from '../../store/db.js';
import type { StageOutcome } from '../pipeline.js';
import { token, type RunLogger } from '../log.js';
import { stageFailure, stageOutcome } from './outcome.js';

export async function pushStage(config: ResolvedConfig, logger: RunLogger, env: NodeJS.ProcessEnv = process.env): Promise<StageOutcome> {
  const start = performance.now();
  const chosen = config.targets.find((t) => t.name === config.stages.push!.target)!;
  const target = pushTarget(chosen, chosen.url);
  let client: CsdlClient | undefined;
  try {
    if (!existsSync(config.storePath)) {
      logger.log('warn', 'push', 'no-store', {});
      return stageOutcome('push', ExitCode.Ok, start, { planned: 0 });
    }
    if (config.apply) {
      client = connect(target, {
        env,
        timeoutMs: 30_000,
        policy: DEFAULT_RETRY_POLICY,
        onRetry: (info) => logger.log('warn', 'push', 'retry', { reason: token(info.reason), attempt: info.attempt, delay_ms: info.delayMs }),
      });
    }
    const store = openStore(config.storePath, { readonly: !config.apply });
    let result;
    try {
      result = await runPush({
        store,
        target: target.name,
        url: target.url,
        batchSize: MAX_BATCH_RECORDS,
        retryRejected: false,
        apply: config.apply,
        targetFields: target.fields,
        logger,
        logBatches: config.log.format === 'json',
        client,
      });
    } finally {
      store.close();
    }
    const planned = result.plan.batches.reduce((n, b) => n + b.records.length, 0);
    const receipt = result.receipt;
    if (receipt !== undefined) {
      await writePrivateFile(defaultReceiptPath(config.storePath, receipt.run_id), `${JSON.stringify(receipt, null, 2)}\n`);
    }
    const counts: Record<string, number> = receipt
      ? { planned, sent: receipt.counts.sent, new: receipt.counts.new, updated: receipt.counts.updated, unchanged: receipt.counts.unchanged, rejected: receipt.counts.rejected, retries: receipt.counts.retries }
      : { planned, ...result.plan.counts };
    const exitCode = result.stop !== undefined ? result.stop.exitCode : receipt === undefined ? ExitCode.Ok : result.exitCode;
    if (result.stop !== undefined) {
      logger.log('error', 'push', 'stopped', { exitCode, error: token(result.stop.name), ...counts });
    } else {
      logger.log(exitCode === ExitCode.Ok ? 'info' : 'warn', 'push', 'done', { applied: receipt !== undefined, exitCode, ...counts });
    }
    return stageOutcome('push', exitCode, start, counts);
  } catch (error) {
    return stageFailure('push', error, start, logger);
  } finally {
    await client?.close();
  }
}
