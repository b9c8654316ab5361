/** Legal references the rules cite (see ../shared/domain/*.md for the sources). */
export const QD4998_ANNEX = 'QĐ 4998/QĐ-BGDĐT ngày 31/12/2021, Phụ lục III (HSC1.1.1, HSC2.1.1, HSC3.1.1 học sinh; GVC1.1.1–GVC3.1.1 cán bộ; LOPC1.1.1–LOPC3.1.1 lớp; TRC1.1.1–TRC3.1.1 trường)';
export const TT42 = 'Thông tư 42/2021/TT-BGDĐT, Điều 5 (nội dung CSDL) và Điều 8 (trách nhiệm cập nhật dữ liệu đầy đủ, chính xác)';
export const CCCD_LAW = 'Luật Căn cước 2023 Điều 12; NĐ 137/2015/NĐ-CP Điều 13; TT 07/2016/TT-BCA Phụ lục I';
export const QCVN109 = 'QCVN 109:2017/BTTTT (cấu trúc thông điệp dữ liệu công dân)';
export const QCVN102 = 'QCVN 102:2016/BTTTT (cấu trúc mã định danh và định dạng dữ liệu gói tin: ngày tháng)';
