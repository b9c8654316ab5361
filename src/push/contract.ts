/**
 * The wire contract both sides share (docs/csdl-api.openapi.json; csdl-integration.md §2, our
 * proposal — not a Ministry API): batch kinds in dependency order, the batch body, per-record
 * outcomes and RFC 9457 problems. The simulator implements it; the push client speaks it.
 */

/** Batch kinds (`loai`), in the order the server requires parents before children. */
export const KINDS = ['truong', 'lop', 'giao_vien', 'hoc_sinh', 'ket_qua_hoc_tap'] as const;
export type Kind = (typeof KINDS)[number];

/** edusync's store entity for each kind, and the English plural the inspection endpoint accepts. */
export const KIND_ENTITY: Record<Kind, { entity: 'school' | 'class' | 'teacher' | 'student' | 'result'; plural: string }> = {
  truong: { entity: 'school', plural: 'schools' },
  lop: { entity: 'class', plural: 'classes' },
  giao_vien: { entity: 'teacher', plural: 'teachers' },
  hoc_sinh: { entity: 'student', plural: 'students' },
  ket_qua_hoc_tap: { entity: 'result', plural: 'results' },
};

export function kindRank(kind: Kind): number {
  return KINDS.indexOf(kind);
}

/** `ma_lop` / `hoc_sinh`: the client_ref of the parent record this one refers to. */
export interface WireRecord {
  client_ref: string;
  tham_chieu?: { ma_lop?: string; hoc_sinh?: string };
  du_lieu: Record<string, unknown>;
}

export interface BatchBody {
  loai: Kind;
  ma_truong: string;
  nam_hoc: string;
  che_do: 'upsert';
  ban_ghi: WireRecord[];
}

export type RecordResult = 'THEM_MOI' | 'CAP_NHAT' | 'KHONG_DOI' | 'TU_CHOI';

/** RFC 9457 problem details, extended with `ma_loi` (and per record `truong`, `gia_tri_che`). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  ma_loi: string;
  truong?: string;
  gia_tri_che?: string;
  request_id?: string;
  [extra: string]: unknown;
}

export interface RecordOutcome {
  client_ref: string;
  index: number;
  ket_qua: RecordResult;
  /** Server-assigned identifier (ma_dinh_danh) of the stored record. */
  ma_dinh_danh?: string;
  loi?: Problem;
}

export interface BatchResponse {
  ma_lo: string;
  trang_thai: 'CHO_XU_LY' | 'DANG_XU_LY' | 'HOAN_THANH' | 'HOAN_THANH_CO_LOI' | 'THAT_BAI';
  so_ban_ghi: number;
  dem?: { nhan: number; them_moi: number; cap_nhat: number; khong_doi: number; tu_choi: number };
  ket_qua?: RecordOutcome[];
  links?: Record<string, string>;
}

export const MAX_BATCH_RECORDS = 500;
export const MAX_BATCH_BYTES = 2 * 1024 * 1024;
export const PROBLEM_BASE = 'https://csdl.example.test/loi/';

/** School year of a store period YYYY-MM: a year starts in August (Sept intake; summer belongs to the old one). */
export function schoolYearOf(period: string): string {
  const year = Number(period.slice(0, 4));
  const month = Number(period.slice(5, 7));
  const start = month >= 8 ? year : year - 1;
  return `${start}-${start + 1}`;
}
