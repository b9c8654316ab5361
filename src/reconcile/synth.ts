/**
 * A seeded pair of sources about overlapping people, with the truth, for tests and bench: a
 * school's own list (clean, with diacritics) and a "national export" of the same people with the
 * noise that real exports carry (identifiers.md §3): upper case, dropped diacritics, typos, a
 * dropped Thị/Văn, day and month swapped, only the year, missing personal IDs, a few wrong ones;
 * plus twins (same surname, birthday, parents and address, different given names) and strangers
 * who share a name and a birthday with someone on the other side.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Rng } from '../generate/random.js';
import { familySurname, personName, twinName, type Gender } from '../generate/names.js';
import { CccdAllocator, randomDateInYear, type Ymd } from '../generate/people.js';
import { PROVINCES } from '../generate/geo.js';
import { writePrivateFile } from '../io/write-file.js';
import { stripMarks } from '../schema/fold.js';

export interface PairOptions {
  seed: number;
  left: number;
  right: number;
  /** Schools the people are spread over (class sizes ≈ 35). */
  schools?: number;
}

export interface PairTruth {
  seed: number;
  /** Person number of each data row, in file order (row numbers: index + 2). */
  left: number[];
  right: number[];
  /** Person numbers of twins (pairs). */
  twins: Array<[number, number]>;
  /** Right-side strangers who share name and birthday with a left person: [left person, stranger]. */
  strangers: Array<[number, number]>;
}

