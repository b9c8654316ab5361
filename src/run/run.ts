/**
 * `edusync run` without the CLI: lock → (housekeeping) → stages → summary → unlock.
 *
 * The lock is released in `finally`, on SIGINT/SIGTERM (then the signal is re-raised so the
 * process ends the way the signal asks) and on process exit. Only a run that got the lock writes
 * a summary; a refused run (LockedError, exit 6) changes nothing and writes one log line.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ConfigError, EdusyncError, ExitCode, LockedError } from '../errors.js';
import type { ResolvedConfig } from '../config/load.js';
import { acquireLock, type LockOptions, type RunLock } from './lock.js';
import { token, type RunLogger } from './log.js';
import { configuredStages, runPipeline, type ImportFilesFn, type PipelineProgress, type PipelineResult } from './pipeline.js';
import { buildSummary, writeSummary, type RunSummary } from './summary.js';

const require = createRequire(import.meta.url);

function toolVersion(): string {
  try {
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export interface ExecuteRunOptions {
  config: ResolvedConfig;
  logger: RunLogger;
  importFiles: ImportFilesFn;
  today?: string | undefined;
  onProgress?: ((p: PipelineProgress) => void) | undefined;
  /** Test-only: keep the lock this long before working (EDUSYNC_TEST_HOLD_LOCK_MS). */
  holdLockMs?: number | undefined;
  /** Install SIGINT/SIGTERM/exit handlers that release the lock (default true). */
  handleSignals?: boolean | undefined;
  lockOptions?: LockOptions | undefined;
  /** Marks runs left 'running' by dead processes (needs the lock); injected by the CLI so tests can skip it. */
  markAbandonedRuns?: ((storePath: string) => number) | undefined;
}

export interface ExecuteRunResult {
  exitCode: ExitCode;
  summary: RunSummary;
  summaryPath: string;
}

function installReleaseHandlers(lock: RunLock, logger: RunLogger): () => void {
  const onSignal = (signal: NodeJS.Signals): void => {
    logger.log('warn', 'run', 'signal', { signal: token(signal) });
    lock.release();
    remove();
    process.kill(process.pid, signal); // default action now that our handler is gone
  };
  const onExit = (): void => lock.release();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('exit', onExit);
  function remove(): void {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('exit', onExit);
  }
  return remove;
}

export async function executeRun(options: ExecuteRunOptions): Promise<ExecuteRunResult> {
  const { config, logger } = options;
  if (config.schools.length === 0) {
    throw new ConfigError({
      vi: 'Cấu hình không có tệp đầu vào nào: thêm "schools" (mỗi trường có "inputs") hoặc "inputs" vào edusync.config.json (tạo tệp mẫu: edusync init).',
      en: 'The configuration has no inputs: add "schools" (each with "inputs") or "inputs" to edusync.config.json (start from: edusync init).',
    });
  }

  let lock: RunLock;
  try {
    lock = acquireLock(config.lockPath, options.lockOptions);
  } catch (error) {
    if (error instanceof LockedError) logger.log('error', 'lock', 'refused', { exitCode: ExitCode.Locked });
    throw error;
  }
  const removeHandlers = options.handleSignals === false ? () => undefined : installReleaseHandlers(lock, logger);
  const startedAt = new Date();
  let pipeline: PipelineResult | undefined;
  let exitCode: ExitCode = ExitCode.Internal;
  let stoppedBy: string | null = null;
  let thrown: unknown;
  try {
    if (lock.tookOver) {
      logger.log('warn', 'lock', 'stale-taken-over', { stalePid: lock.tookOver === 'unreadable' ? null : lock.tookOver.pid });
    } else {
      logger.log('info', 'lock', 'acquired', {});
    }
    logger.log('info', 'run', 'start', {
      schools: config.schools.length,
      apply: config.apply,
      period: token(config.period),
      stages: configuredStages(config).map(token),
    });
    if (options.holdLockMs && options.holdLockMs > 0) await new Promise((r) => setTimeout(r, options.holdLockMs));
    if (config.apply && options.markAbandonedRuns && existsSync(config.storePath)) {
      const marked = options.markAbandonedRuns(config.storePath);
      if (marked > 0) logger.log('warn', 'store', 'abandoned-runs', { runs: marked });
    }
    pipeline = await runPipeline(config, {
      logger,
      importFiles: options.importFiles,
      today: options.today,
      onProgress: options.onProgress,
    });
    exitCode = pipeline.exitCode;
    if (pipeline.fatal !== undefined) {
      thrown = pipeline.fatal;
      stoppedBy = pipeline.fatal instanceof Error ? pipeline.fatal.name : 'Error';
    }
  } catch (error) {
    thrown = error;
    exitCode = error instanceof EdusyncError ? error.exitCode : ExitCode.Internal;
    stoppedBy = error instanceof Error ? error.name : 'Error';
  }

  try {
    const finishedAt = new Date();
    const summary = buildSummary({
      toolVersion: toolVersion(),
      startedAt,
      finishedAt,
      exitCode,
      period: config.period,
      ruleSet: config.ruleSet,
      apply: config.apply,
      schools: config.schools.length,
      lockTakenOverFrom: lock.tookOver === undefined ? null : lock.tookOver === 'unreadable' ? 'unreadable' : lock.tookOver.pid,
      pipeline,
      stoppedBy,
    });
    const summaryPath = await writeSummary(config.log.summaryDir, summary);
    logger.log(exitCode === ExitCode.Ok ? 'info' : exitCode === ExitCode.Findings ? 'warn' : 'error', 'run', 'finish', {
      exitCode,
      durationMs: summary.durationMs,
      ...(pipeline?.stages[0]?.counts ?? {}),
      ...Object.fromEntries((pipeline?.stages.slice(1) ?? []).map((s) => [s.name, s.exitCode])),
    });
    if (thrown !== undefined) throw thrown;
    return { exitCode, summary, summaryPath };
  } finally {
    lock.release();
    removeHandlers();
  }
}
