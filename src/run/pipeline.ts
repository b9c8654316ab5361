/**
 * The stages of `edusync run`, over every school of the config, unattended.
 *
 * STAGES, in order; each runs when the config has its section (import always):
 *   1. import    — validate + plan (+ apply when configured) per school
 *   2. reconcile — identity links between configured sources, review file  (`reconcile: [...]`)
 *   3. report    — TT 24/2018 / TT 25/2024 forms of the run's period        (`report: {...}`)
 *   4. push      — to one configured target: outbox, retries, receipts     (`push: {...}`)
 * A dry run (no import.apply) plans every stage and writes nothing to the store; stages left out
 * of the config are listed as such in the summary.
 *
 * One school failing (unreadable files, a file without a Mã trường column) does not stop the
 * others; a state database problem or a bug does (the store cannot be trusted any more).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { EdusyncError, ExitCode, InputError, StateError } from '../errors.js';
import { discoverFiles } from '../io/discover.js';
import type { ImportOptions, ImportResult } from '../store/import.js';
import type { ResolvedConfig, ResolvedSchool } from '../config/load.js';
import { expandInputs } from '../config/inputs.js';
import { token, type RunLogger } from './log.js';
import { outcomeOf } from './summary.js';

export type StageName = 'import' | 'reconcile' | 'report' | 'push';

export const RUN_STAGES: readonly StageName[] = ['import', 'reconcile', 'report', 'push'];

/** The stages this configuration runs, in order. */
export function configuredStages(config: ResolvedConfig): StageName[] {
  return RUN_STAGES.filter((name) => name === 'import' || config.stages[name] !== undefined);
}

export type ImportFilesFn = (paths: string[], options: ImportOptions) => Promise<ImportResult>;

export const SCHOOL_COUNT_KEYS = [
  'files',
  'records',
  'errors',
  'warnings',
  // Of the warnings, those acknowledged in the store (`edusync ack`).
  'acknowledged',
  'infos',
  'unreadable',
  'new',
  'updated',
  'moved',
  'left',
  'rejected',
  'unchanged',
  'snapshots',
] as const;
export type SchoolCountKey = (typeof SCHOOL_COUNT_KEYS)[number];

/** What happened to one school — counts and codes only (no ids, names or paths). */
export interface SchoolOutcome {
  /** 1-based position of the school in the config. */
  school: number;
  exitCode: ExitCode;
  applied: boolean;
  counts: Record<SchoolCountKey, number>;
  /** Error class when the school failed (e.g. "InputError"); the message is not kept (it can name files). */
  error?: string | undefined;
  /** Reason codes of unreadable inputs (not-found, encrypted, empty…). */
  unreadableReasons?: string[] | undefined;
}

export interface StageOutcome {
  name: StageName;
  status: 'ok' | 'findings' | 'failed';
  exitCode: ExitCode;
  durationMs: number;
  counts: Record<string, number>;
  schools: SchoolOutcome[];
}

export interface PipelineResult {
  exitCode: ExitCode;
  stages: StageOutcome[];
  /** Stages the config has no section for: not run. */
  notConfigured: StageName[];
  /** A failure that stopped the run (state database, bug); rethrown by the caller after the summary. */
  fatal?: unknown;
}

/** Where a run is: checking a school's files, then planning (and writing) its rows. */
export type PipelineProgress =
  | { phase: 'check'; school: number; schools: number; fileIndex: number; fileCount: number; records: number }
  | { phase: 'plan'; school: number; schools: number; records: number; recordCount: number };

export interface PipelineOptions {
  logger: RunLogger;
  importFiles: ImportFilesFn;
  today?: string | undefined;
  onProgress?: ((p: PipelineProgress) => void) | undefined;
  now?: () => number;
}

/** Exit codes from worst to best: the run exits with the worst one seen. */
const SEVERITY: readonly ExitCode[] = [
  ExitCode.Internal,
  ExitCode.State,
  ExitCode.Locked,
  ExitCode.Usage,
  ExitCode.Input,
  ExitCode.Network,
  ExitCode.Findings,
  ExitCode.Ok,
];

export function worstExitCode(codes: Iterable<ExitCode>): ExitCode {
  let worst = ExitCode.Ok;
  for (const code of codes) {
    const rank = SEVERITY.indexOf(code);
    if (rank !== -1 && rank < SEVERITY.indexOf(worst)) worst = code;
  }
  return worst;
}

