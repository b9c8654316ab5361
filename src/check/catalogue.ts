/**
 * Every code edusync can emit, with its metadata: the rules of `src/rules/` plus the structural
 * codes the pipeline emits itself (repairs made while reading, header and table problems).
 * Structural findings use the same `RuleMeta` shape so that rendering, docs and `edusync rules`
 * treat every code alike. Codes are stable and never reused (retired codes live in the rule set).
 */
import type { Repair } from '../io/record.js';
import type { RuleMeta } from '../rules/types.js';
import { allRules } from '../rules/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultSchemasDir } from '../schema/load.js';
import { RECONCILE_METAS } from './reconcile-codes.js';

const QD4998 = 'QĐ 4998/QĐ-BGDĐT ngày 31/12/2021, Phụ lục III (quy định kỹ thuật về dữ liệu)';
const TT42 = 'Thông tư 42/2021/TT-BGDĐT, Điều 5 và Điều 8 (dữ liệu phải đầy đủ, chính xác, đúng cấu trúc)';

const TITLES: Record<string, { vi: string; en: string }> = {
  'SC-001': { vi: 'Đã khôi phục số 0 đầu', en: 'Leading zeros restored' },
  'SC-002': { vi: 'Đã đọc số sê-ri Excel thành ngày', en: 'Excel serial number read as a date' },
  'SC-003': { vi: 'Đã chuyển từ TCVN3 (ABC)', en: 'Converted from TCVN3 (ABC)' },
  'SC-004': { vi: 'Đã chuyển từ VNI-Windows', en: 'Converted from VNI-Windows' },
  'SC-005': { vi: 'Đã sửa chữ UTF-8 bị đọc sai', en: 'Repaired UTF-8 mojibake' },
  'SC-006': { vi: 'Đã chuẩn hoá Unicode NFC', en: 'Normalised to Unicode NFC' },
  'SC-007': { vi: 'Đã bỏ khoảng trắng thừa', en: 'Extra whitespace removed' },
  'SC-008': { vi: 'Thiếu cột bắt buộc', en: 'Required column missing' },
  'SC-009': { vi: 'Cột không nhận ra', en: 'Unrecognised column' },
  'SC-010': { vi: 'Hai cột cùng một trường', en: 'Two columns for one field' },
  'SC-011': { vi: 'Bỏ qua trang tính không có tiêu đề', en: 'Sheet without header skipped' },
  'SC-012': { vi: 'Dòng tiêu đề lặp lại', en: 'Repeated header row' },
};

function repairMeta(n: number, kind: Repair['kind'], vi: string, en: string, docsVi: string, docsEn: string): RuleMeta {
  return {
    code: `SC-${String(n).padStart(3, '0')}`,
    id: `repair-${kind}`,
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'info',
    title: TITLES[`SC-${String(n).padStart(3, '0')}`]!,
    docs: { vi: docsVi, en: docsEn },
    legalBasis: `${QD4998}; ${TT42}`,
    messages: {
      repaired: {
        vi: `{{field}}: ${vi} «{{from}}» → «{{to}}».`,
        en: `{{field}}: ${en} "{{from}}" → "{{to}}".`,
      },
    },
  };
}

/** Code of the info finding for each kind of repair made while reading. */
export const REPAIR_CODES: Readonly<Record<Repair['kind'], string>> = {
  'leading-zero': 'SC-001',
  'excel-serial-date': 'SC-002',
  'legacy-encoding-tcvn3': 'SC-003',
  'legacy-encoding-vni': 'SC-004',
  'mojibake-utf8': 'SC-005',
  'unicode-nfc': 'SC-006',
  whitespace: 'SC-007',
};

/** Kinds of header/table finding the pipeline reports through `Engine.add`. */
export type StructuralKind = 'missing-required-column' | 'unmapped-column' | 'duplicate-column' | 'no-header' | 'repeated-header';

/**
 * Codes of the header/table findings, with the data each message expects:
 * - missing-required-column: a required field has no column; one error per table. data `{ field }` (key or label).
 * - unmapped-column: a header matching no field. data `{ label }` (the header text).
 * - duplicate-column: two columns map to one field; the first is used. data `{ field, columns }` ("D, K").
 * - no-header: a sheet with no recognisable header was skipped. data `{}`.
 * - repeated-header: a header row repeated inside the data was skipped. data `{}`.
 */
export const STRUCTURAL_CODES: Readonly<Record<StructuralKind, string>> = {
  'missing-required-column': 'SC-008',
  'unmapped-column': 'SC-009',
  'duplicate-column': 'SC-010',
  'no-header': 'SC-011',
  'repeated-header': 'SC-012',
};

