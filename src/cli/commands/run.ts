import { ExitCode, type Locale } from '../../errors.js';
import { loadConfig, type ConfigFlags } from '../../config/load.js';
import { createRunLogger, token } from '../../run/log.js';
import { executeRun } from '../../run/run.js';
import { createContext, type CliContext } from '../context.js';
import { createProgress } from '../output.js';

export interface RunCliOptions {
  config?: string;
  db?: string;
  period?: string;
  ruleSet?: string;
  apply?: boolean;
  dryRun?: boolean;
  logFormat?: 'text' | 'json';
  summaryDir?: string;
  lock?: string;
  today?: string;
  /** --lang only when given on the command line (commander's default must not beat EDUSYNC_LANG or the config). */
  lang?: Locale;
}

/**
 * TEST-ONLY: EDUSYNC_TEST_HOLD_LOCK_MS=N makes `run` keep the lock N ms before working, so a
 * test can start a second run while the first one surely holds it. Not a user setting.
 */
const HOLD_LOCK_ENV = 'EDUSYNC_TEST_HOLD_LOCK_MS';

export async function runRun(options: RunCliOptions, baseCtx: CliContext): Promise<ExitCode> {
  const flags: ConfigFlags = {
    db: options.db,
    period: options.period,
    ruleSet: options.ruleSet,
    lang: options.lang,
    logFormat: options.logFormat,
    summaryDir: options.summaryDir,
    lock: options.lock,
    apply: options.dryRun === true ? false : options.apply,
  };
  const { config, warnings } = loadConfig({ configPath: options.config, env: process.env, flags, today: options.today });
  const ctx = config.locale === baseCtx.locale ? baseCtx : { ...createContext(config.locale), stdout: baseCtx.stdout, stderr: baseCtx.stderr };
  const write = (line: string): void => {
    ctx.stderr.write(line);
  };
  const logger = createRunLogger({ format: config.log.format, write, locale: ctx.locale });
  for (const w of warnings) {
    if (config.log.format === 'json') logger.log('warn', 'config', 'warning', { code: token(w.code) });
    else ctx.stderr.write(`edusync: ${w[ctx.locale]}\n`);
  }

  const progress = createProgress({ ...ctx, interactive: ctx.interactive && config.log.format !== 'json' });
  const hold = Number(process.env[HOLD_LOCK_ENV] ?? '');
  const [{ importFiles }, { openStore, markAbandonedRuns }] = await Promise.all([
    import('../../store/import.js'),
    import('../../store/index.js'),
  ]);
  try {
    const result = await executeRun({
      config,
      logger,
      importFiles,
      today: options.today,
      holdLockMs: Number.isFinite(hold) && hold > 0 ? hold : undefined,
      onProgress: (p) => progress.update(ctx.t.runProgress(p)),
      markAbandonedRuns: (storePath) => {
        const store = openStore(storePath);
        try {
          return markAbandonedRuns(store).length;
        } finally {
          store.close();
        }
      },
    });
    return result.exitCode;
  } finally {
    progress.done();
  }
}
