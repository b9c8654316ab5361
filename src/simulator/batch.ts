/**
 * Processing one batch (`POST /api/v1/lo`) against the simulator's state: every record is checked
 * on its own (a bad record never fails its neighbours), then inserted, updated or found unchanged
 * by content. Runs inside one SQLite transaction so a batch is committed whole or not at all.
 */
import { canonicalJson } from '../store/canonical.js';
import { PROBLEM_BASE, type BatchBody, type BatchResponse, type Kind, type Problem, type RecordOutcome } from '../push/contract.js';
import { sha256, type SimState } from './state.js';

const PREFIX: Record<Kind, string> = { truong: 'TR', lop: 'LH', giao_vien: 'GV', hoc_sinh: 'HS', ket_qua_hoc_tap: 'KQ' };

const RECORD_TITLES: Record<string, string> = {
  TRUONG_BAT_BUOC: 'Thiếu trường bắt buộc',
  DINH_DANH_SAI_DINH_DANG: 'Số định danh cá nhân sai định dạng',
  NGAY_KHONG_HOP_LE: 'Ngày không hợp lệ',
  THAM_CHIEU_KHONG_TON_TAI: 'Tham chiếu không tồn tại',
  TRUNG_TRONG_LO: 'Bản ghi trùng trong lô',
  TRUNG_VOI_HS_KHAC: 'Số định danh đã thuộc học sinh khác',
  NGOAI_PHAM_VI: 'Ngoài phạm vi',
};

function recordProblem(code: string, field: string, detail: string, masked?: string): Problem {
  return {
    type: `${PROBLEM_BASE}${code}`,
    title: RECORD_TITLES[code] ?? code,
    status: 422,
    detail,
    ma_loi: code,
    truong: field,
    ...(masked !== undefined ? { gia_tri_che: masked } : {}),
  };
}

function mask(value: string): string {
  return value.length <= 4 ? '••••' : `${'•'.repeat(value.length - 4)}${value.slice(-4)}`;
}

