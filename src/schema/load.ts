/**
 * Loads `schemas/` once at start-up, checks every file with zod, and builds the lookups the
 * readers and rules need. A broken file is a ConfigError that names the file and the JSON path.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { ConfigError } from '../errors.js';
import {
  CodeListFile,
  EntitySchemaFile,
  ProvinceCodesFile,
  RuleSetFile,
  type CodeList,
  type CodeValue,
  type EntitySchema,
  type Field,
  type ProvinceCodes,
  type RuleSet,
} from './format.js';
import { foldKey } from './fold.js';

export interface LoadedEntity {
  schema: EntitySchema;
  fieldsByKey: Map<string, Field>;
  /** folded header text → field key (labels, QĐ 4998 keys, aliases, canonical keys). */
  headerIndex: Map<string, string>;
}

export interface LoadedCodeList {
  list: CodeList;
  byCode: Map<string, CodeValue>;
  /** folded label or alias → value. */
  byLabel: Map<string, CodeValue>;
}

export interface LoadedSchemas {
  dir: string;
  entities: Map<EntitySchema['entity'], LoadedEntity>;
  codeLists: Map<string, LoadedCodeList>;
  ruleSets: Map<string, RuleSet>;
  provinces: ProvinceCodes;
  /** CCCD prefix (3 digits) → province name, from `provinces`. */
  cccdProvinces: Map<string, string>;
}

/** The `schemas/` folder shipped with the package (works from src/ under vitest and from dist/). */
export function defaultSchemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'entities'))) return candidate;
    dir = dirname(dir);
  }
  throw new ConfigError({
    vi: 'Không tìm thấy thư mục schemas/ của edusync (cài đặt bị hỏng?).',
    en: 'Cannot find edusync\'s schemas/ folder (broken installation?).',
  });
}

export function readJson<T>(file: string, schema: z.ZodType<T>, base: string): T {
  const name = relative(base, file) || file;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError(
      {
        vi: `Tệp lược đồ ${name} không phải JSON hợp lệ: ${(error as Error).message}`,
        en: `Schema file ${name} is not valid JSON: ${(error as Error).message}`,
      },
      { cause: error },
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(gốc/root)'}: ${i.message}`)
      .join('; ');
    throw new ConfigError({
      vi: `Tệp lược đồ ${name} sai cấu trúc — ${issues}`,
      en: `Schema file ${name} is malformed — ${issues}`,
    });
  }
  return parsed.data;
}

function jsonFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

function configProblem(vi: string, en: string): ConfigError {
  return new ConfigError({ vi, en });
}

/** Cross-checks run after a file parsed; their errors must still name the file to fix. */
function inFile<T>(file: string, base: string, check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const name = relative(base, file) || file;
    throw new ConfigError({ vi: `Tệp lược đồ ${name}: ${error.text.vi}`, en: `Schema file ${name}: ${error.text.en}` });
  }
}