/** First 12 hex digits of the SHA-256 of a file's content: matches `run_files.sha256` in the store, reveals nothing. */
export function hashPrefix(path: string): Promise<string> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', () => resolve('unreadable'))
      .on('end', () => resolve(hash.digest('hex').slice(0, 12)));
  });
}

function emptyCounts(): Record<SchoolCountKey, number> {
  return Object.fromEntries(SCHOOL_COUNT_KEYS.map((k) => [k, 0])) as Record<SchoolCountKey, number>;
}

interface SchoolInputs {
  files: string[];
  unreadableReasons: string[];
  unmatchedPatterns: number[];
}

/** Globs → paths → files (folders expanded); missing paths become reasons, not exceptions. */
function resolveSchoolInputs(school: ResolvedSchool, baseDir: string): SchoolInputs {
  const files = new Set<string>();
  const unreadableReasons: string[] = [];
  const unmatchedPatterns: number[] = [];
  expandInputs(school.inputs, baseDir).forEach((input, i) => {
    if (input.paths.length === 0) unmatchedPatterns.push(i + 1);
    for (const path of input.paths) {
      try {
        for (const f of discoverFiles([path])) files.add(f);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        unreadableReasons.push(error.reason);
      }
    }
  });
  return { files: [...files], unreadableReasons, unmatchedPatterns };
}

async function importSchool(
  config: ResolvedConfig,
  school: ResolvedSchool,
  index: number,
  options: PipelineOptions,
): Promise<SchoolOutcome> {
  const { logger } = options;
  const schoolNo = index + 1;
  const counts = emptyCounts();
  const outcome: SchoolOutcome = { school: schoolNo, exitCode: ExitCode.Ok, applied: false, counts };
  const inputs = resolveSchoolInputs(school, config.baseDir);
  counts.files = inputs.files.length;
  logger.log('info', 'import', 'school-start', { school: schoolNo, schools: config.schools.length, files: inputs.files.length });
  for (const pattern of inputs.unmatchedPatterns) {
    logger.log('warn', 'import', 'no-input', { school: schoolNo, input: pattern });
  }
  for (const reason of inputs.unreadableReasons) {
    logger.log('error', 'import', 'unreadable', { school: schoolNo, reason: token(reason) });
  }
  counts.unreadable = inputs.unreadableReasons.length;
  if (inputs.files.length === 0) {
    outcome.exitCode = ExitCode.Input;
    outcome.unreadableReasons = inputs.unreadableReasons.length > 0 ? inputs.unreadableReasons : ['no-input'];
    logger.log('error', 'import', 'school-failed', { school: schoolNo, exitCode: outcome.exitCode, reason: token('no-input') });
    return outcome;
  }

  const result = await options.importFiles(inputs.files, {
    dbPath: config.storePath,
    period: config.period,
    school: school.id,
    apply: config.apply,
    ...(config.ruleSet !== undefined ? { ruleSet: config.ruleSet } : {}),
    ...(options.today !== undefined ? { today: options.today } : {}),
    onProgress: (p) =>
      options.onProgress?.({ phase: 'check', school: schoolNo, schools: config.schools.length, fileIndex: p.fileIndex, fileCount: p.fileCount, records: p.records }),
    onPlanProgress: (p) =>
      options.onProgress?.({ phase: 'plan', school: schoolNo, schools: config.schools.length, records: p.records, recordCount: p.recordCount }),
  });

  const fileIndex = new Map(inputs.files.map((f, i) => [f, i + 1]));
  const perFile = new Map<number, { records: number; errors: number; warnings: number; entities: Set<string> }>();
  for (const table of result.report.tables) {
    const i = fileIndex.get(table.file);
    if (i === undefined) continue;
    const entry = perFile.get(i) ?? { records: 0, errors: 0, warnings: 0, entities: new Set<string>() };
    entry.records += table.records;
    entry.errors += table.errors;
    entry.warnings += table.warnings;
    if (table.entity) entry.entities.add(table.entity);
    perFile.set(i, entry);
  }
  for (let i = 0; i < inputs.files.length; i++) {
    const entry = perFile.get(i + 1);
    logger.log('info', 'import', 'file', {
      school: schoolNo,
      file: i + 1,
      files: inputs.files.length,
      sha256: token(await hashPrefix(inputs.files[i]!)),
      records: entry?.records ?? 0,
      errors: entry?.errors ?? 0,
      warnings: entry?.warnings ?? 0,
      entities: [...(entry?.entities ?? [])].sort().map(token),
    });
  }
  const reasons = [...inputs.unreadableReasons];
  for (const u of result.report.unreadable) {
    const i = fileIndex.get(u.file);
    logger.log('error', 'import', 'unreadable', {
      school: schoolNo,
      file: i ?? null,
      sha256: i === undefined ? null : token(await hashPrefix(u.file)),
      reason: token(u.reason),
      ...(u.row !== undefined ? { row: u.row } : {}),
    });
    reasons.push(u.reason);
  }

  const stats = result.report.stats;
  counts.records = stats.records;
  counts.errors = stats.errors;
  counts.warnings = stats.warnings;
  counts.acknowledged = stats.acknowledged ?? 0;
  counts.infos = stats.infos;
  counts.unreadable += result.report.unreadable.length;
  for (const plan of result.plans) {
    counts.new += plan.new.length;
    counts.updated += plan.updated.length;
    counts.moved += plan.moved.length;
    counts.left += plan.left.length;
    counts.rejected += plan.rejected.length;
    counts.unchanged += plan.unchanged;
  }
  counts.snapshots = result.applied ? result.plans.length : 0;
  outcome.applied = result.applied;
  outcome.exitCode = worstExitCode([result.exitCode, inputs.unreadableReasons.length > 0 ? ExitCode.Input : ExitCode.Ok]);
  if (reasons.length > 0) outcome.unreadableReasons = reasons;
  logger.log(outcome.exitCode === ExitCode.Ok ? 'info' : 'warn', 'import', 'school-done', {
    school: schoolNo,
    exitCode: outcome.exitCode,
    applied: outcome.applied,
    ...counts,
  });
  return outcome;
}

