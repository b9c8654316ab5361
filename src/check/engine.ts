/**
 * The check engine (design §3; modelled on ESLint's linter): applies a rule set to the rules,
 * dispatches every record to the rules of its entity, turns repairs into info findings and
 * collects findings. It knows nothing about individual rules.
 *
 * Hot path: `record()` runs once per record for a million records. Listener arrays are built once
 * per entity; nothing is allocated per record unless something is reported.
 */
import type { Finding } from './finding.js';
import { idText, type RecordRow, type Repair } from '../io/record.js';
import type { RuleSet, Severity } from '../schema/format.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { ReportInput, RuleContext, RuleMeta, RuleListener, RuleModule } from '../rules/types.js';
import { allRules } from '../rules/index.js';
import { REPAIR_CODES, structuralMetas } from './catalogue.js';
import { detach, detachAll } from '../io/detach.js';
import { ENTITY_NAMES, todayIso, type EntityName } from '../rules/utils/values.js';
import { ConfigError } from '../errors.js';
import { personalIdFields, twelveDigitId } from '../rules/utils/cccd.js';

export interface EngineOptions {
  schemas: LoadedSchemas;
  ruleSet: RuleSet;
  /** Day ages are counted at (default: the rule set's referenceDate; `--as-of`). */
  referenceDate?: string;
  /** Today, for "in the future" checks (default: the machine's local date). */
  today?: string;
  /** Rules to run (default: every rule in `src/rules/index.ts`). */
  rules?: RuleModule[];
}

