/** What every command gets: locale, strings, and where to write. Injected so commands stay testable. */
import type { Locale } from '../errors.js';
import { strings, type Strings } from './i18n.js';

export interface CliContext {
  locale: Locale;
  t: Strings;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Progress lines only on a terminal; cron gets none. */
  interactive: boolean;
}

export function createContext(locale: Locale): CliContext {
  return {
    locale,
    t: strings(locale),
    stdout: process.stdout,
    stderr: process.stderr,
    interactive: Boolean(process.stderr.isTTY) && process.env.CI !== 'true',
  };
}
