import { foldKey } from '../../schema/fold.js';
import { defineRule } from '../types.js';
import { isoToInt, numberOption, yearsBetween } from '../utils/values.js';

export const defaultOptions = { minAgeMaster: 24, minAgeDoctor: 27 };

type Degree = 'master' | 'doctor';

/** Which postgraduate degree a qualification label names ("Thạc sỹ", "Thạc sĩ", "Tiến sỹ", "TS"…). */
export function degreeOf(label: string): Degree | undefined {
  const f = foldKey(label);
  if (/\b(tien s[iy]|ts|tskh|doctor|phd)\b/.test(f)) return 'doctor';
  if (/\b(thac s[iy]|ths|master)\b/.test(f)) return 'master';
  return undefined;
}

/** A very young teacher with a master's or doctorate is probably a data-entry slip. */
export default defineRule({
  meta: {
    code: 'GV-002',
    id: 'teacher-qualification-age',
    entities: ['teacher'],
    scope: 'row',
    defaultSeverity: 'warning',
    title: { vi: 'Trình độ không hợp với tuổi', en: 'Qualification implausible for age' },
    docs: {
      vi: 'Giáo viên có trình độ Thạc sỹ khi dưới 24 tuổi hoặc Tiến sỹ khi dưới 27 tuổi (tại ngày tham chiếu) là khó xảy ra: đại học 4 năm, thạc sĩ thêm 1,5–2 năm, tiến sĩ thêm 3–4 năm. Thường do chọn nhầm trình độ hoặc nhập sai ngày sinh. Tuỳ chọn: minAgeMaster, minAgeDoctor.',
      en: 'A teacher with a master\'s degree under 24, or a doctorate under 27 (at the reference date), is unlikely: 4 years of university, 1.5–2 more for a master\'s, 3–4 more for a doctorate. Usually a wrong qualification or birth date. Options: minAgeMaster, minAgeDoctor.',
    },
    legalBasis: 'Luật Giáo dục 2019 Điều 72 (trình độ chuẩn của nhà giáo); Nghị định 99/2019/NĐ-CP và Thông tư 23/2021/TT-BGDĐT (thời gian đào tạo thạc sĩ), Thông tư 18/2021/TT-BGDĐT (tiến sĩ); QĐ 4998/QĐ-BGDĐT Phụ lục III (GVC2.1.1 MA_TRINH_DO_CHUYEN_MON — DM_TRINH_DO_CHUYEN_MON)',
    messages: {
      tooYoungForDegree: {
        vi: 'Giáo viên {{age}} tuổi nhưng trình độ chuyên môn là «{{degree}}» (thường từ {{minAge}} tuổi trở lên); kiểm tra trình độ hoặc ngày sinh.',
        en: 'Teacher is {{age}} but the qualification is "{{degree}}" (usually {{minAge}} or older); check the qualification or the date of birth.',
      },
    },
  },
  create(context) {
    const { schemas } = context;
    const minAgeMaster = numberOption(context.options, 'minAgeMaster', defaultOptions.minAgeMaster);
    const minAgeDoctor = numberOption(context.options, 'minAgeDoctor', defaultOptions.minAgeDoctor);
    const ref = isoToInt(context.referenceDate);
    const listName = schemas.entities.get('teacher')?.fieldsByKey.get('qualificationCode')?.codeList;
    const list = listName === undefined ? undefined : schemas.codeLists.get(listName);
    /** code (or free text) → degree, memoised. */
    const degrees = new Map<string, { degree: Degree; label: string } | null>();
    function lookup(value: string): { degree: Degree; label: string } | null {
      let hit = degrees.get(value);
      if (hit === undefined) {
        const label = list?.byCode.get(value)?.label ?? value;
        const degree = degreeOf(label);
        hit = degree === undefined ? null : { degree, label };
        degrees.set(value, hit);
      }
      return hit;
    }
    return {
      record(record) {
        const q = record.values.qualificationCode;
        if (q === undefined || q === null || q === '') return;
        const dob = isoToInt(record.values.dateOfBirth);
        if (Number.isNaN(dob)) return;
        const hit = lookup(String(q));
        if (hit === null) return;
        const age = yearsBetween(dob, ref);
        const minAge = hit.degree === 'doctor' ? minAgeDoctor : minAgeMaster;
        if (age < minAge) {
          context.report({ messageId: 'tooYoungForDegree', record, field: 'qualificationCode', data: { age, degree: hit.label, minAge } });
        }
      },
    };
  },
});
