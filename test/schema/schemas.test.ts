/**
 * The shipped `schemas/` data: every file loads, entities cannot be mistaken for one another by
 * their signatures, code lists are internally consistent, sensitive fields are flagged, and a broken
 * schema file is reported as a ConfigError that names the file.
 */
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { foldKey } from '../../src/schema/fold.js';
import { CodeListFile, ProvinceCodesFile, type EntitySchema } from '../../src/schema/format.js';
import { defaultSchemasDir, loadSchemas, type LoadedEntity } from '../../src/schema/load.js';

const DIR = defaultSchemasDir();
const schemas = loadSchemas(DIR);

/** Every header text a file of this entity may carry (labels, English labels, QĐ 4998 keys, aliases). */
function headerTexts(entity: LoadedEntity): string[] {
  return entity.schema.fields.flatMap((f) => [f.label, f.labelEn, ...(f.moetKey ? [f.moetKey] : []), ...f.aliases]);
}

/** Signature groups of `target` that a file with these headers would satisfy. */
function matchedSignatures(target: LoadedEntity, headers: string[]): string[][] {
  const keys = new Set(headers.map((h) => target.headerIndex.get(foldKey(h))).filter((k): k is string => k !== undefined));
  return target.schema.signatures.filter((group) => group.every((k) => keys.has(k)));
}

function entity(name: EntitySchema['entity']): LoadedEntity {
  const e = schemas.entities.get(name);
  if (!e) throw new Error(`missing entity ${name}`);
  return e;
}

describe('shipped schemas', () => {
  it('load, with all five entities and every code-list file', () => {
    expect([...schemas.entities.keys()].sort()).toEqual(['class', 'result', 'school', 'student', 'teacher']);
    const files = readdirSync(join(DIR, 'codelists')).filter((f) => f.endsWith('.json'));
    expect(schemas.codeLists.size).toBe(files.length);
    for (const file of files) {
      const raw = JSON.parse(readFileSync(join(DIR, 'codelists', file), 'utf8')) as { name: string };
      expect(`${raw.name}.json`).toBe(file);
    }
  });

  it('keep the student field keys and code-list names other modules depend on', () => {
    const student = entity('student');
    for (const key of ['schoolId', 'gradeCode', 'classId', 'studentId', 'fullName', 'dateOfBirth', 'genderCode', 'ethnicityCode', 'religionCode',
      'nationalityCode', 'personalId', 'statusCode', 'statusDate', 'dropoutReasonCode', 'disabilityTypeCode', 'repeatedLastYear', 'contactPhone',
      'email', 'birthPlace', 'provinceCode', 'communeCode', 'address', 'fatherName', 'fatherBirthYear', 'fatherPhone', 'motherName',
      'motherBirthYear', 'motherPhone']) {
      expect(student.fieldsByKey.has(key), key).toBe(true);
    }
    for (const name of ['gender', 'grade', 'ethnicity', 'religion', 'nationality', 'student-status', 'dropout-reason', 'disability-type']) {
      expect(schemas.codeLists.has(name), name).toBe(true);
    }
  });

  it('every code field references an existing list and every list declares its confidence and source', () => {
    for (const e of schemas.entities.values()) {
      for (const f of e.schema.fields) {
        if (f.type === 'code') expect(schemas.codeLists.has(f.codeList ?? ''), `${e.schema.entity}.${f.key}`).toBe(true);
      }
    }
    for (const { list } of schemas.codeLists.values()) {
      expect(list.source.title.length, list.name).toBeGreaterThan(10);
      expect(['official', 'secondary', 'inferred']).toContain(list.confidence);
      if (list.effectiveTo) expect(list.effectiveTo > list.effectiveFrom, list.name).toBe(true);
    }
  });

  it('code lists have unique codes, and labels/aliases unique after folding', () => {
    for (const { list } of schemas.codeLists.values()) {
      const codes = list.values.map((v) => v.code);
      expect(new Set(codes).size, list.name).toBe(codes.length);
      const owner = new Map<string, string>();
      for (const v of list.values) {
        for (const text of [v.label, ...(v.labelEn ? [v.labelEn] : []), ...v.aliases]) {
          const key = foldKey(text);
          const prev = owner.get(key);
          expect(prev === undefined || prev === v.code, `${list.name}: "${text}" → ${prev} and ${v.code}`).toBe(true);
          owner.set(key, v.code);
        }
      }
    }
  });

  it('flags ethnicity, religion, disability and health fields as sensitive in every entity', () => {
    const sensitive = /^(ethnicity|religion|disab)|EthnicMinority$|^(heightCm|weightKg|bloodType)$|Disabled/;
    let seen = 0;
    for (const e of schemas.entities.values()) {
      for (const f of e.schema.fields) {
        if (sensitive.test(f.key)) {
          seen++;
          expect(f.sensitive, `${e.schema.entity}.${f.key}`).toBe(true);
        }
      }
    }
    expect(seen).toBeGreaterThanOrEqual(12);
  });

  it('signature and key fields exist and signatures are not trivially small', () => {
    for (const e of schemas.entities.values()) {
      for (const group of e.schema.signatures) expect(group.length, `${e.schema.entity}: ${group.join('+')}`).toBeGreaterThanOrEqual(2);
      expect(e.schema.keys.length).toBeGreaterThan(0);
    }
  });
});