export const PAIR_HEADER = ['Mã trường', 'Khối', 'Mã lớp', 'Mã học sinh', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Số định danh cá nhân', 'Họ tên cha', 'Họ tên mẹ', 'Chỗ ở hiện nay'];

interface Person {
  no: number;
  school: string;
  grade: number;
  klass: string;
  studentId: string;
  name: string;
  dob: Ymd;
  gender: Gender;
  pid: string;
  father: string;
  mother: string;
  address: string;
}

const STREETS = ['Lê Lợi', 'Trần Phú', 'Nguyễn Trãi', 'Hùng Vương', 'Quang Trung', 'Lý Thường Kiệt', 'Hai Bà Trưng', 'Phan Chu Trinh'];

function dmy(d: Ymd): string {
  return `${String(d.d).padStart(2, '0')}/${String(d.m).padStart(2, '0')}/${d.y}`;
}

const LETTERS = 'abcdeghiklmnopqrstuvxy';

/** One keyboard-style typo in one token of length ≥ 3 (substitution, swap, deletion or doubling). */
function typo(rng: Rng, name: string): string {
  const tokens = name.split(' ');
  const candidates = tokens.map((t, i) => (t.length >= 3 ? i : -1)).filter((i) => i >= 0);
  if (candidates.length === 0) return name;
  const ti = rng.pick(candidates);
  const t = [...tokens[ti]!];
  const p = rng.int(1, t.length - 1);
  switch (rng.int(0, 3)) {
    case 0: t[p] = rng.pick([...LETTERS]); break;
    case 1: if (p + 1 < t.length) [t[p], t[p + 1]] = [t[p + 1]!, t[p]!]; else t[p] = rng.pick([...LETTERS]); break;
    case 2: t.splice(p, 1); break;
    default: t.splice(p, 0, t[p]!);
  }
  tokens[ti] = t.join('');
  return tokens.join(' ');
}

export class PairGenerator {
  private readonly rng: Rng;
  private readonly ids: CccdAllocator;
  private no = 0;
  private readonly schools: string[];
  constructor(private readonly options: PairOptions) {
    this.rng = new Rng(options.seed);
    this.ids = new CccdAllocator(options.seed);
    const count = options.schools ?? Math.max(1, Math.round(options.left / 1000));
    this.schools = Array.from({ length: count }, (_, i) => `79${String(700_000 + i).padStart(6, '0')}`);
  }

  private family(): { surname: string; father: string; mother: string; address: string; province: string } {
    const rng = this.rng;
    const province = rng.pick(PROVINCES).code;
    const surname = familySurname(rng, '01', 'S');
    const father = personName(rng, '01', 'M', surname, true).full;
    const mother = personName(rng, '01', 'F', familySurname(rng, '01', 'S'), true).full;
    const address = `${rng.int(1, 300)} ${rng.pick(STREETS)}`;
    return { surname, father, mother, address, province };
  }

  private person(overrides: Partial<Person> = {}): Person {
    const rng = this.rng;
    const fam = this.family();
    const gender: Gender = overrides.gender ?? (rng.chance(0.5) ? 'M' : 'F');
    const grade = overrides.grade ?? rng.int(1, 12);
    const dob = overrides.dob ?? randomDateInYear(rng, 2025 - 6 - grade);
    const school = rng.pick(this.schools);
    const no = ++this.no;
    return {
      no,
      school,
      grade,
      klass: `${grade}A${rng.int(1, 4)}`,
      studentId: `${school}${String(no).padStart(8, '0')}`,
      name: personName(rng, '01', gender, fam.surname).full,
      dob,
      gender,
      pid: this.ids.next(fam.province, dob.y, gender),
      father: fam.father,
      mother: fam.mother,
      address: fam.address,
      ...overrides,
    };
  }

  private twinOf(p: Person): Person {
    const rng = this.rng;
    const gender: Gender = rng.chance(0.5) ? 'M' : 'F';
    const surname = p.name.split(' ')[0]!;
    const no = ++this.no;
    return {
      ...p,
      no,
      studentId: `${p.school}${String(no).padStart(8, '0')}`,
      gender,
      name: twinName(rng, '01', gender, surname, p.name).full,
      pid: this.ids.next(PROVINCES[0]!.code, p.dob.y, gender),
    };
  }

  /** Writes left.csv, right.csv and truth.json into `dir`; returns the paths and the truth. */
  async write(dir: string): Promise<{ left: string; right: string; truth: string; data: PairTruth }> {
    const { left: nl, right: nr } = this.options;
    const rng = this.rng;
    const truth: PairTruth = { seed: this.options.seed, left: [], right: [], twins: [], strangers: [] };
    const common = Math.min(nl, nr) - Math.round(Math.min(nl, nr) * 0.03);
    const leftPeople: Person[] = [];
    const rightPeople: Person[] = [];
    while (leftPeople.length < common) {
      const p = this.person();
      leftPeople.push(p);
      rightPeople.push(p);
      if (rng.chance(0.01) && leftPeople.length < common) {
        const t = this.twinOf(p);
        leftPeople.push(t);
        rightPeople.push(t);
        truth.twins.push([p.no, t.no]);
      }
    }
    while (leftPeople.length < nl) leftPeople.push(this.person());
    while (rightPeople.length < nr) {
      if (rng.chance(0.15)) {
        // A stranger: same name and birthday as someone on the left, another family; half in the same school.
        const model = rng.pick(leftPeople);
        const s = this.person({ name: model.name, dob: model.dob, gender: model.gender, grade: model.grade });
        // Half of them in the same school, then in another class of the grade.
        if (rng.chance(0.5)) Object.assign(s, { school: model.school, klass: `${model.grade}A${(Number(model.klass.split('A')[1]) % 4) + 1}` });
        rightPeople.push(s);
        truth.strangers.push([model.no, s.no]);
      } else rightPeople.push(this.person());
    }
    // Exports are not in the school's order.
    for (let i = rightPeople.length - 1; i > 0; i--) {
      const j = rng.int(0, i);
      [rightPeople[i], rightPeople[j]] = [rightPeople[j]!, rightPeople[i]!];
    }
    await mkdir(dir, { recursive: true });
    const left = join(dir, 'left.csv');
    const right = join(dir, 'right.csv');
    await writeRows(left, leftPeople, (p) => this.leftRow(p), truth.left);
    await writeRows(right, rightPeople, (p) => this.rightRow(p), truth.right);
    const truthPath = join(dir, 'truth.json');
    await writePrivateFile(truthPath, `${JSON.stringify(truth)}\n`);
    return { left, right, truth: truthPath, data: truth };
  }

  private leftRow(p: Person): string[] {
    const rng = this.rng;
    return [p.school, String(p.grade), p.klass, p.studentId, p.name, dmy(p.dob), p.gender === 'M' ? 'Nam' : 'Nữ', rng.chance(0.93) ? p.pid : '', p.father, p.mother, p.address];
  }

  private rightRow(p: Person): string[] {
    const rng = this.rng;
    let name = p.name;
    if (rng.chance(0.04)) name = typo(rng, name);
    if (rng.chance(0.03)) name = name.replace(/ (Thị|Văn) /, ' ');
    if (rng.chance(0.25)) name = stripMarks(name);
    if (rng.chance(0.35)) name = name.toLocaleUpperCase('vi');
    let dob = dmy(p.dob);
    const r = rng.next();
    if (r < 0.03 && p.dob.d !== p.dob.m) dob = `${String(p.dob.m).padStart(2, '0')}/${String(p.dob.d).padStart(2, '0')}/${p.dob.y}`;
    else if (r < 0.05) dob = String(p.dob.y);
    let pid = rng.chance(0.85) ? p.pid : '';
    if (pid !== '' && rng.chance(0.003)) pid = pid.slice(0, 6) + String((Number(pid.slice(6)) + 1) % 1_000_000).padStart(6, '0');
    const father = rng.chance(0.6) ? stripMarks(p.father).toUpperCase() : '';
    const mother = rng.chance(0.6) ? stripMarks(p.mother).toUpperCase() : '';
    return [p.school, String(p.grade), p.klass, '', name, dob, p.gender === 'M' ? 'Nam' : 'Nữ', pid, father, mother, ''];
  }
}

function csvField(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function writeRows(path: string, people: Person[], row: (p: Person) => string[], truth: number[]): Promise<void> {
  const out = createWriteStream(path, { mode: 0o600 });
  let chunk = `${PAIR_HEADER.join(',')}\n`;
  for (const p of people) {
    truth.push(p.no);
    chunk += `${row(p).map(csvField).join(',')}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.end(chunk);
  await new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
  });
}

export async function generatePair(options: PairOptions, dir: string): Promise<{ left: string; right: string; truth: string; data: PairTruth }> {
  return new PairGenerator(options).write(dir);
}
