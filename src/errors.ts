/**
 * Every failure edusync knows how to explain is one of these classes. Each carries its exit code
 * (design §4) and a bilingual message; `src/cli/main.ts` is the only place that turns them into a
 * process exit.
 */
export enum ExitCode {
  Ok = 0,
  Findings = 1,
  Usage = 2,
  Network = 3,
  Input = 4,
  State = 5,
  /** Another `edusync run` holds the run lock (this run did nothing). */
  Locked = 6,
  Internal = 70,
}

export type Locale = 'vi' | 'en';

export interface Bilingual {
  vi: string;
  en: string;
}

export abstract class EdusyncError extends Error {
  abstract readonly exitCode: ExitCode;
  readonly text: Bilingual;
  constructor(text: Bilingual, options?: { cause?: unknown }) {
    super(text.en, options);
    this.text = text;
    this.name = new.target.name;
  }
  render(locale: Locale): string {
    return this.text[locale];
  }
}

export class UsageError extends EdusyncError {
  readonly exitCode = ExitCode.Usage;
}

/** A configuration or schema file that cannot be used. */
export class ConfigError extends EdusyncError {
  readonly exitCode = ExitCode.Usage;
}

/** Where in the user's input something went wrong; row is what the user sees in Excel. */
export interface InputPosition {
  file: string;
  sheet?: string | undefined;
  row?: number | undefined;
  column?: string | undefined;
}

/** Input that cannot be read at all: corrupt, encrypted, binary, empty, over a safety limit. */
export class InputError extends EdusyncError {
  readonly exitCode = ExitCode.Input;
  readonly position: InputPosition;
  readonly reason: string;
  constructor(position: InputPosition, reason: string, text: Bilingual, options?: { cause?: unknown }) {
    super(
      {
        vi: `${describePosition(position, 'vi')}: ${text.vi}`,
        en: `${describePosition(position, 'en')}: ${text.en}`,
      },
      options,
    );
    this.position = position;
    this.reason = reason;
  }
}

export class NetworkError extends EdusyncError {
  readonly exitCode = ExitCode.Network;
}

export class StateError extends EdusyncError {
  readonly exitCode = ExitCode.State;
}

/** Another run holds the run lock (`edusync run` under cron while the previous run goes on). */
export class LockedError extends EdusyncError {
  readonly exitCode = ExitCode.Locked;
}

export class InternalError extends EdusyncError {
  readonly exitCode = ExitCode.Internal;
}

export function describePosition(p: InputPosition, locale: Locale): string {
  const parts = [p.file];
  if (p.sheet !== undefined) parts.push(locale === 'vi' ? `trang tính "${p.sheet}"` : `sheet "${p.sheet}"`);
  if (p.row !== undefined) parts.push(locale === 'vi' ? `dòng ${p.row}` : `row ${p.row}`);
  if (p.column !== undefined) parts.push(locale === 'vi' ? `cột ${p.column}` : `column ${p.column}`);
  return parts.join(', ');
}
