/**
 * Geography for synthetic schools: the 63 pre-2025 provinces (whose codes are CCCD prefixes),
 * rough populations (2019 census, millions) used as weights, the region (for surname variants),
 * the ethnic mix of school-age children (ethnic code → weight, codes of `schemas/codelists/ethnicity.json`)
 * and the province each one belongs to since 12/6/2025 (identifiers.md §1.2, §2.2).
 * Numbers are approximate: they make data look plausible, they are not statistics.
 */
import type { Region } from './names.js';

export interface ProvinceInfo {
  /** Old GSO code (2 digits); the CCCD prefix is "0" + this. */
  code: string;
  population: number;
  region: Region;
  /** Ethnic code → weight; absent = the default lowland mix. */
  ethnic?: Record<string, number>;
}

const LOWLAND: Record<string, number> = { '01': 98.6, '04': 0.4, '06': 0.3, '02': 0.4, '07': 0.3 };

export const PROVINCES: ProvinceInfo[] = [
  { code: '01', population: 8.05, region: 'N', ethnic: { '01': 98.6, '06': 0.8, '02': 0.3, '04': 0.2, '07': 0.1 } },
  { code: '02', population: 0.85, region: 'N', ethnic: { '08': 32, '02': 23, '09': 15, '01': 13, '07': 10, '25': 3, '43': 1, '40': 1 } },
  { code: '04', population: 0.53, region: 'N', ethnic: { '02': 40, '07': 31, '08': 11, '09': 10, '01': 6, '18': 1 } },
  { code: '06', population: 0.31, region: 'N', ethnic: { '02': 52, '09': 17, '01': 12, '07': 10, '08': 7 } },
  { code: '08', population: 0.78, region: 'N', ethnic: { '01': 46, '02': 25, '09': 12, '15': 8, '08': 3, '07': 2, '18': 2 } },
  { code: '10', population: 0.73, region: 'N', ethnic: { '01': 35, '08': 25, '02': 15, '09': 14, '25': 5, '07': 4, '35': 2 } },
  { code: '11', population: 0.6, region: 'N', ethnic: { '03': 38, '08': 35, '01': 20, '29': 3, '35': 1, '37': 1 } },
  { code: '12', population: 0.46, region: 'N', ethnic: { '08': 37, '03': 33, '01': 14, '09': 13, '35': 3 } },
  { code: '14', population: 1.25, region: 'N', ethnic: { '03': 54, '01': 17, '08': 17, '06': 8, '09': 2, '29': 1 } },
  { code: '15', population: 0.82, region: 'N', ethnic: { '01': 53, '02': 18, '09': 12, '08': 11, '03': 6 } },
  { code: '17', population: 0.85, region: 'N', ethnic: { '06': 63, '01': 28, '03': 4, '02': 3, '09': 2 } },
  { code: '19', population: 1.29, region: 'N', ethnic: { '01': 73, '02': 11, '07': 5, '18': 3, '15': 3, '09': 2, '08': 1 } },
  { code: '20', population: 0.78, region: 'N', ethnic: { '07': 42, '02': 35, '01': 16, '09': 4, '18': 1 } },
  { code: '22', population: 1.32, region: 'N', ethnic: { '01': 88, '02': 4, '09': 4, '15': 2, '18': 1 } },
  { code: '24', population: 1.8, region: 'N', ethnic: { '01': 88, '07': 4, '02': 4, '15': 2, '18': 2 } },
  { code: '25', population: 1.46, region: 'N', ethnic: { '01': 85, '06': 14, '09': 1 } },
  { code: '26', population: 1.15, region: 'N', ethnic: { '01': 97, '18': 3 } },
  { code: '27', population: 1.37, region: 'N' },
  { code: '30', population: 1.89, region: 'N' },
  { code: '31', population: 2.03, region: 'N' },
  { code: '33', population: 1.25, region: 'N' },
  { code: '34', population: 1.86, region: 'N' },
  { code: '35', population: 0.85, region: 'N' },
  { code: '36', population: 1.78, region: 'N' },
  { code: '37', population: 0.98, region: 'N', ethnic: { '01': 98, '06': 2 } },
  { code: '38', population: 3.64, region: 'N', ethnic: { '01': 84, '06': 9, '03': 6, '08': 1 } },
  { code: '40', population: 3.33, region: 'N', ethnic: { '01': 85, '03': 10, '29': 2, '08': 2, '06': 1 } },
  { code: '42', population: 1.29, region: 'N' },
  { code: '44', population: 0.9, region: 'C', ethnic: { '01': 98, '23': 2 } },
  { code: '45', population: 0.63, region: 'C', ethnic: { '01': 90, '23': 7, '31': 3 } },
  { code: '46', population: 1.13, region: 'C', ethnic: { '01': 97, '31': 2, '26': 1 } },
  { code: '48', population: 1.13, region: 'C' },
  { code: '49', population: 1.5, region: 'C', ethnic: { '01': 93, '26': 3, '14': 2, '27': 2 } },
  { code: '51', population: 1.23, region: 'C', ethnic: { '01': 88, '19': 10, '30': 2 } },
  { code: '52', population: 1.49, region: 'C', ethnic: { '01': 97, '13': 3 } },
  { code: '54', population: 0.87, region: 'C', ethnic: { '01': 95, '12': 3, '17': 2 } },
  { code: '56', population: 1.23, region: 'C', ethnic: { '01': 95, '21': 4, '04': 1 } },
  { code: '58', population: 0.59, region: 'C', ethnic: { '01': 76, '17': 12, '21': 11, '04': 1 } },
  { code: '60', population: 1.23, region: 'S', ethnic: { '01': 94, '17': 3, '21': 2, '04': 1 } },
  { code: '62', population: 0.54, region: 'C', ethnic: { '01': 47, '14': 24, '13': 12, '27': 6, '10': 5, '19': 4, '54': 1, '52': 1 } },
  { code: '64', population: 1.51, region: 'C', ethnic: { '01': 53, '10': 34, '13': 11, '07': 1, '02': 1 } },
  { code: '66', population: 1.87, region: 'C', ethnic: { '01': 65, '12': 17, '07': 4, '02': 3, '20': 2, '10': 1, '08': 1, '09': 1 } },
  { code: '67', population: 0.62, region: 'C', ethnic: { '01': 65, '20': 10, '07': 8, '02': 6, '08': 5, '09': 3, '28': 2, '12': 1 } },
  { code: '68', population: 1.3, region: 'C', ethnic: { '01': 77, '16': 13, '28': 3, '36': 2, '07': 2, '02': 2, '04': 1 } },
  { code: '70', population: 0.99, region: 'S', ethnic: { '01': 82, '22': 9, '07': 3, '02': 2, '05': 1, '08': 1, '04': 1, '28': 1 } },
  { code: '72', population: 1.17, region: 'S', ethnic: { '01': 98, '05': 1, '17': 1 } },
  { code: '74', population: 2.43, region: 'S', ethnic: { '01': 96, '04': 2, '05': 1, '02': 1 } },
  { code: '75', population: 3.1, region: 'S', ethnic: { '01': 90, '04': 4, '07': 2, '02': 1, '32': 1, '22': 1, '05': 1 } },
  { code: '77', population: 1.15, region: 'S', ethnic: { '01': 97, '04': 1, '32': 2 } },
  { code: '79', population: 8.99, region: 'S', ethnic: { '01': 93, '04': 5, '05': 0.8, '17': 0.4, '02': 0.4, '07': 0.4 } },
  { code: '80', population: 1.69, region: 'S' },
  { code: '82', population: 1.76, region: 'S' },
  { code: '83', population: 1.29, region: 'S' },
  { code: '84', population: 1.01, region: 'S', ethnic: { '01': 67, '05': 32, '04': 1 } },
  { code: '86', population: 1.02, region: 'S', ethnic: { '01': 97, '05': 2, '04': 1 } },
  { code: '87', population: 1.6, region: 'S' },
  { code: '89', population: 1.91, region: 'S', ethnic: { '01': 94, '05': 4.5, '17': 0.7, '04': 0.8 } },
  { code: '91', population: 1.72, region: 'S', ethnic: { '01': 85, '05': 12.5, '04': 2.5 } },
  { code: '92', population: 1.24, region: 'S', ethnic: { '01': 97, '05': 2, '04': 1 } },
  { code: '93', population: 0.73, region: 'S', ethnic: { '01': 96, '05': 3, '04': 1 } },
  { code: '94', population: 1.2, region: 'S', ethnic: { '01': 65, '05': 30, '04': 5 } },
  { code: '95', population: 0.91, region: 'S', ethnic: { '01': 90, '05': 8, '04': 2 } },
  { code: '96', population: 1.19, region: 'S', ethnic: { '01': 97, '05': 2, '04': 1 } },
];

