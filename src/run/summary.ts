/**
 * The summary file of one `edusync run` (`<summaryDir>/run-<timestamp>.json`, mode 0600): what a
 * cron operator checks the morning after — stages, counts, exit code, duration. Like the logs it
 * holds no names, IDs, values or paths: schools by their position in the config, counts, codes.
 */
import { join } from 'node:path';
import { ExitCode } from '../errors.js';
import { writePrivateFile } from '../io/write-file.js';
import type { PipelineResult, StageName, StageOutcome } from './pipeline.js';

// 2: notYetAvailable became notConfigured when reconcile, report and push joined the pipeline.
export const SUMMARY_FORMAT = 'edusync-run-summary/2';

export interface RunSummary {
  format: typeof SUMMARY_FORMAT;
  toolVersion: string;
  pid: number;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  exitCode: ExitCode;
  outcome: 'ok' | 'findings' | 'failed';
  period: string;
  ruleSet: string | null;
  apply: boolean;
  schools: number;
  /** pid of the dead process whose stale lock this run took over ('unreadable' for a corrupt lock file). */
  lockTakenOverFrom: number | 'unreadable' | null;
  /** Error class that stopped the run (StateError, or "Error" for a bug); null when it ran to the end. */
  stoppedBy: string | null;
  stages: StageOutcome[];
  /** Stages the config has no section for (reconcile, report, push): not run. */
  notConfigured: StageName[];
}

export function summaryFileName(startedAt: Date): string {
  return `run-${startedAt.toISOString().replace(/:/g, '-')}.json`;
}

export function outcomeOf(exitCode: ExitCode): RunSummary['outcome'] {
  return exitCode === ExitCode.Ok ? 'ok' : exitCode === ExitCode.Findings ? 'findings' : 'failed';
}

export function buildSummary(input: {
  toolVersion: string;
  startedAt: Date;
  finishedAt: Date;
  exitCode: ExitCode;
  period: string;
  ruleSet: string | undefined;
  apply: boolean;
  schools: number;
  lockTakenOverFrom: number | 'unreadable' | null;
  pipeline: PipelineResult | undefined;
  stoppedBy: string | null;
}): RunSummary {
  return {
    format: SUMMARY_FORMAT,
    toolVersion: input.toolVersion,
    pid: process.pid,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: input.finishedAt.getTime() - input.startedAt.getTime(),
    exitCode: input.exitCode,
    outcome: outcomeOf(input.exitCode),
    period: input.period,
    ruleSet: input.ruleSet ?? null,
    apply: input.apply,
    schools: input.schools,
    lockTakenOverFrom: input.lockTakenOverFrom,
    stoppedBy: input.stoppedBy,
    stages: input.pipeline?.stages ?? [],
    notConfigured: input.pipeline?.notConfigured ?? [],
  };
}

/** Writes the summary atomically with mode 0600; returns its path. */
export async function writeSummary(dir: string, summary: RunSummary): Promise<string> {
  const path = join(dir, summaryFileName(new Date(summary.startedAt)));
  await writePrivateFile(path, `${JSON.stringify(summary, null, 2)}\n`, { atomic: true });
  return path;
}
