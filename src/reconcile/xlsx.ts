/**
 * The review workbook: a sheet of pairs to decide (probable and conflicts) with a "Quyết định /
 * Decision" column the officer fills with giống/same or khác/different, then gives back with
 * `reconcile --decisions`; sheets of the links and of the rows found on one side only; a summary.
 * Values are the data owner's own (names, birthdays, numbers); every cell goes through the
 * formula-injection-safe writer.
 */
import type { Locale } from '../errors.js';
import { frozenView, openXlsxWriter, setColumnWidths, styleHeaderRow, writeValues, type XlsxValue } from '../io/write-xlsx.js';
import type { ReconcileResult } from './index.js';
import { describe } from './score.js';
import { summary } from './format.js';
import type { SourceTable } from './table.js';

/** The field keys the workbook carries (each side's name, birthday, number, school, class), for its audit row. */
export const REVIEW_FIELDS: readonly string[] = ['fullName', 'dateOfBirth', 'personalId', 'schoolId', 'classId'];

function side(t: SourceTable, i: number): XlsxValue[] {
  const p = t.position(i);
  return [p.sheet ? `${p.file} [${p.sheet}]` : p.file, p.row, t.displayName[i], t.dobText[i], t.personalId[i], t.schoolText[i], t.classText[i]];
}

const SIDE_KINDS: Array<'auto' | 'text'> = ['text', 'auto', 'text', 'text', 'text', 'text', 'text'];
/** Decision, status, score, two sides, agreed, disagreed, key: ids and names stay text. */
const TEXT: Array<'auto' | 'text'> = ['text', 'text', 'auto', ...SIDE_KINDS, ...SIDE_KINDS, 'text', 'text', 'text'];

const SIDE_HEADERS = (label: string): string[] => [`${label}: tệp / file`, `${label}: dòng / row`, `${label}: họ tên / name`, `${label}: ngày sinh / birth`, `${label}: số định danh / ID`, `${label}: trường / school`, `${label}: lớp / class`];

export async function writeReviewWorkbook(r: ReconcileResult, path: string, locale: Locale): Promise<{ rows: number }> {
  const writer = openXlsxWriter(path, { atomic: true });
  let rows = 0;
  try {
    const wb = writer.workbook;
    const vi = locale === 'vi';
    const review = wb.addWorksheet(vi ? 'Cần xem xét' : 'To review', frozenView(1));
    const header = ['Quyết định / Decision', 'Trạng thái / Status', 'Điểm / Score', ...SIDE_HEADERS(vi ? 'Trái' : 'Left'), ...SIDE_HEADERS(vi ? 'Phải' : 'Right'), 'Khớp / Agreed', 'Khác / Disagreed', 'Khoá cặp / Pair key'];
    setColumnWidths(review, [18, 22, 8, 24, 7, 26, 12, 15, 12, 8, 24, 7, 26, 12, 15, 12, 8, 40, 24, 70]);
    const h = review.addRow(header);
    styleHeaderRow(h, 1, header.length);
    h.commit();
    let reviewRow = 1;
    const pairs = r.link.pairs.filter((p) => p.status !== 'matched').sort((a, b) => b.score - a.score);
    for (const p of pairs) {
      const { agreed, disagreed } = describe(p.levels);
      const status = p.status === 'probable' ? (vi ? 'có thể khớp' : 'probable') : `${vi ? 'mâu thuẫn' : 'conflict'}: ${p.conflict}`;
      const row = writeValues(review, ++reviewRow, ['', status, Math.round(p.score * 10) / 10, ...side(r.left, p.left), ...side(r.right, p.right), agreed.join(', '), disagreed.join(', '), `${r.leftPrints.of(p.left)}:${r.rightPrints.of(p.right)}`], TEXT);
      row.commit();
      rows++;
    }
    review.commit();

    const matched = wb.addWorksheet(vi ? 'Đã khớp' : 'Matched');
    const mh = matched.addRow(['Cách khớp / Via', 'Điểm / Score', ...SIDE_HEADERS(vi ? 'Trái' : 'Left'), ...SIDE_HEADERS(vi ? 'Phải' : 'Right'), 'Khớp / Agreed', 'Khác / Disagreed']);
    styleHeaderRow(mh, 1, 18);
    mh.commit();
    let matchedRow = 1;
    for (const p of r.link.pairs) {
      if (p.status !== 'matched') continue;
      const { agreed, disagreed } = describe(p.levels);
      const row = writeValues(matched, ++matchedRow, [p.via, Math.round(p.score * 10) / 10, ...side(r.left, p.left), ...side(r.right, p.right), agreed.join(', '), disagreed.join(', ')], TEXT.slice(1));
      row.commit();
      rows++;
    }
    matched.commit();

    for (const [name, t, list] of [
      [vi ? 'Chỉ bên trái' : 'Only left', r.left, r.link.onlyLeft],
      [vi ? 'Chỉ bên phải' : 'Only right', r.right, r.link.onlyRight],
    ] as const) {
      const sheet = wb.addWorksheet(name);
      const sh = sheet.addRow(SIDE_HEADERS(vi ? 'Bản ghi' : 'Record'));
      styleHeaderRow(sh, 1, 7);
      sh.commit();
      let n = 1;
      for (const i of list) {
        const row = writeValues(sheet, ++n, side(t, i), SIDE_KINDS);
        row.commit();
        rows++;
      }
      sheet.commit();
    }

    const sum = wb.addWorksheet(vi ? 'Tóm tắt' : 'Summary');
    for (const [k, v] of Object.entries(summary(r))) sum.addRow([k, v]).commit();
    sum.addRow([]).commit();
    sum.addRow([vi ? 'Cách dùng' : 'How to use', vi ? 'Ghi "giống" hoặc "khác" vào cột Quyết định của trang Cần xem xét, lưu, rồi chạy: edusync reconcile TRÁI PHẢI --decisions TỆP.xlsx' : 'Write "same" or "different" in the Decision column of the To review sheet, save, then run: edusync reconcile LEFT RIGHT --decisions FILE.xlsx']).commit();
    sum.commit();
    await writer.commit();
  } catch (error) {
    writer.abort(error);
    throw error;
  }
  return { rows };
}