export function ethnicMix(p: ProvinceInfo): Record<string, number> {
  return p.ethnic ?? LOWLAND;
}

/** New (1/7/2025) province code → name without the "Tỉnh"/"Thành phố" prefix. */
export const NEW_PROVINCE_NAMES: Record<string, string> = {
  '01': 'Hà Nội', '04': 'Cao Bằng', '08': 'Tuyên Quang', '11': 'Điện Biên', '12': 'Lai Châu', '14': 'Sơn La',
  '15': 'Lào Cai', '19': 'Thái Nguyên', '20': 'Lạng Sơn', '22': 'Quảng Ninh', '24': 'Bắc Ninh', '25': 'Phú Thọ',
  '31': 'Hải Phòng', '33': 'Hưng Yên', '37': 'Ninh Bình', '38': 'Thanh Hóa', '40': 'Nghệ An', '42': 'Hà Tĩnh',
  '44': 'Quảng Trị', '46': 'Huế', '48': 'Đà Nẵng', '51': 'Quảng Ngãi', '52': 'Gia Lai', '56': 'Khánh Hòa',
  '66': 'Đắk Lắk', '68': 'Lâm Đồng', '75': 'Đồng Nai', '79': 'Hồ Chí Minh', '80': 'Tây Ninh', '82': 'Đồng Tháp',
  '86': 'Vĩnh Long', '91': 'An Giang', '92': 'Cần Thơ', '96': 'Cà Mau',
};

/** Mobile prefixes in use (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, Reddi…). */
export const MOBILE_PREFIXES = [
  '032', '033', '034', '035', '036', '037', '038', '039', '052', '056', '058', '059', '070', '076', '077', '078',
  '079', '081', '082', '083', '084', '085', '086', '088', '089', '090', '091', '093', '094', '096', '097', '098', '099',
];
