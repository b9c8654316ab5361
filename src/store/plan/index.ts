export * from './types.js';
export { canonicalValues, canonicalValue, rowHash, sameValue } from './canonical.js';
export { planImport, idText, nameDobKey, compareClass, SCHOOL_PERSON_ID_FIELD, IGNORED_FIELDS } from './plan.js';
export { formatPlanText, planToJson, planJsonPieces, planFileContents, showValue, hasChanges, type PlanJson, type PlanJsonItem, type PlanLocale, type FormatPlanOptions } from './format.js';
