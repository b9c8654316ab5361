// Synthetic, seeded student-list data for the parser benchmarks (no real personal data).
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

const HO = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô'];
const DEM = ['Thị', 'Văn', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Hữu', 'Thu', 'Quang', 'Bảo'];
const TEN = ['Hoa', 'Lan', 'Hùng', 'Dũng', 'Mai', 'Tuấn', 'Hạnh', 'Phương', 'Nam', 'Long', 'Yến', 'Khánh', 'Trâm', 'Đạt'];
const DAN_TOC = ['Kinh', 'Tày', 'Thái', 'Mường', 'Khmer', 'Hoa', 'Nùng', "H'Mông"];
const XA = ['Phường Bến Nghé', 'Xã Tân Phú', 'Phường Đống Đa', 'Xã Hòa Bình', 'Phường Lê Lợi'];
const TINH = ['TP. Hồ Chí Minh', 'Hà Nội', 'Đà Nẵng', 'Cần Thơ', 'Nghệ An', 'Thanh Hóa'];

export function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const HEADER = ['STT', 'Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Dân tộc', 'Tôn giáo', 'Lớp', 'Trường',
  'Mã định danh', 'Số điện thoại', 'Địa chỉ', 'Họ tên cha', 'Họ tên mẹ', 'Nghề nghiệp', 'Ngày vào trường', 'Trạng thái', 'Ghi chú'];

/** One synthetic student row as an array of 18 values (strings/numbers). */
export function makeRow(i, r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const name = () => `${pick(HO)} ${pick(DEM)} ${pick(TEN)}`;
  const d = 1 + Math.floor(r() * 28), m = 1 + Math.floor(r() * 12), y = 2008 + Math.floor(r() * 10);
  const pad = (n, w) => String(n).padStart(w, '0');
  return [
    i, pad(Math.floor(r() * 1e10), 10), name(), `${pad(d, 2)}/${pad(m, 2)}/${y}`, r() < 0.5 ? 'Nam' : 'Nữ', pick(DAN_TOC),
    r() < 0.9 ? 'Không' : 'Phật giáo', `${6 + Math.floor(r() * 4)}A${1 + Math.floor(r() * 9)}`, 'THCS Lê Lợi',
    pad(Math.floor(r() * 1e12), 12), `09${pad(Math.floor(r() * 1e8), 8)}`, `${1 + Math.floor(r() * 300)} ${pick(XA)}${r() < 0.3 ? ', ' : ' - '}${pick(TINH)}`,
    name(), name(), r() < 0.5 ? 'Nông dân' : 'Công nhân', `05/09/${y + 6}`, 'Đang học', r() < 0.1 ? 'Chuyển đến' : '',
  ];
}

function csvCell(v) {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Write `rows` synthetic rows as UTF-8 CSV (comma, LF) unless the file exists. */
export async function ensureCsv(path, rows, seed = 42) {
  if (existsSync(path)) return path;
  mkdirSync(dirname(path), { recursive: true });
  const out = createWriteStream(path + '.tmp');
  const r = rng(seed);
  out.write(HEADER.map(csvCell).join(',') + '\n');
  let buf = '';
  for (let i = 1; i <= rows; i++) {
    buf += makeRow(i, r).map(csvCell).join(',') + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise((res) => out.once('drain', res));
      buf = '';
    }
  }
  out.write(buf);
  await new Promise((res, rej) => out.end((e) => (e ? rej(e) : res())));
  const { renameSync } = await import('node:fs');
  renameSync(path + '.tmp', path);
  return path;
}