const STRUCTURAL: RuleMeta[] = [
  repairMeta(
    1,
    'leading-zero',
    'đã khôi phục số 0 ở đầu bị Excel làm mất',
    'restored the leading zeros Excel dropped',
    'Excel lưu mã số (mã định danh, số điện thoại, mã tỉnh) dạng số nên mất số 0 ở đầu; edusync đã bổ sung lại theo độ dài quy định.',
    'Excel stored an identifier (personal ID, phone, province code) as a number and dropped its leading zeros; edusync restored them to the fixed length.',
  ),
  repairMeta(
    2,
    'excel-serial-date',
    'đã đổi số ngày kiểu Excel thành ngày',
    'converted an Excel serial number to a date',
    'Ô ngày tháng chứa số thứ tự ngày của Excel (ví dụ 38718); edusync đã đổi thành ngày dd/mm/yyyy.',
    'A date cell held an Excel serial day number (e.g. 38718); edusync converted it to a date.',
  ),
  repairMeta(
    3,
    'legacy-encoding-tcvn3',
    'đã chuyển từ bảng mã TCVN3 (ABC) sang Unicode',
    'converted from the TCVN3 (ABC) encoding to Unicode',
    'Văn bản gõ bằng phông .VnTime (TCVN3/ABC) hiển thị sai dấu; edusync đã chuyển sang Unicode dựng sẵn.',
    'Text typed in a .VnTime (TCVN3/ABC) font shows garbled diacritics; edusync converted it to Unicode.',
  ),
  repairMeta(
    4,
    'legacy-encoding-vni',
    'đã chuyển từ bảng mã VNI-Windows sang Unicode',
    'converted from the VNI-Windows encoding to Unicode',
    'Văn bản gõ bằng phông VNI-Times (VNI-Windows) hiển thị sai dấu; edusync đã chuyển sang Unicode dựng sẵn.',
    'Text typed in a VNI-Times (VNI-Windows) font shows garbled diacritics; edusync converted it to Unicode.',
  ),
  repairMeta(
    5,
    'mojibake-utf8',
    'đã sửa lỗi phông UTF-8 bị đọc sai',
    'repaired UTF-8 text that had been read as Windows-1252',
    'Văn bản UTF-8 từng bị đọc nhầm bảng mã (ví dụ «Nguyá»…n»); edusync đã khôi phục.',
    'UTF-8 text had been read with the wrong encoding (e.g. "Nguyá»…n"); edusync restored it.',
  ),
  repairMeta(
    6,
    'unicode-nfc',
    'đã chuẩn hoá Unicode tổ hợp (NFD) sang dựng sẵn (NFC)',
    'normalised decomposed Unicode (NFD) to composed form (NFC)',
    'Văn bản dùng Unicode tổ hợp (dấu tách rời, thường từ macOS) nên so khớp sai; edusync đã chuẩn hoá sang dựng sẵn NFC theo TCVN 6909:2001.',
    'Text in decomposed Unicode (separate combining marks, often from macOS) does not match; edusync normalised it to NFC (TCVN 6909:2001).',
  ),
  repairMeta(
    7,
    'whitespace',
    'đã bỏ khoảng trắng thừa',
    'removed extra whitespace',
    'Giá trị có khoảng trắng thừa, tab, xuống dòng hoặc khoảng trắng không ngắt; edusync đã chuẩn hoá thành một dấu cách.',
    'The value had runs of spaces, tabs, line breaks or non-breaking spaces; edusync collapsed them to single spaces.',
  ),
  {
    code: STRUCTURAL_CODES['missing-required-column'],
    id: 'header-missing-required-column',
    entities: ['*'],
    scope: 'table',
    defaultSeverity: 'error',
    title: TITLES[STRUCTURAL_CODES['missing-required-column']]!,
    docs: {
      vi: 'Bảng thiếu cột của một trường bắt buộc; báo một lần cho cả bảng, không báo từng dòng.',
      en: 'A table lacks the column of a required field; reported once per table, not per row.',
    },
    legalBasis: `${QD4998}; ${TT42}; bắt buộc theo lược đồ CSDL quốc gia 2025 (NOT NULL)`,
    messages: {
      missingColumn: {
        vi: 'Thiếu cột bắt buộc «{{field}}»; mọi dòng của bảng đều thiếu thông tin này.',
        en: 'Required column "{{field}}" is missing; every row of the table lacks it.',
      },
    },
  },
  {
    code: STRUCTURAL_CODES['unmapped-column'],
    id: 'header-unmapped-column',
    entities: ['*'],
    scope: 'table',
    defaultSeverity: 'info',
    title: TITLES[STRUCTURAL_CODES['unmapped-column']]!,
    docs: {
      vi: 'Cột có tiêu đề không khớp trường nào của lược đồ; dữ liệu trong cột bị bỏ qua.',
      en: 'A column whose header matches no field of the schema; its data is ignored.',
    },
    legalBasis: QD4998,
    messages: {
      unmappedColumn: {
        vi: 'Cột «{{label}}» không khớp trường dữ liệu nào; bỏ qua.',
        en: 'Column "{{label}}" matches no field; ignored.',
      },
    },
  },
  {
    code: STRUCTURAL_CODES['duplicate-column'],
    id: 'header-duplicate-field',
    entities: ['*'],
    scope: 'table',
    defaultSeverity: 'warning',
    title: TITLES[STRUCTURAL_CODES['duplicate-column']]!,
    docs: {
      vi: 'Hai cột cùng ứng với một trường dữ liệu; chỉ dùng cột đầu tiên.',
      en: 'Two columns map to the same field; only the first is used.',
    },
    legalBasis: QD4998,
    messages: {
      duplicateColumn: {
        vi: 'Các cột {{columns}} cùng ứng với trường «{{field}}»; chỉ dùng cột đầu tiên.',
        en: 'Columns {{columns}} all map to "{{field}}"; only the first is used.',
      },
    },
  },
  {
    code: STRUCTURAL_CODES['no-header'],
    id: 'sheet-no-header',
    entities: ['*'],
    scope: 'table',
    defaultSeverity: 'info',
    title: TITLES[STRUCTURAL_CODES['no-header']]!,
    docs: {
      vi: 'Trang tính không có dòng tiêu đề nhận biết được (ví dụ trang danh mục, trang hướng dẫn) nên bị bỏ qua.',
      en: 'A sheet with no recognisable header row (e.g. a catalogue or instructions sheet) was skipped.',
    },
    legalBasis: QD4998,
    messages: {
      noHeader: {
        vi: 'Không nhận ra dòng tiêu đề; bỏ qua trang tính này.',
        en: 'No recognisable header row; sheet skipped.',
      },
    },
  },
  {
    code: STRUCTURAL_CODES['repeated-header'],
    id: 'row-repeated-header',
    entities: ['*'],
    scope: 'table',
    defaultSeverity: 'info',
    title: TITLES[STRUCTURAL_CODES['repeated-header']]!,
    docs: {
      vi: 'Dòng tiêu đề lặp lại giữa dữ liệu (thường do dán nhiều bảng liền nhau) được bỏ qua.',
      en: 'A header row repeated inside the data (usually from pasting tables together) was skipped.',
    },
    legalBasis: QD4998,
    messages: {
      repeatedHeader: {
        vi: 'Dòng tiêu đề lặp lại giữa dữ liệu; bỏ qua.',
        en: 'Header row repeated inside the data; skipped.',
      },
    },
  },
];

