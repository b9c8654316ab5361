/** Programmatic API: every stage as a plain function, usable without the CLI. Never exits the process. */
export { validateFiles, type ValidateOptions } from './check/pipeline.js';
export type { ValidationReport, TableReport, UnreadableFile } from './check/report.js';
export type { Finding } from './check/finding.js';
export { loadSchemas, selectRuleSet, type LoadedSchemas } from './schema/load.js';
export { openFile } from './io/read.js';
export { generate, type GenerateOptions } from './generate/index.js';
export * from './errors.js';