describe('entity signatures do not confuse file kinds', () => {
  const pairs: Array<[EntitySchema['entity'], EntitySchema['entity']]> = [
    ['student', 'teacher'],
    ['teacher', 'student'],
    ['student', 'class'],
    ['student', 'school'],
    ['student', 'result'],
    ['teacher', 'class'],
    ['teacher', 'school'],
    ['teacher', 'result'],
    ['class', 'student'],
    ['class', 'teacher'],
    ['school', 'student'],
    ['school', 'teacher'],
    ['result', 'teacher'],
  ];
  it.each(pairs)('a file with every %s header is not recognised as %s', (from, to) => {
    expect(matchedSignatures(entity(to), headerTexts(entity(from)))).toEqual([]);
  });

  it.each(['student', 'teacher', 'class', 'school', 'result'] as const)('each %s signature group alone is recognised as its own entity', (name) => {
    const e = entity(name);
    for (const group of e.schema.signatures) {
      const labels = group.map((k) => e.fieldsByKey.get(k)!.label);
      expect(matchedSignatures(e, labels).length, group.join('+')).toBeGreaterThan(0);
    }
  });

  it('the student signature columns alone do not make a teacher list, and vice versa', () => {
    const student = entity('student');
    const teacher = entity('teacher');
    for (const group of student.schema.signatures) {
      expect(matchedSignatures(teacher, group.map((k) => student.fieldsByKey.get(k)!.label))).toEqual([]);
    }
    for (const group of teacher.schema.signatures) {
      expect(matchedSignatures(student, group.map((k) => teacher.fieldsByKey.get(k)!.label))).toEqual([]);
    }
  });

  it('a staff list with only name, birth date and CCCD is not a student list', () => {
    expect(matchedSignatures(entity('student'), ['Họ và tên', 'Ngày sinh', 'Số CCCD', 'Giới tính', 'Dân tộc'])).toEqual([]);
  });
});

describe('facts in the data', () => {
  it('reads common header variants', () => {
    expect(entity('teacher').headerIndex.get(foldKey('Mã GV'))).toBe('staffId');
    expect(entity('teacher').headerIndex.get(foldKey('Hạng chức danh nghề nghiệp'))).toBe('rankCode');
    expect(entity('result').headerIndex.get(foldKey('HỌC KỲ'))).toBe('term');
    expect(entity('class').headerIndex.get(foldKey('GVCN'))).toBe('homeroomTeacherName');
    expect(entity('student').headerIndex.get(foldKey('Ngày tháng năm sinh'))).toBe('dateOfBirth');
  });

  it('code lists resolve labels, letters and MOET codes', () => {
    const byLabel = (list: string, text: string) => schemas.codeLists.get(list)?.byLabel.get(foldKey(text))?.code;
    expect(byLabel('learning-result-tt22', 'CĐ')).toBe('4');
    expect(byLabel('learning-result-tt22', 'Đ')).toBe('3');
    expect(byLabel('primary-result-tt27', 'Hoàn thành xuất sắc')).toBe('HTXS');
    expect(byLabel('term', 'HK2')).toBe('2');
    expect(byLabel('grade', '07')).toBe('7');
    expect(byLabel('religion', 'Không')).toBe('99');
    expect(byLabel('ethnicity', "H'Mông")).toBe('08');
    expect(byLabel('staff-group', 'Giáo viên')).toBe('03');
    expect(schemas.codeLists.get('qualification')?.byCode.has('12')).toBe(false);
    expect(schemas.codeLists.get('rank')?.byCode.get('V.07.03.08')?.deprecated).toBe(true);
    expect(schemas.codeLists.get('rank')?.byCode.get('V.07.03.29')?.deprecated).toBe(false);
    expect(schemas.codeLists.get('learning-result-tt58')?.list.effectiveTo).toBeDefined();
  });

  it('provinces-2025.json lists the 34 provinces of QĐ 19/2025 in the province-code format', () => {
    const file = ProvinceCodesFile.parse(JSON.parse(readFileSync(join(DIR, 'units', 'provinces-2025.json'), 'utf8')));
    expect(file.effectiveFrom).toBe('2025-07-01');
    expect(file.values).toHaveLength(34);
    expect(new Set(file.values.map((p) => p.code)).size).toBe(34);
    expect(file.values.find((p) => p.code === '79')?.name).toBe('Thành phố Hồ Chí Minh');
    // every post-2025 code is also a pre-2025 code (no new numbers were created)
    for (const p of file.values) expect(schemas.provinces.values.some((old) => old.code === p.code), p.code).toBe(true);
  });
});

