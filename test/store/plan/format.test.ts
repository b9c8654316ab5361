import { describe, expect, it } from 'vitest';
import { formatPlanText, planJsonPieces, planToJson } from '../../../src/store/plan/format.js';
import { planImport } from '../../../src/store/plan/plan.js';
import { DUPLICATE_IN_IMPORT, type ImportPlan } from '../../../src/store/plan/types.js';
import { applied, counter, incoming, SCHOOL, student } from './helpers.js';

function example(): ImportPlan {
  const sep = [0, 1, 2, 3, 4].map(student);
  const prev = applied(planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(sep), nextPersonId: counter(1) }));
  const oct = [
    { ...sep[0]!, dateOfBirth: '2014-01-21' }, // updated: date of birth
    { ...sep[1]!, classId: '6A1' }, // moved
    sep[2]!,
    student(7), // new
    sep[2]!, // the same person twice
  ];
  return planImport({ school: SCHOOL, period: '2025-10', entity: 'student', previous: prev, incoming: incoming(oct, { blocking: { [student(7).studentId]: [] } }), nextPersonId: counter(10) });
}

const labels = { dateOfBirth: { vi: 'Ngày sinh', en: 'Date of birth' }, fullName: { vi: 'Họ và tên', en: 'Full name' } };

describe('formatPlanText', () => {
  const plan = example();

  it('gives counts per kind, then the lists, in Vietnamese', () => {
    const text = formatPlanText(plan, 'vi', { labels });
    expect(text).toContain('Kế hoạch nhập — trường 79000001, kỳ 2025-10, học sinh');
    expect(text).toContain('Mới: 1 · Cập nhật: 1 · Chuyển lớp: 1 · Rời trường: 2 · Bị từ chối: 1 · Không đổi: 1');
    expect(text).toContain('\nMới (1):\n  6A2  Vũ Ngọc Linh · mã HS 7900001007 · định danh 079314100259 · hoc-sinh.xlsx [Học sinh] dòng 10');
    expect(text).toContain('Cập nhật (1):\n  6A1  Nguyễn Văn An · mã HS 7900001000');
    expect(text).toContain('      Ngày sinh: 01/01/2014 → 21/01/2014');
    expect(text).toContain('Chuyển lớp (1):\n  6A2 → 6A1  Trần Ngọc Hương');
    expect(text).toContain('Rời trường (2):\n  6A1  Phạm Thu Châu');
    expect(text).toContain(`Bị từ chối (1):\n  7A1  Lê Đức Thắng · mã HS 7900001002 · định danh 079213100074 · hoc-sinh.xlsx [Học sinh] dòng 11: ${DUPLICATE_IN_IMPORT} (trùng người với hoc-sinh.xlsx [Học sinh] dòng 9)`);
    expect(text).not.toContain('Không có thay đổi.');
  });

  it('in English too, and field keys when no labels are given', () => {
    const text = formatPlanText(plan, 'en');
    expect(text).toContain('Import plan — school 79000001, period 2025-10, students');
    expect(text).toContain('New: 1 · Updated: 1 · Moved class: 1 · Left: 2 · Rejected: 1 · Unchanged: 1');
    expect(text).toContain('      dateOfBirth: 01/01/2014 → 21/01/2014');
    expect(text).toContain('Moved class (1):');
    expect(text).toContain('row 10');
    expect(text).toContain(`${DUPLICATE_IN_IMPORT} (same person as hoc-sinh.xlsx [Học sinh] row 9)`);
  });

  it('says "no changes" when nothing changed', () => {
    const sep = [0, 1, 2].map(student);
    const prev = applied(planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(sep), nextPersonId: counter(1) }));
    const same = planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: prev, incoming: incoming(sep), nextPersonId: counter(9) });
    expect(formatPlanText(same, 'vi')).toBe('Kế hoạch nhập — trường 79000001, kỳ 2025-09, học sinh\nMới: 0 · Cập nhật: 0 · Chuyển lớp: 0 · Rời trường: 0 · Bị từ chối: 0 · Không đổi: 3\nKhông có thay đổi.\n');
    expect(formatPlanText(same, 'en')).toContain('\nNo changes.\n');
  });

  it('caps long lists only when asked, and says how many it left out', () => {
    const many = planImport({ school: SCHOOL, period: '2025-09', entity: 'student', previous: [], incoming: incoming(Array.from({ length: 12 }, (_, i) => student(i))), nextPersonId: counter(1) });
    const text = formatPlanText(many, 'vi', { maxItems: 5 });
    expect(text.split('\n').filter((l) => l.includes('mã HS'))).toHaveLength(5);
    expect(text).toContain('  … và 7 mục khác');
    expect(formatPlanText(many, 'en', { maxItems: 5 })).toContain('  … and 7 more');
  });

  it('shows empty values and booleans as words', () => {
    const p: ImportPlan = { ...example(), new: [], moved: [], left: [], rejected: [], updated: [{ personId: 1, schoolPersonId: 'X', personalId: null, changes: [{ field: 'isYoungPioneer', old: null, new: true }, { field: 'email', old: 'a@b.vn', new: null }] }] };
    const text = formatPlanText(p, 'vi');
    expect(text).toContain('isYoungPioneer: (trống) → có');
    expect(text).toContain('email: a@b.vn → (trống)');
  });
});

