import { EdusyncError, ExitCode } from '../../errors.js';
import type { StageName, StageOutcome } from '../pipeline.js';
import { token, type RunLogger } from '../log.js';
import { outcomeOf } from '../summary.js';

/** A later stage's outcome: counts only (no names, ids or paths), like the import stage's. */
export function stageOutcome(name: StageName, exitCode: ExitCode, startMs: number, counts: Record<string, number>): StageOutcome {
  return {
    name,
    status: outcomeOf(exitCode),
    exitCode,
    durationMs: Math.round(performance.now() - startMs),
    counts,
    schools: [],
  };
}

/**
 * An edusync error ends the stage with its exit code and one log line naming its class (its message
 * can name files or people, so it stays out of the log); anything else is rethrown as a bug.
 */
export function stageFailure(name: StageName, error: unknown, startMs: number, logger: RunLogger): StageOutcome {
  if (!(error instanceof EdusyncError)) throw error;
  logger.log('error', name, 'failed', { exitCode: error.exitCode, error: token(error.name) });
  return stageOutcome(name, error.exitCode, startMs, {});
}
