/** Snapshot diffs and history (issue 4 item 3): `edusync diff` and `edusync history`. */
export * from './types.js';
export { diffSnapshots, idText, DIFF_IGNORED_FIELDS } from './diff.js';
export { loadDiff, personEntityOf } from './load.js';
export { loadHistory, type History, type HistoryQuery, type HistoryRun, type HistorySchool, type HistorySnapshot } from './history.js';
export { resolveDbPath, openStoreForReading, DEFAULT_DB_FILE } from './open.js';
export {
  formatDiffText,
  diffToJson,
  formatHistoryText,
  historyToJson,
  showValue,
  showPeriod,
  showDateTime,
  entityWord,
  schoolHasChanges,
  type DiffJson,
  type DiffJsonSchool,
  type DiffLocale,
  type FormatDiffOptions,
} from './format.js';
// writeDiffWorkbook lives in ./xlsx.js (imported on demand: it loads ExcelJS).