describe('planToJson', () => {
  it('is the documented object: arrays new/updated/moved/left/rejected, unchanged, school, period, entity', () => {
    const json = planToJson(example());
    expect(Object.keys(json)).toEqual(['school', 'period', 'entity', 'changed', 'counts', 'new', 'updated', 'moved', 'left', 'rejected', 'unchanged']);
    expect(json).toMatchObject({ school: SCHOOL, period: '2025-10', entity: 'student', changed: true, unchanged: 1, counts: { new: 1, updated: 1, moved: 1, left: 2, rejected: 1, unchanged: 1 } });
    expect(json.new[0]).toEqual({
      personId: 10, schoolPersonId: '7900001007', personalId: '079314100259', fullName: 'Vũ Ngọc Linh', classId: '6A2',
      source: { file: 'hoc-sinh.xlsx', sheet: 'Học sinh', row: 10 }, note: null,
    });
    expect(json.updated[0]).toMatchObject({ schoolPersonId: '7900001000', personalId: '001214100000', changes: [{ field: 'dateOfBirth', old: '2014-01-01', new: '2014-01-21' }] });
    expect(json.moved[0]).toMatchObject({ schoolPersonId: '7900001001', fromClass: '6A2', toClass: '6A1', changes: [] });
    expect(json.left.map((l) => [l.schoolPersonId, l.source])).toEqual([
      ['7900001003', null],
      ['7900001004', null],
    ]);
    expect(json.rejected[0]).toMatchObject({ schoolPersonId: '7900001002', codes: [DUPLICATE_IN_IMPORT], duplicateOf: { file: 'hoc-sinh.xlsx', sheet: 'Học sinh', row: 9 } });
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(JSON.stringify(json)).not.toContain('snapshot');
  });
});

describe('planJsonPieces', () => {
  it('gives JSON.stringify(doc with plans, null, 2) byte for byte, one piece per plan', () => {
    const plan = example();
    const tricky = { ...plan, school: '79000002', new: plan.new.map((i) => ({ ...i, fullName: 'Lê "Ánh"\n  "plans": []' })) };
    const doc = { period: '2025-10', applied: false, runId: null, validation: { valid: false, note: '\n  "plans": [] in a text' }, plans: [], units: [{ entity: 'class' }] };
    for (const plans of [[], [plan], [plan, tricky, { ...plan, school: '79000003' }]]) {
      const pieces = [...planJsonPieces(doc, plans)];
      expect(pieces.join('')).toBe(`${JSON.stringify({ ...doc, plans: plans.map(planToJson) }, null, 2)}\n`);
      expect(pieces.length).toBe(plans.length === 0 ? 1 : plans.length + 2);
    }
  });
});