function validDate(value: unknown): boolean {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** Field-level rules of the contract's record errors that the simulator enforces. */
function checkFields(kind: Kind, data: Record<string, unknown>): Problem | undefined {
  if ((kind === 'giao_vien' || kind === 'hoc_sinh') && (typeof data.fullName !== 'string' || data.fullName.trim() === '')) {
    return recordProblem('TRUONG_BAT_BUOC', '/du_lieu/fullName', 'Họ tên là bắt buộc.');
  }
  const pid = data.personalId;
  if (pid !== undefined && pid !== null && (typeof pid !== 'string' || !/^\d{12}$/.test(pid))) {
    return recordProblem('DINH_DANH_SAI_DINH_DANG', '/du_lieu/personalId', 'Số định danh cá nhân phải gồm đúng 12 chữ số.', mask(String(pid)));
  }
  for (const field of ['dateOfBirth', 'statusDate', 'hireDate']) {
    const v = data[field];
    if (v !== undefined && v !== null && !validDate(v)) {
      return recordProblem('NGAY_KHONG_HOP_LE', `/du_lieu/${field}`, 'Ngày phải có dạng YYYY-MM-DD và là ngày có thật.');
    }
  }
  return undefined;
}

export function processBatch(state: SimState, clientId: string, body: BatchBody, now: number): BatchResponse {
  const db = state.db;
  const find = db.prepare('SELECT server_id, content_hash FROM records WHERE kind = ? AND school = ? AND client_ref = ?');
  const exists = db.prepare('SELECT 1 FROM records WHERE kind = ? AND school = ? AND client_ref = ?').pluck();
  const pidOwner = db.prepare(`SELECT client_ref FROM records WHERE kind = 'hoc_sinh' AND school = ? AND json_extract(data, '$.du_lieu.personalId') = ?`).pluck();
  const insert = db.prepare(
    'INSERT INTO records (kind, school, client_ref, server_id, content_hash, data, writes, first_batch, last_batch) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
  );
  const update = db.prepare('UPDATE records SET content_hash = ?, data = ?, writes = writes + 1, last_batch = ? WHERE kind = ? AND school = ? AND client_ref = ?');
  const school = body.ma_truong;
  return db.transaction((): BatchResponse => {
    const maLo = `L-${String(state.nextCounter('batch')).padStart(8, '0')}`;
    const seen = new Set<string>();
    const outcomes: RecordOutcome[] = [];
    const dem = { nhan: body.ban_ghi.length, them_moi: 0, cap_nhat: 0, khong_doi: 0, tu_choi: 0 };
    body.ban_ghi.forEach((rec, index) => {
      const reject = (loi: Problem): void => {
        outcomes.push({ client_ref: rec.client_ref, index, ket_qua: 'TU_CHOI', loi });
        dem.tu_choi++;
      };
      if (seen.has(rec.client_ref)) return reject(recordProblem('TRUNG_TRONG_LO', '/client_ref', 'client_ref xuất hiện hai lần trong lô.'));
      seen.add(rec.client_ref);
      const data = rec.du_lieu ?? {};
      if (body.loai === 'truong' && rec.client_ref !== school) {
        return reject(recordProblem('NGOAI_PHAM_VI', '/client_ref', 'Lô chỉ được ghi hồ sơ của chính trường trong ma_truong.'));
      }
      if (body.loai !== 'truong' && exists.get('truong', school, school) === undefined) {
        return reject(recordProblem('THAM_CHIEU_KHONG_TON_TAI', '/ma_truong', 'Trường chưa có hồ sơ: gửi lô "truong" trước.'));
      }
      if (body.loai === 'hoc_sinh') {
        const cls = rec.tham_chieu?.ma_lop;
        if (cls === undefined || exists.get('lop', school, cls) === undefined) {
          return reject(recordProblem('THAM_CHIEU_KHONG_TON_TAI', '/tham_chieu/ma_lop', 'Lớp chưa có trên hệ thống: gửi lô "lop" trước.'));
        }
      }
      if (body.loai === 'ket_qua_hoc_tap') {
        const hs = rec.tham_chieu?.hoc_sinh;
        if (hs === undefined || exists.get('hoc_sinh', school, hs) === undefined) {
          return reject(recordProblem('THAM_CHIEU_KHONG_TON_TAI', '/tham_chieu/hoc_sinh', 'Học sinh chưa có trên hệ thống.'));
        }
      }
      const fieldProblem = checkFields(body.loai, data);
      if (fieldProblem !== undefined) return reject(fieldProblem);
      if (body.loai === 'hoc_sinh' && typeof data.personalId === 'string') {
        const owner = pidOwner.get(school, data.personalId) as string | undefined;
        if (owner !== undefined && owner !== rec.client_ref) {
          return reject(recordProblem('TRUNG_VOI_HS_KHAC', '/du_lieu/personalId', 'Số định danh đã thuộc một học sinh khác.', mask(data.personalId)));
        }
      }
      const json = canonicalJson({ tham_chieu: rec.tham_chieu ?? null, du_lieu: data });
      const hash = sha256(json);
      const old = find.get(body.loai, school, rec.client_ref) as { server_id: string; content_hash: string } | undefined;
      if (old === undefined) {
        const serverId = `${PREFIX[body.loai]}${String(state.nextCounter(`id-${body.loai}`)).padStart(9, '0')}`;
        insert.run(body.loai, school, rec.client_ref, serverId, hash, json, maLo, maLo);
        outcomes.push({ client_ref: rec.client_ref, index, ket_qua: 'THEM_MOI', ma_dinh_danh: serverId });
        dem.them_moi++;
      } else if (old.content_hash === hash) {
        outcomes.push({ client_ref: rec.client_ref, index, ket_qua: 'KHONG_DOI', ma_dinh_danh: old.server_id });
        dem.khong_doi++;
      } else {
        update.run(hash, json, maLo, body.loai, school, rec.client_ref);
        outcomes.push({ client_ref: rec.client_ref, index, ket_qua: 'CAP_NHAT', ma_dinh_danh: old.server_id });
        dem.cap_nhat++;
      }
    });
    const response: BatchResponse = {
      ma_lo: maLo,
      trang_thai: dem.tu_choi > 0 ? 'HOAN_THANH_CO_LOI' : 'HOAN_THANH',
      so_ban_ghi: body.ban_ghi.length,
      dem,
      ket_qua: outcomes,
      links: { self: `/api/v1/lo/${maLo}`, ket_qua: `/api/v1/lo/${maLo}/ket-qua`, loi: `/api/v1/lo/${maLo}/loi` },
    };
    db.prepare('INSERT INTO batches (ma_lo, client_id, school, kind, nam_hoc, created_at, response) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      maLo,
      clientId,
      school,
      body.loai,
      body.nam_hoc,
      now,
      JSON.stringify(response),
    );
    return response;
  })();
}