export interface Engine {
  record(r: RecordRow): void;
  /**
   * The findings so far, handed over and forgotten (counts stay): a worker sends them on in
   * batches instead of holding every finding of its part.
   */
  drain(): Finding[];
  /** A finished finding from another engine (a worker's), counted as is. */
  adopt(f: Finding): void;
  /**
   * Whether a table may be checked in parts: every enabled rule either looks at one record at a
   * time (scope cell/row, no end hook) or is a cross-file rule that can hand its state over
   * (`state`/`append`). A table-scope rule needs the whole table in one place.
   */
  readonly splittable: boolean;
  /**
   * The cross-file rules' states by rule code (a worker's, once its part is checked; the engine is
   * not used again after this).
   */
  handOver(): Record<string, unknown>;
  /** Appends another engine's `handOver()`, as if its records had come after the ones seen here. */
  takeOver(states: Record<string, unknown>): void;
  /** structural findings from the pipeline (header problems etc.) */
  add(f: Finding): void;
  finish(): Finding[];
  counts(): { errors: number; warnings: number; infos: number };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/**
 * A rule set with its `extends` chain resolved (base first, then each child overriding severities
 * and options per code; `retired` lists are joined).
 */
export function resolveRuleSet(schemas: LoadedSchemas, ruleSet: RuleSet): RuleSet {
  const chain: RuleSet[] = [];
  const seen = new Set<string>();
  let current: RuleSet | undefined = ruleSet;
  while (current) {
    if (seen.has(current.schoolYear)) {
      throw new ConfigError({
        vi: `Bộ quy tắc ${ruleSet.schoolYear}: "extends" tạo vòng lặp (${[...seen].join(' → ')}).`,
        en: `Rule set ${ruleSet.schoolYear}: "extends" forms a cycle (${[...seen].join(' → ')}).`,
      });
    }
    seen.add(current.schoolYear);
    chain.unshift(current);
    if (current.extends === undefined) break;
    const base = schemas.ruleSets.get(current.extends);
    if (!base) {
      throw new ConfigError({
        vi: `Bộ quy tắc ${current.schoolYear} kế thừa "${current.extends}" nhưng bộ này không tồn tại.`,
        en: `Rule set ${current.schoolYear} extends "${current.extends}", which does not exist.`,
      });
    }
    current = base;
  }
  if (chain.length === 1) return ruleSet;
  const rules: RuleSet['rules'] = {};
  const options: RuleSet['options'] = {};
  const retired = new Set<string>();
  for (const set of chain) {
    Object.assign(rules, set.rules);
    for (const [code, opts] of Object.entries(set.options)) options[code] = { ...options[code], ...opts };
    for (const code of set.retired) retired.add(code);
  }
  return { ...ruleSet, rules, options, retired: [...retired] };
}

type RecordHook = (r: RecordRow) => void;

/** `(r) => { h[0](r); h[1](r); … }` for a fixed list of hooks. */
function compileDispatch(list: readonly RecordHook[]): RecordHook {
  const body = list.map((_, i) => `h${i}(r);`).join('\n');
  const names = list.map((_, i) => `h${i}`);
  return new Function(...names, `return function dispatch(r) {\n${body}\n};`)(...list) as RecordHook;
}

export function createEngine(options: EngineOptions): Engine {
  const { schemas } = options;
  const ruleSet = resolveRuleSet(schemas, options.ruleSet);
  const referenceDate = options.referenceDate ?? ruleSet.referenceDate;
  const today = options.today ?? todayIso();
  const rules = options.rules ?? allRules();

  const findings: Finding[] = [];
  let errors = 0;
  let warnings = 0;
  let infos = 0;

  function push(f: Finding): void {
    findings.push(f);
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }

  for (const code of Object.keys(ruleSet.rules)) {
    if (ruleSet.retired.includes(code)) {
      throw new ConfigError({
        vi: `Bộ quy tắc ${ruleSet.schoolYear} cấu hình mã ${code}, nhưng mã này đã bị loại bỏ (retired).`,
        en: `Rule set ${ruleSet.schoolYear} configures ${code}, which is retired.`,
      });
    }
  }

  function fieldLabels(entity: EntityName, field: string): { vi: string; en: string } | undefined {
    const f = schemas.entities.get(entity)?.fieldsByKey.get(field);
    return f ? { vi: f.label, en: f.labelEn } : undefined;
  }

  /** Labels of a field key in any entity (structural findings carry no entity). */
  function anyFieldLabels(field: string): { vi: string; en: string } | undefined {
    for (const entity of ENTITY_NAMES) {
      const labels = fieldLabels(entity, field);
      if (labels) return labels;
    }
    return undefined;
  }

  const personalIdKey = personalIdFields(schemas);
  /**
   * Whom a finding about a student or teacher row is about (matched against `edusync ack`): made
   * only when a finding is, so the per-record path pays nothing. A row with no identifier (or a
   * cross-file rule's synthetic row without one) has no subject and cannot be acknowledged.
   */
  function subjectOf(record: RecordRow): Finding['subject'] {
    const entity = record.entity;
    if (entity !== 'student' && entity !== 'teacher') return undefined;
    const pidKey = personalIdKey(entity)[0];
    const person =
      (pidKey === undefined ? undefined : twelveDigitId(record, pidKey)) ?? idText(record.values[entity === 'student' ? 'studentId' : 'staffId']);
    if (person === undefined || person === null) return undefined;
    return { school: detach(idText(record.values.schoolId) ?? ''), person: detach(person) };
  }

  function makeReporter(meta: RuleMeta, configured: Severity): (input: ReportInput) => void {
    const cap = RANK[configured];
    return (input) => {
      if (meta.messages[input.messageId] === undefined) {
        throw new TypeError(`Rule ${meta.code} (${meta.id}) reported messageId "${input.messageId}", which is not in its meta.messages.`);
      }
      let severity = input.severity ?? configured;
      if (RANK[severity] > cap) severity = configured;
      const record = input.record;
      const field = input.field;
      const data: Record<string, string | number> = input.data ? detachAll({ ...input.data }) : {};
      let column: string | undefined;
      let value: string | undefined;
      if (record && field !== undefined) {
        column = record.columns[field];
        const v = record.values[field];
        if (v !== undefined && v !== null) value = typeof v === 'string' ? detach(v) : String(v);
        if (data.field === undefined) {
          const labels = fieldLabels(record.entity, field);
          data.field = labels?.vi ?? field;
          data.fieldEn = labels?.en ?? field;
        }
      }
      const f: Finding = {
        code: meta.code,
        severity,
        messageId: input.messageId,
        file: input.file ?? record?.file ?? '',
        data,
      };
      const sheet = input.sheet ?? record?.sheet;
      if (sheet !== undefined) f.sheet = sheet;
      const row = input.row ?? record?.row;
      if (row !== undefined) f.row = row;
      if (column !== undefined) f.column = column;
      if (field !== undefined) f.field = field;
      if (value !== undefined) f.value = value;
      const subject = input.subject ?? (record ? subjectOf(record) : undefined);
      if (subject !== undefined) f.subject = subject;
      push(f);
    };
  }

  // Per-entity listener arrays, built once.
  const hooks: Record<EntityName, RecordHook[]> = { school: [], class: [], student: [], teacher: [], result: [] };
  const handOvers = new Map<string, RuleListener>();
  const endHooks: (() => void)[] = [];
  let splittable = true;
  const seenCodes = new Set<string>();
  for (const rule of rules) {
    const meta = rule.meta;
    if (seenCodes.has(meta.code)) throw new TypeError(`Two rules share code ${meta.code}.`);
    seenCodes.add(meta.code);
    const setting = ruleSet.rules[meta.code];
    if (setting === 'off') continue;
    const cross = meta.scope === 'cross-file';
    const severity: Severity = setting ?? meta.defaultSeverity;
    const context: RuleContext = {
      schemas,
      referenceDate,
      today,
      options: ruleSet.options[meta.code] ?? {},
      report: makeReporter(meta, severity),
    };
    const listener = rule.create(context);
    if (listener.record) {
      const hook = listener.record.bind(listener);
      const targets = meta.entities.includes('*') ? ENTITY_NAMES : (meta.entities as EntityName[]);
      for (const entity of targets) {
        hooks[entity].push(hook);
      }
    }
    if (listener.end) endHooks.push(listener.end.bind(listener));
    if (cross) {
      if (listener.state && listener.append) handOvers.set(meta.code, listener);
      else splittable = false;
    } else if (meta.scope === 'table' || listener.end) splittable = false;
  }

  // Repairs → info findings (severity from the rule set like any code).
  const repairSeverity = new Map<Repair['kind'], Severity>();
  for (const [kind, code] of Object.entries(REPAIR_CODES) as [Repair['kind'], string][]) {
    const setting = ruleSet.rules[code];
    if (setting !== 'off') repairSeverity.set(kind, setting ?? 'info');
  }
  const structuralSettings = new Map<string, Severity | 'off'>();
  for (const meta of structuralMetas()) {
    const setting = ruleSet.rules[meta.code];
    if (setting !== undefined) structuralSettings.set(meta.code, setting);
  }

  function repairFinding(r: RecordRow, repair: Repair): void {
    const severity = repairSeverity.get(repair.kind);
    if (severity === undefined) return;
    const f: Finding = {
      code: REPAIR_CODES[repair.kind],
      severity,
      messageId: 'repaired',
      file: r.file,
      row: r.row,
      field: repair.field,
      value: detach(repair.to),
      data: { from: detach(repair.from), to: detach(repair.to) },
    };
    if (r.sheet !== undefined) f.sheet = r.sheet;
    const column = r.columns[repair.field];
    if (column !== undefined) f.column = column;
    const labels = fieldLabels(r.entity, repair.field);
    f.data.field = labels?.vi ?? repair.field;
    f.data.fieldEn = labels?.en ?? repair.field;
    push(f);
  }

  // One dispatcher per entity, compiled once: a call site per rule lets V8 cache (and inline) each
  // rule's hook, where one loop calling 25 different hooks through the same site cannot.
  const dispatch = {} as Record<EntityName, RecordHook>;
  for (const entity of ENTITY_NAMES) dispatch[entity] = compileDispatch(hooks[entity]);

  let finished = false;
  return {
    record(r) {
      dispatch[r.entity](r);
      const repairs = r.repairs;
      for (let i = 0; i < repairs.length; i++) repairFinding(r, repairs[i]!);
    },
    drain() {
      return findings.splice(0, findings.length);
    },
    adopt(f) {
      push(f);
    },
    splittable,
    handOver() {
      const states: Record<string, unknown> = {};
      for (const [code, listener] of handOvers) states[code] = listener.state!();
      return states;
    },
    takeOver(states) {
      for (const [code, listener] of handOvers) {
        if (!(code in states)) throw new Error(`edusync: no state of ${code} from the other part.`);
        listener.append!(states[code]);
      }
    },
    add(f) {
      const setting = structuralSettings.get(f.code);
      if (setting === 'off') return;
      let out = setting === undefined || setting === f.severity ? f : { ...f, severity: setting };
      // Field keys in structural data become labels (vi/en) for messages.
      const key = typeof f.data.field === 'string' ? f.data.field : f.field;
      if (key !== undefined && f.data.fieldEn === undefined) {
        const labels = anyFieldLabels(key);
        if (labels) out = { ...out, data: { ...f.data, field: labels.vi, fieldEn: labels.en } };
      }
      push(out);
    },
    finish() {
      if (!finished) {
        finished = true;
        for (const end of endHooks) end();
      }
      return findings;
    },
    counts() {
      return { errors, warnings, infos };
    },
  };
}
