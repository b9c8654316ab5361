/** The later stages of `run`, loaded only when a config asks for one (each pulls in its own stage code). */
import type { ResolvedConfig } from '../../config/load.js';
import type { StageName, StageOutcome } from '../pipeline.js';
import type { RunLogger } from '../log.js';

export async function runStage(name: Exclude<StageName, 'import'> | StageName, config: ResolvedConfig, logger: RunLogger): Promise<StageOutcome> {
  switch (name) {
    case 'reconcile':
      return (await import('./reconcile.js')).reconcileStage(config, logger, config.locale);
    case 'report':
      return (await import('./report.js')).reportStage(config, logger, config.locale);
    case 'push':
      return (await import('./push.js')).pushStage(config, logger);
    default:
      throw new Error(`not a later stage: ${name}`);
  }
}