export function loadSchemas(dir: string = defaultSchemasDir()): LoadedSchemas {
  const codeLists = new Map<string, LoadedCodeList>();
  for (const file of jsonFiles(join(dir, 'codelists'))) {
    inFile(file, dir, () => {
    const list = readJson(file, CodeListFile, dir);
    if (codeLists.has(list.name)) {
      throw configProblem(`Danh mục "${list.name}" được khai báo hai lần (${file}).`, `Code list "${list.name}" is declared twice (${file}).`);
    }
    const byCode = new Map<string, CodeValue>();
    const byLabel = new Map<string, CodeValue>();
    for (const value of list.values) {
      if (byCode.has(value.code)) {
        throw configProblem(`Danh mục "${list.name}": mã ${value.code} bị trùng.`, `Code list "${list.name}": code ${value.code} is duplicated.`);
      }
      byCode.set(value.code, value);
      for (const text of [value.label, ...(value.labelEn ? [value.labelEn] : []), ...value.aliases]) {
        const key = foldKey(text);
        const existing = byLabel.get(key);
        if (existing && existing.code !== value.code) {
          throw configProblem(
            `Danh mục "${list.name}": nhãn "${text}" dùng cho cả mã ${existing.code} và ${value.code}.`,
            `Code list "${list.name}": label "${text}" maps to both ${existing.code} and ${value.code}.`,
          );
        }
        byLabel.set(key, value);
      }
    }
    codeLists.set(list.name, { list, byCode, byLabel });
    });
  }

  const entities = new Map<EntitySchema['entity'], LoadedEntity>();
  for (const file of jsonFiles(join(dir, 'entities'))) {
    inFile(file, dir, () => {
    const schema = readJson(file, EntitySchemaFile, dir);
    if (entities.has(schema.entity)) {
      throw configProblem(`Thực thể "${schema.entity}" được khai báo hai lần (${file}).`, `Entity "${schema.entity}" is declared twice (${file}).`);
    }
    const fieldsByKey = new Map<string, Field>();
    const headerIndex = new Map<string, string>();
    for (const field of schema.fields) {
      if (fieldsByKey.has(field.key)) {
        throw configProblem(`${schema.entity}: trường "${field.key}" bị trùng.`, `${schema.entity}: field "${field.key}" is duplicated.`);
      }
      if (field.codeList !== undefined && !codeLists.has(field.codeList)) {
        throw configProblem(
          `${schema.entity}.${field.key}: danh mục "${field.codeList}" không tồn tại.`,
          `${schema.entity}.${field.key}: code list "${field.codeList}" does not exist.`,
        );
      }
      fieldsByKey.set(field.key, field);
      const texts = [field.label, field.labelEn, field.key, ...(field.moetKey ? [field.moetKey] : []), ...field.aliases];
      for (const text of texts) {
        const key = foldKey(text);
        const owner = headerIndex.get(key);
        if (owner !== undefined && owner !== field.key) {
          throw configProblem(
            `${schema.entity}: tiêu đề "${text}" dùng cho cả "${owner}" và "${field.key}".`,
            `${schema.entity}: header "${text}" maps to both "${owner}" and "${field.key}".`,
          );
        }
        headerIndex.set(key, field.key);
      }
    }
    for (const key of [...schema.signatures.flat(), ...schema.keys]) {
      if (!fieldsByKey.has(key)) {
        throw configProblem(`${schema.entity}: trường "${key}" trong signatures/keys không tồn tại.`, `${schema.entity}: field "${key}" named in signatures/keys does not exist.`);
      }
    }
    entities.set(schema.entity, { schema, fieldsByKey, headerIndex });
    });
  }
  if (entities.size === 0) {
    throw configProblem(`Không có lược đồ thực thể nào trong ${join(dir, 'entities')}.`, `No entity schemas in ${join(dir, 'entities')}.`);
  }

  const ruleSets = new Map<string, RuleSet>();
  for (const file of jsonFiles(join(dir, 'rulesets'))) {
    const set = readJson(file, RuleSetFile, dir);
    ruleSets.set(set.schoolYear, set);
  }

  const provincesFile = join(dir, 'units', 'cccd-provinces.json');
  if (!existsSync(provincesFile)) {
    throw configProblem(`Thiếu tệp ${provincesFile}.`, `Missing file ${provincesFile}.`);
  }
  const provinces = readJson(provincesFile, ProvinceCodesFile, dir);
  const cccdProvinces = new Map(provinces.values.map((p) => [`0${p.code}`, p.name] as const));

  return { dir, entities, codeLists, ruleSets, provinces, cccdProvinces };
}

/** Pick the rule set of the school year that contains `date` (yyyy-mm-dd), or by name. */
export function selectRuleSet(schemas: LoadedSchemas, nameOrDate: string): RuleSet {
  const byName = schemas.ruleSets.get(nameOrDate);
  if (byName) return byName;
  for (const set of schemas.ruleSets.values()) {
    if (set.from <= nameOrDate && nameOrDate <= set.to) return set;
  }
  const known = [...schemas.ruleSets.keys()].join(', ');
  throw new ConfigError({
    vi: `Không có bộ quy tắc cho "${nameOrDate}" (có: ${known}).`,
    en: `No rule set for "${nameOrDate}" (available: ${known}).`,
  });
}