const STRUCTURAL_MESSAGE: Readonly<Record<StructuralKind, string>> = {
  'missing-required-column': 'missingColumn',
  'unmapped-column': 'unmappedColumn',
  'duplicate-column': 'duplicateColumn',
  'no-header': 'noHeader',
  'repeated-header': 'repeatedHeader',
};

/** Code, default severity and messageId of a structural finding, for `Engine.add`. */
export function structuralCode(kind: StructuralKind): { code: string; severity: RuleMeta['defaultSeverity']; messageId: string } {
  const code = STRUCTURAL_CODES[kind];
  const meta = STRUCTURAL.find((m) => m.code === code);
  if (!meta) throw new TypeError(`No structural code for ${kind}`);
  return { code, severity: meta.defaultSeverity, messageId: STRUCTURAL_MESSAGE[kind] };
}

/** Metadata of the structural codes (repairs, headers, tables). */
export function structuralMetas(): RuleMeta[] {
  return STRUCTURAL;
}

const FAMILY_ORDER = ['SC', 'DL', 'CC', 'HS', 'GV', 'LH', 'TR', 'KQ', 'DS', 'RC', 'RP'];

/**
 * The statistical reports' consistency codes (RP-…): their equations live in each form of
 * schemas/reports/, their names and messages in schemas/reports/checks.json, read here so that
 * `edusync rules` and docs/rules.md list them with the others.
 */
function reportMetas(): RuleMeta[] {
  const file = JSON.parse(readFileSync(join(defaultSchemasDir(), 'reports', 'checks.json'), 'utf8')) as {
    codes: Record<string, { id: string; severity: 'error' | 'warning'; basis: string; title: { vi: string; en: string }; docs: { vi: string; en: string }; message: { vi: string; en: string } }>;
  };
  return Object.entries(file.codes).map(([code, c]) => ({
    code,
    id: c.id,
    entities: ['*'],
    scope: 'table',
    defaultSeverity: c.severity,
    title: c.title,
    docs: c.docs,
    legalBasis: `Thông tư 24/2018/TT-BGDĐT, Thông tư 25/2024/TT-BGDĐT (chế độ báo cáo thống kê ngành giáo dục); ${c.basis}`,
    messages: { report: c.message },
  }));
}

function byCode(a: RuleMeta, b: RuleMeta): number {
  const fa = FAMILY_ORDER.indexOf(a.code.slice(0, 2));
  const fb = FAMILY_ORDER.indexOf(b.code.slice(0, 2));
  return fa !== fb ? fa - fb : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

let cache: { list: RuleMeta[]; map: Map<string, RuleMeta> } | undefined;

function load(): { list: RuleMeta[]; map: Map<string, RuleMeta> } {
  if (!cache) {
    const list = [...STRUCTURAL, ...allRules().map((r) => r.meta), ...RECONCILE_METAS, ...reportMetas()].sort(byCode);
    cache = { list, map: new Map(list.map((m) => [m.code, m])) };
  }
  return cache;
}

/** Every code's metadata, structural codes first, then rules by family and number. */
export function allRuleMetas(): RuleMeta[] {
  return load().list;
}

export function metaByCode(code: string): RuleMeta | undefined {
  return load().map.get(code);
}