describe('a broken schema file is a configuration error naming the file', () => {
  let tmp: string | undefined;
  afterEach(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    tmp = undefined;
  });

  function copy(): string {
    tmp = mkdtempSync(join(tmpdir(), 'edusync-schemas-'));
    cpSync(DIR, tmp, { recursive: true });
    return tmp;
  }
  function edit(dir: string, rel: string, change: (json: any) => void): void {
    const path = join(dir, rel);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    change(json);
    writeFileSync(path, JSON.stringify(json));
  }
  function loadError(dir: string): ConfigError {
    try {
      loadSchemas(dir);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return error as ConfigError;
    }
    throw new Error('loadSchemas did not throw');
  }

  it('the unmodified copy loads', () => {
    expect(loadSchemas(copy()).entities.size).toBe(5);
  });

  it('invalid JSON', () => {
    const dir = copy();
    writeFileSync(join(dir, 'entities', 'teacher.json'), '{ "entity": "teacher", ');
    const error = loadError(dir);
    expect(error.text.en).toContain('teacher.json');
    expect(error.text.vi).toContain('teacher.json');
  });

  it('a field of type code without codeList', () => {
    const dir = copy();
    edit(dir, 'entities/class.json', (j) => {
      delete j.fields.find((f: { key: string }) => f.key === 'gradeCode').codeList;
    });
    const error = loadError(dir);
    expect(error.text.en).toContain('class.json');
    expect(error.text.en).toContain('codeList');
  });

  it('a code list file that breaks the format', () => {
    const dir = copy();
    edit(dir, 'codelists/term.json', (j) => {
      j.values = [];
    });
    expect(loadError(dir).text.en).toContain('term.json');
  });

  // Cross-file checks name the entity/list, the field and the file to fix.
  it('a codeList reference to a missing list names the entity and field', () => {
    const dir = copy();
    edit(dir, 'entities/teacher.json', (j) => {
      j.fields.find((f: { key: string }) => f.key === 'rankCode').codeList = 'no-such-list';
    });
    const error = loadError(dir);
    expect(error.text.en).toContain('teacher.rankCode');
    expect(error.text.en).toContain('no-such-list');
  });

  it('a codeList reference to a missing list names the file', () => {
    const dir = copy();
    edit(dir, 'entities/teacher.json', (j) => {
      j.fields.find((f: { key: string }) => f.key === 'rankCode').codeList = 'no-such-list';
    });
    expect(loadError(dir).text.en).toContain('teacher.json');
  });

  it('a header alias used by two fields names the entity and both fields', () => {
    const dir = copy();
    edit(dir, 'entities/result.json', (j) => {
      j.fields.find((f: { key: string }) => f.key === 'daysAbsent').aliases.push('Học kỳ');
    });
    const error = loadError(dir);
    expect(error.text.en).toContain('result');
    expect(error.text.en).toContain('daysAbsent');
    expect(error.text.en).toContain('term');
  });

  it('a header alias used by two fields names the file', () => {
    const dir = copy();
    edit(dir, 'entities/result.json', (j) => {
      j.fields.find((f: { key: string }) => f.key === 'daysAbsent').aliases.push('Học kỳ');
    });
    expect(loadError(dir).text.en).toContain('result.json');
  });

  it('a code-list alias used by two values names the list', () => {
    const dir = copy();
    edit(dir, 'codelists/conduct-tt22.json', (j) => {
      j.values[0].aliases.push('Khá');
    });
    const error = loadError(dir);
    expect(error.text.en).toContain('conduct-tt22');
    expect(CodeListFile.safeParse(JSON.parse(readFileSync(join(dir, 'codelists', 'conduct-tt22.json'), 'utf8'))).success).toBe(true);
  });
});
