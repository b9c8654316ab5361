/** One forward-only schema step. `version` is what `PRAGMA user_version` holds once it is applied. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
