/** Statistical reports (TT 24/2018, TT 25/2024): form definitions, aggregation, checks, rendering. */
export { loadReportDefinitions, formProblems, type Form, type ReportDefinitions } from './definitions.js';
export { parsePeriod, frameworkFor, type ReportPeriod } from './period.js';
export { loadUnits, placeSchool, type ReportLevel, type Unit } from './units.js';
export { buildReport, schoolReports, type ReportSet, type FormReport, type Grid } from './aggregate.js';
export { checkReport, findingText, type ReportFinding } from './checks.js';
export { formCells, reportJson, reportCsvRows, type ReportCell } from './cells.js';
export { renderHtml } from './render-html.js';
export { writeReportXlsx, reportWorkbook } from './render-xlsx.js';