export async function runPipeline(config: ResolvedConfig, options: PipelineOptions): Promise<PipelineResult> {
  const now = options.now ?? (() => performance.now());
  const start = now();
  const schools: SchoolOutcome[] = [];
  let fatal: unknown;
  for (let i = 0; i < config.schools.length; i++) {
    try {
      schools.push(await importSchool(config, config.schools[i]!, i, options));
    } catch (error) {
      const exitCode = error instanceof EdusyncError ? error.exitCode : ExitCode.Internal;
      const failed: SchoolOutcome = { school: i + 1, exitCode, applied: false, counts: emptyCounts(), error: error instanceof Error ? error.name : 'Error' };
      schools.push(failed);
      options.logger.log('error', 'import', 'school-failed', { school: i + 1, exitCode, error: token(failed.error ?? 'Error') });
      // The store or the program itself is in doubt: stop here (the summary still gets written).
      if (!(error instanceof EdusyncError) || error instanceof StateError) {
        fatal = error;
        break;
      }
    }
  }

  const importCode = worstExitCode(schools.map((s) => s.exitCode));
  const counts: Record<string, number> = {
    schools: config.schools.length,
    schoolsFailed: schools.filter((s) => s.exitCode !== ExitCode.Ok && s.exitCode !== ExitCode.Findings).length,
  };
  for (const key of SCHOOL_COUNT_KEYS) counts[key] = schools.reduce((n, s) => n + s.counts[key], 0);
  const stages: StageOutcome[] = [
    {
      name: 'import',
      status: outcomeOf(importCode),
      exitCode: importCode,
      durationMs: Math.round(now() - start),
      counts,
      schools,
    },
  ];
  const later = configuredStages(config).filter((name) => name !== 'import');
  // After a state or program failure nothing later can be trusted; findings and unreadable files
  // of some schools do not stop the report or the push of what the store holds.
  if (fatal === undefined) {
    const stages$ = await import('./stages/index.js');
    for (const name of later) {
      try {
        stages.push(await stages$.runStage(name, config, options.logger));
      } catch (error) {
        fatal = error;
        break;
      }
    }
  }
  return {
    exitCode: worstExitCode(stages.map((s) => s.exitCode)),
    stages,
    notConfigured: RUN_STAGES.filter((name) => !configuredStages(config).includes(name)),
    ...(fatal !== undefined ? { fatal } : {}),
  };
}
