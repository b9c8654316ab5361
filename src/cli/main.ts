/**
 * The one place that maps errors to exit codes (design §4) and ends the process.
 * Known errors print one clear line in the user's language; anything else is a bug (70),
 * printed with its stack so it can be reported.
 */
// First: V8 flags must be set before the rest of edusync is loaded.
import './heap-tuning.js';
import { CommanderError } from 'commander';
import { EdusyncError, ExitCode } from '../errors.js';
import { createProgram, type ProgramResult } from './program.js';
import { storeFailure } from '../store/store-errors.js';
import { detectLocale, strings } from './i18n.js';

const locale = detectLocale(process.argv.slice(2));
const t = strings(locale);

// A closed pipe (edusync … | head) is not an error: stop quietly with the code we would have had.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const result: ProgramResult = { code: ExitCode.Ok };
try {
  await createProgram(locale, result).parseAsync(process.argv);
  process.exitCode = result.code;
} catch (error) {
  process.exitCode = exitCodeFor(error);
}

function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // commander has already printed its message (or the help text).
    return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
  }
  const known = error instanceof EdusyncError ? error : storeFailure(error);
  if (known !== undefined) {
    process.stderr.write(`edusync: ${known.render(locale)}\n`);
    return known.exitCode;
  }
  process.stderr.write(`edusync: ${t.internal}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return ExitCode.Internal;
}
