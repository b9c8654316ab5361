/**
 * A seeded class roster and participant lists for the audit tests: Teams (UTF-16, with its
 * summary block), Zoom and Moodle exports built from synthetic names (src/generate), never real data.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Rng } from '../../src/generate/random.js';
import { familySurname, personName } from '../../src/generate/names.js';
import { foldText, nameKey } from '../../src/accounts/names.js';

export interface FixturePerson {
  personalId: string;
  fullName: string;
  classId: string | null;
  email: string;
  role: 'student' | 'teacher';
}

export interface AuditFixture {
  roster: FixturePerson[];
  rosterFile: string;
  teamsFile: string;
  zoomFile: string;
  moodleFile: string;
  absent: FixturePerson[];
  renamed: Array<{ person: FixturePerson; display: string }>;
  duplicate: FixturePerson;
  strangers: string[];
  teacher: FixturePerson;
  mismatch: { person: FixturePerson; idnumber: string };
}

export function makeAuditFixture(dir: string, seed = 8): AuditFixture {
  const rng = new Rng(seed);
  const seen = new Set<string>();
  const roster: FixturePerson[] = [];
  const add = (classId: string | null, role: 'student' | 'teacher', n: number, year: string): void => {
    while (n > 0) {
      const gender = rng.chance(0.5) ? 'M' : 'F';
      const name = personName(rng, '01', gender, familySurname(rng, '01', 'N'), role === 'teacher').full;
      if (seen.has(nameKey(name))) continue;
      seen.add(nameKey(name));
      const century = (role === 'teacher' ? 0 : 2) + (gender === 'F' ? 1 : 0);
      const personalId = `001${century}${year}${String(100000 + roster.length * 7919).slice(-6)}`;
      roster.push({ personalId, fullName: name, classId, email: `hs${personalId}@thcs-demo.edu.vn`, role });
      n--;
    }
  };
  add('9A1', 'student', 24, '11');
  add('9A2', 'student', 10, '11');
  add(null, 'teacher', 1, '85');
  const a1 = roster.filter((p) => p.classId === '9A1');
  const teacher = roster.find((p) => p.role === 'teacher')!;
  const absent = [a1[3]!, a1[17]!];
  const renamedPeople = [a1[5]!, a1[9]!];
  const renamed = [
    // Accents dropped, class appended: "Nguyen Van An 9A1".
    { person: renamedPeople[0]!, display: `${foldText(renamedPeople[0]!.fullName).replace(/(^|\s)\S/gu, (c) => c.toUpperCase())} 9A1` },
    // Given name first, upper case: "AN NGUYỄN VĂN".
    { person: renamedPeople[1]!, display: (() => { const t = renamedPeople[1]!.fullName.split(' '); return [t[t.length - 1], ...t.slice(0, -1)].join(' ').toLocaleUpperCase('vi'); })() },
  ];
  const duplicate = a1[12]!;
  const strangers = ['iPhone của Tuấn', 'Khách Zoom 4821', 'Người Xem Ẩn Danh'];

  // Teams attendance report: UTF-16LE with BOM, tab-separated, summary block first.
  const teamsLines = [
    '1. Summary',
    'Meeting title\tSinh hoạt lớp 9A1',
    'Attended participants\t23',
    'Start time\t10/6/25, 7:30:00 AM',
    '',
    '2. Participants',
    'Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole',
  ];
  const present = a1.filter((p) => !absent.includes(p) && !renamedPeople.includes(p));
  for (const p of [teacher, ...present]) teamsLines.push(`${p.fullName}\t10/6/25, 7:31:02 AM\t10/6/25, 8:15:40 AM\t44m 38s\t${p.email}\t${p.email}\t${p === teacher ? 'Organizer' : 'Attendee'}`);
  // One student dropped out and joined again: one account, two rows.
  teamsLines.push(`${present[0]!.fullName}\t10/6/25, 7:50:00 AM\t10/6/25, 8:10:00 AM\t20m\t${present[0]!.email}\t${present[0]!.email}\tAttendee`);
  teamsLines.push('', '3. In-Meeting Activities', 'Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole');
  const teamsFile = join(dir, 'teams-9A1.csv');
  writeFileSync(teamsFile, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${teamsLines.join('\r\n')}\r\n`, 'utf16le')]));

  // Zoom participants: the renamed students (no school account), the duplicate on a personal address, the strangers.
  const zoomLines = ['Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest'];
  for (const r of renamed) zoomLines.push(`${r.display},,10/06/2025 07:32:00 AM,10/06/2025 08:15:00 AM,43,Yes`);
  zoomLines.push(`${duplicate.fullName},${foldText(duplicate.fullName).replace(/\s+/gu, '')}.home@gmail.com,10/06/2025 07:33:00 AM,10/06/2025 08:15:00 AM,42,Yes`);
  strangers.forEach((s, i) => zoomLines.push(`${s},${i === 1 ? '' : `stranger${i}@example.net`},10/06/2025 07:40:00 AM,10/06/2025 07:45:00 AM,5,Yes`));
  const zoomFile = join(dir, 'zoom-9A1.csv');
  writeFileSync(zoomFile, `${zoomLines.join('\n')}\n`);

  // Moodle user download of 9A1 where one account carries somebody else's identifier.
  const mismatchPerson = a1[20]!;
  const wrongId = `${mismatchPerson.personalId.slice(0, 6)}999999`;
  const moodleLines = ['id,username,email,firstname,lastname,idnumber,institution,department'];
  a1.forEach((p, i) => {
    const t = p.fullName.split(' ');
    moodleLines.push(`${i + 10},${p.personalId},${p.email},${t.slice(1).join(' ')},${t[0]},${p === mismatchPerson ? wrongId : p.personalId},THCS Demo,9A1`);
  });
  const moodleFile = join(dir, 'moodle-users.csv');
  writeFileSync(moodleFile, `${moodleLines.join('\n')}\n`);

  const rosterLines = ['Mã định danh,Họ và tên,Lớp,Email trường,Vai trò'];
  for (const p of roster) rosterLines.push(`${p.personalId},${p.fullName},${p.classId ?? ''},${p.email},${p.role === 'teacher' ? 'Giáo viên' : 'Học sinh'}`);
  const rosterFile = join(dir, 'danh-sach-lop.csv');
  writeFileSync(rosterFile, `\uFEFF${rosterLines.join('\n')}\n`);

  return { roster, rosterFile, teamsFile, zoomFile, moodleFile, absent, renamed, duplicate, strangers, teacher, mismatch: { person: mismatchPerson, idnumber: wrongId } };
}
