/** CLI strings (help and status lines). Rule messages live in each rule's meta, not here. */
import type { Locale } from '../errors.js';
import type { PipelineProgress } from '../run/pipeline.js';

const vi = {
  programDescription:
    'edusync — giữ dữ liệu trường học đúng và kịp thời: đọc tệp Excel/CSV của trường, kiểm tra theo QĐ 4998/QĐ-BGDĐT và TT 42/2021/TT-BGDĐT, nhập hằng tháng và theo dõi thay đổi, sinh dữ liệu mẫu.',
  optLang: 'ngôn ngữ thông báo: vi (mặc định) hoặc en',
  optVersion: 'in phiên bản',
  optHelp: 'hiển thị trợ giúp',
  helpCommand: 'hiển thị trợ giúp cho một lệnh',
  validateDescription:
    'kiểm tra tệp hoặc thư mục (xlsx, csv, tsv) theo bộ quy tắc của năm học; in báo cáo lỗi theo mã quy tắc',
  argPaths: 'tệp hoặc thư mục cần kiểm tra',
  optFormat: 'định dạng kết quả',
  optOut: 'ghi kết quả vào tệp (bắt buộc với xlsx)',
  optSheet: 'chỉ đọc trang tính này (tên hoặc số thứ tự)',
  optEntity: 'loại dữ liệu nếu không tự nhận ra: student, teacher, class, school, result',
  optRuleSet: 'bộ quy tắc theo năm học, ví dụ 2025-2026 (mặc định: năm học hiện tại)',
  optMaxFindings: 'chỉ liệt kê tối đa N phát hiện (số đếm vẫn đầy đủ)',
  optToday: 'coi ngày này là hôm nay (yyyy-mm-dd), để chạy lại cho cùng kết quả',
  seeHelp: '(xem edusync --help)',
  optValidateDb: 'cơ sở dữ liệu: đọc các giải trình cảnh báo (edusync ack) nếu có; với --format xlsx hoặc --out còn ghi nhật ký kiểm toán (mặc định $EDUSYNC_DB hoặc edusync.db; khi đó tạo nếu chưa có)',
  optEncrypt: 'mã hoá bản sao bằng AES-256-GCM (khoá từ --key-file hoặc $EDUSYNC_BACKUP_KEY)',
  optKeyFile: 'tệp chứa khoá (32 byte hex/base64 hoặc cụm mật khẩu); không bao giờ nhận khoá trên dòng lệnh',
  optPair: 'sinh hai nguồn về cùng những người để thử đối chiếu (ví dụ 3000,3200): left.csv, right.csv có nhiễu và truth.json',
  rulesDescription: 'liệt kê mọi quy tắc kiểm tra với mã, mức độ, căn cứ pháp lý',
  importDescription:
    'nhập danh sách hằng tháng: kiểm tra, so với lần nhập trước của trường (mới, cập nhật, chuyển lớp, rời trường, bị từ chối); chỉ ghi khi có --apply',
  optDb: 'tệp cơ sở dữ liệu (mặc định: $EDUSYNC_DB hoặc edusync.db trong thư mục hiện tại)',
  optPeriod: 'kỳ nhập YYYY-MM (mặc định: tháng hiện tại)',
  optSchool: 'mã trường cho tệp không có cột Mã trường',
  optApply: 'ghi vào cơ sở dữ liệu (mặc định chỉ in kế hoạch)',
  optDryRun: 'chỉ in kế hoạch, không ghi gì (mặc định)',
  backupDescription: 'sao lưu nhất quán cơ sở dữ liệu trong khi vẫn có thể đọc',
  optBackupOut: 'tệp bản sao',
  optForce: 'ghi đè tệp đã có',
  generateDescription:
    'sinh dữ liệu tổng hợp (trường, lớp, học sinh, giáo viên, kết quả) có hạt giống cố định, kèm lỗi cố ý và tệp đáp án',
  optSeed: 'hạt giống ngẫu nhiên (cùng hạt giống → cùng tệp)',
  optOutDir: 'thư mục ghi tệp',
  optSchools: 'số trường',
  optLevel: 'cấp học: TH, THCS, THPT',
  optRows: 'tổng số dòng học sinh chính xác (cho đo hiệu năng)',
  optEntities: 'loại dữ liệu, phân cách bằng dấu phẩy: schools,classes,students,teachers,results',
  optGenFormat: 'định dạng tệp: xlsx, csv, csv-semicolon-bom, tsv-utf16',
  optLayout: 'bố cục: plain (gọn) hoặc messy (như tệp thật: dòng tiêu đề, tiêu đề gộp hai dòng, chân ký)',
  optDefects: 'tỉ lệ dòng có lỗi cố ý (0..1)',
  optDefectKinds: 'chỉ các loại lỗi này (phân cách bằng dấu phẩy)',
  optClassesPerGrade: 'số lớp mỗi khối',
  optStudentsPerClass: 'số học sinh mỗi lớp',
  generated: (files: number, dir: string) => `Đã sinh ${files} tệp trong ${dir}.`,
  progress: (i: number, n: number, file: string, records: string) => `[${i}/${n}] ${file}: ${records} bản ghi`,
  planProgress: (applying: boolean, schools: string, schoolCount: string, records: string, recordCount: string) =>
    `${applying ? 'Lập kế hoạch và ghi' : 'Lập kế hoạch'}: ${schools}/${schoolCount} trường · ${records}/${recordCount} bản ghi`,
  runProgress: (p: PipelineProgress) =>
    p.phase === 'check'
      ? `trường ${p.school}/${p.schools} · tệp ${p.fileIndex + 1}/${p.fileCount} · ${p.records} bản ghi`
      : `trường ${p.school}/${p.schools} · lập kế hoạch ${p.records}/${p.recordCount} bản ghi`,
  internal:
    'Lỗi nội bộ của edusync. Vui lòng báo lỗi kèm lệnh đã chạy, phiên bản edusync và node, và thông báo dưới đây (không gửi dữ liệu cá nhân).',
  usage: 'Lỗi cách dùng',
  ackDescription:
    'giải trình cảnh báo: lưu lý do cho một cảnh báo đã xem xét, để các lần kiểm tra sau chỉ đếm chứ không liệt kê lại (lỗi không giải trình được — phải sửa)',
  ackAddDescription: 'kiểm tra tệp rồi lưu giải trình cho các cảnh báo của một mã (có thể giới hạn theo dòng, trường dữ liệu)',
  ackListDescription: 'liệt kê các giải trình đang có hiệu lực (văn bản chỉ hiện 4 số cuối của mã người)',
  ackRemoveDescription: 'gỡ giải trình (giữ lại bản ghi): các cảnh báo đó hiện lại',
  optAckCode: 'mã cảnh báo cần giải trình, ví dụ GV-002',
  optAckReason: 'lý do (bắt buộc), lưu cùng tên đăng nhập và thời điểm',
  optAckRow: 'chỉ các dòng này (số dòng như trong tệp)',
  optAckField: 'chỉ cảnh báo về trường dữ liệu này (khoá trường, ví dụ qualificationCode)',
  optAckSchool: 'chỉ trường có mã này',
  argAckIds: 'mã giải trình (như trong edusync ack list)',
};

const en: typeof vi = {
  programDescription:
    'edusync — keeps Vietnamese school data right and on time: reads schools\' Excel/CSV files, checks them against QĐ 4998/QĐ-BGDĐT and TT 42/2021/TT-BGDĐT, imports them monthly and tracks changes, generates sample data.',
  optLang: 'message language: vi (default) or en',
  optVersion: 'print the version',
  optHelp: 'display help',
  helpCommand: 'display help for a command',
  validateDescription: 'check files or folders (xlsx, csv, tsv) against the school year\'s rule set; report findings by rule code',
  argPaths: 'files or folders to check',
  optFormat: 'output format',
  optOut: 'write the output to a file (required for xlsx)',
  optSheet: 'read only this worksheet (name or 1-based number)',
  optEntity: 'kind of data when it is not recognised: student, teacher, class, school, result',
  optRuleSet: 'rule set by school year, e.g. 2025-2026 (default: the current school year)',
  optMaxFindings: 'list at most N findings (counts stay exact)',
  optToday: 'take this date as today (yyyy-mm-dd), for repeatable runs',
  seeHelp: '(see edusync --help)',
  optValidateDb: 'database: acknowledged warnings (edusync ack) are read from it when it exists; with --format xlsx or --out it also records the audit trail (default $EDUSYNC_DB or edusync.db; then created if missing)',
  optEncrypt: 'encrypt the copy with AES-256-GCM (key from --key-file or $EDUSYNC_BACKUP_KEY)',
  optKeyFile: 'file holding the key (32 bytes hex/base64, or a passphrase); a key is never taken on the command line',
  optPair: 'write two sources about the same people to try reconcile (e.g. 3000,3200): noisy left.csv, right.csv and truth.json',
  rulesDescription: 'list every validation rule with its code, severity and legal basis',
  importDescription:
    'monthly import: validate, compare with the school\'s last snapshot (new, updated, moved class, left, rejected); writes only with --apply',
  optDb: 'database file (default: $EDUSYNC_DB or edusync.db in the current folder)',
  optPeriod: 'period YYYY-MM (default: the current month)',
  optSchool: 'school id for files without a Mã trường column',
  optApply: 'write to the database (default: print the plan only)',
  optDryRun: 'print the plan only, write nothing (the default)',
  backupDescription: 'a consistent copy of the database while reads go on',
  optBackupOut: 'file to write the copy to',
  optForce: 'overwrite an existing file',
  generateDescription:
    'generate seeded synthetic data (schools, classes, students, teachers, results) with injected defects and a truth file',
  optSeed: 'random seed (same seed → same files)',
  optOutDir: 'folder to write to',
  optSchools: 'number of schools',
  optLevel: 'level: TH, THCS, THPT',
  optRows: 'exact total number of student rows (for benchmarks)',
  optEntities: 'kinds of data, comma-separated: schools,classes,students,teachers,results',
  optGenFormat: 'file format: xlsx, csv, csv-semicolon-bom, tsv-utf16',
  optLayout: 'layout: plain, or messy (like real files: title rows, merged two-row header, signature footer)',
  optDefects: 'share of rows with an injected defect (0..1)',
  optDefectKinds: 'only these defect kinds (comma-separated)',
  optClassesPerGrade: 'classes per grade',
  optStudentsPerClass: 'students per class',
  generated: (files: number, dir: string) => `Generated ${files} files in ${dir}.`,
  progress: (i: number, n: number, file: string, records: string) => `[${i}/${n}] ${file}: ${records} records`,
  planProgress: (applying: boolean, schools: string, schoolCount: string, records: string, recordCount: string) =>
    `${applying ? 'Planning and writing' : 'Planning'}: ${schools}/${schoolCount} schools · ${records}/${recordCount} records`,
  runProgress: (p: PipelineProgress) =>
    p.phase === 'check'
      ? `school ${p.school}/${p.schools} · file ${p.fileIndex + 1}/${p.fileCount} · ${p.records} records`
      : `school ${p.school}/${p.schools} · planning ${p.records}/${p.recordCount} records`,
  internal:
    'Internal edusync error. Please report it with the command you ran, the edusync and node versions and the message below (no personal data).',
  usage: 'Usage error',
  ackDescription:
    'acknowledge warnings: store a reason for a warning that was looked at, so later checks count it instead of listing it again (errors cannot be acknowledged — they must be fixed)',
  ackAddDescription: 'check the files, then store an acknowledgement for the warnings of one code (optionally only some rows or one field)',
  ackListDescription: 'list the active acknowledgements (text shows only the last 4 characters of the person key)',
  ackRemoveDescription: 'remove acknowledgements (the row is kept): those warnings show again',
  optAckCode: 'warning code to acknowledge, e.g. GV-002',
  optAckReason: 'the reason (required), stored with the login name and the time',
  optAckRow: 'only these rows (row numbers as in the file)',
  optAckField: 'only warnings about this field (its key, e.g. qualificationCode)',
  optAckSchool: 'only the school with this code',
  argAckIds: 'acknowledgement ids (as edusync ack list shows them)',
};

export type Strings = typeof vi;

export function strings(locale: Locale): Strings {
  return locale === 'en' ? en : vi;
}

/** --lang wins, then EDUSYNC_LANG, then Vietnamese. Read before commander so help is localised too. */
export function detectLocale(argv: string[], env: NodeJS.ProcessEnv = process.env): Locale {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--lang' && (argv[i + 1] === 'en' || argv[i + 1] === 'vi')) return argv[i + 1] as Locale;
    if (a === '--lang=en') return 'en';
    if (a === '--lang=vi') return 'vi';
  }
  const fromEnv = env.EDUSYNC_LANG;
  return fromEnv === 'en' ? 'en' : 'vi';
}
