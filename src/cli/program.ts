/**
 * Commander wiring only: flags → options → a command function from ./commands (loaded lazily so
 * `edusync --help` does not load ExcelJS). Commands return an ExitCode; main.ts applies it.
 */
import { Command, Help, InvalidArgumentError, Option } from 'commander';
import { createRequire } from 'node:module';
import { ExitCode, type Locale } from '../errors.js';
import { createContext } from './context.js';

const require = createRequire(import.meta.url);
const pkg = require('../../package.json') as { version: string };

export interface ProgramResult {
  code: ExitCode;
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0 / cần số nguyên ≥ 0');
  return n;
}

function fraction(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('expected a number between 0 and 1 / cần số từ 0 đến 1');
  return n;
}

function isoDate(value: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw new InvalidArgumentError('expected yyyy-mm-dd / cần dạng yyyy-mm-dd');
  return value;
}

const VI_HELP_WORDS: Array<[RegExp, string]> = [
  [/^Usage:/gm, 'Cách dùng:'],
  [/^Options:/gm, 'Tùy chọn:'],
  [/^Commands:/gm, 'Lệnh:'],
  [/^Arguments:/gm, 'Tham số:'],
  [/\bdefault: /g, 'mặc định: '],
  [/\bchoices: /g, 'lựa chọn: '],
];

export function createProgram(locale: Locale, result: ProgramResult): Command {
  const ctx = createContext(locale);
  const t = ctx.t;
  const program = new Command('edusync');
  program
    .description(t.programDescription)
    .version(pkg.version, '-V, --version', t.optVersion)
    .helpOption('-h, --help', t.optHelp)
    .helpCommand('help [command]', t.helpCommand)
    .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
    .showHelpAfterError(locale === 'vi' ? '(xem edusync --help)' : '(see edusync --help)')
    .exitOverride()
    .configureHelp({
      formatHelp(cmd, helper) {
        const text = Help.prototype.formatHelp.call(helper, cmd, helper);
        return locale === 'vi' ? VI_HELP_WORDS.reduce((s, [re, to]) => s.replace(re, to), text) : text;
      },
    });

  const sub = (name: string): Command =>
    program
      .command(name)
      .helpOption('-h, --help', t.optHelp)
      .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
      .exitOverride();

  sub('validate')
    .description(t.validateDescription)
    .argument('<paths...>', t.argPaths)
    .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'xlsx']).default('text'))
    .option('-o, --out <file>', t.optOut)
    .option('--sheet <name>', t.optSheet)
    .addOption(new Option('--entity <entity>', t.optEntity).choices(['student', 'teacher', 'class', 'school', 'result']))
    .option('--rule-set <year>', t.optRuleSet)
    .option('--max-findings <n>', t.optMaxFindings, positiveInt)
    .option('--today <date>', t.optToday, isoDate)
    .option('--db <file>', locale === 'vi' ? 'với --format xlsx: cơ sở dữ liệu ghi nhật ký kiểm toán (mặc định $EDUSYNC_DB hoặc edusync.db; tạo nếu chưa có)' : 'with --format xlsx: database that records the audit trail (default $EDUSYNC_DB or edusync.db; created if missing)')
    .action(async (paths: string[], opts) => {
      const { runValidate } = await import('./commands/validate.js');
      result.code = await runValidate(paths, opts, ctx);
    });

  sub('import')
    .description(t.importDescription)
    .argument('<paths...>', t.argPaths)
    .option('--db <file>', t.optDb)
    .option('--period <yyyy-mm>', t.optPeriod, process.env.EDUSYNC_PERIOD || undefined)
    .option('--school <id>', t.optSchool)
    .option('--apply', t.optApply)
    .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
    .option('-o, --out <file>', t.optOut)
    .option('--sheet <name>', t.optSheet)
    .addOption(new Option('--entity <entity>', t.optEntity).choices(['student', 'teacher', 'class', 'school', 'result']))
    .option('--rule-set <year>', t.optRuleSet)
    .option('--today <date>', t.optToday, isoDate)
    .action(async (paths: string[], opts) => {
      const { runImport } = await import('./commands/import.js');
      result.code = await runImport(paths, opts, ctx);
    });

  sub('backup')
    .description(t.backupDescription)
    .option('--db <file>', t.optDb)
    .requiredOption('-o, --out <file>', t.optBackupOut)
    .option('--force', t.optForce)
    .option('--encrypt', locale === 'vi' ? 'mã hoá bản sao bằng AES-256-GCM (khoá từ --key-file hoặc $EDUSYNC_BACKUP_KEY)' : 'encrypt the copy with AES-256-GCM (key from --key-file or $EDUSYNC_BACKUP_KEY)')
    .option('--key-file <file>', locale === 'vi' ? 'tệp chứa khoá (32 byte hex/base64 hoặc cụm mật khẩu); không bao giờ nhận khoá trên dòng lệnh' : 'file holding the key (32 bytes hex/base64, or a passphrase); a key is never taken on the command line')
    .action(async (opts) => {
      const { runBackup } = await import('./commands/backup.js');
      result.code = await runBackup(opts, ctx);
    });

  sub('rules')
    .description(t.rulesDescription)
    .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'markdown']).default('text'))
    .option('-o, --out <file>', t.optOut)
    .action(async (opts) => {
      const { runRules } = await import('./commands/rules.js');
      result.code = await runRules(opts, ctx);
    });

  sub('generate')
    .description(t.generateDescription)
    .requiredOption('-o, --out <dir>', t.optOutDir)
    .option('--seed <n>', t.optSeed, positiveInt, 1)
    .option('--schools <n>', t.optSchools, positiveInt, 1)
    .addOption(new Option('--level <level>', t.optLevel).choices(['TH', 'THCS', 'THPT']).default('THCS'))
    .option('--rows <n>', t.optRows, positiveInt)
    .option('--entities <list>', t.optEntities, 'schools,classes,students,teachers,results')
    .addOption(new Option('-f, --format <format>', t.optGenFormat).choices(['xlsx', 'csv', 'csv-semicolon-bom', 'tsv-utf16']).default('xlsx'))
    .addOption(new Option('--layout <layout>', t.optLayout).choices(['plain', 'messy']).default('plain'))
    .option('--defects <rate>', t.optDefects, fraction)
    .option('--defect-kinds <list>', t.optDefectKinds)
    .option('--classes-per-grade <n>', t.optClassesPerGrade, positiveInt)
    .option('--students-per-class <n>', t.optStudentsPerClass, positiveInt)
    .option('--pair <left,right>', locale === 'vi' ? 'sinh hai nguồn về cùng những người để thử đối chiếu (ví dụ 3000,3200): left.csv, right.csv có nhiễu và truth.json' : 'write two sources about the same people to try reconcile (e.g. 3000,3200): noisy left.csv, right.csv and truth.json')
    .action(async (opts) => {
      const { runGenerate } = await import('./commands/generate.js');
      result.code = await runGenerate(opts, ctx);
    });

  // reconcile (issue 5): link two sources about the same people.
  {
    const vi = locale === 'vi';
    sub('reconcile')
      .description(vi ? 'đối chiếu hai nguồn về cùng những người (danh sách trường ↔ dữ liệu xuất CSDL, tháng này ↔ tháng trước): khớp theo số định danh rồi theo họ tên, ngày sinh, giới tính, lớp, trường; kiểm tra số định danh giữa các nguồn' : 'link two sources about the same people (school list ↔ national export, this month ↔ last month): by personal ID first, then by name, birthday, gender, class and school; checks personal IDs across sources')
      .argument('<left>', vi ? 'nguồn thứ nhất (tệp hoặc thư mục)' : 'first source (file or folder)')
      .argument('<right>', vi ? 'nguồn thứ hai (tệp hoặc thư mục)' : 'second source (file or folder)')
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'xlsx']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .option('--sheet <name>', t.optSheet)
      .option('--decisions <file>', vi ? 'sổ đối chiếu (xlsx) hoặc CSV có cột "Khoá cặp" và "Quyết định" (giống/khác); lưu vào cơ sở dữ liệu và dùng lại các lần sau' : 'review workbook (xlsx) or CSV with "Pair key" and "Decision" (same/different) columns; kept in the database and reused on later runs')
      .option('--apply', vi ? 'ghi bản đồ định danh (mỗi người một mã nội bộ, mọi số định danh và dòng nguồn) vào cơ sở dữ liệu' : 'write the identity map (one internal id per person, with every identifier and source row) to the database')
      .option('--db <file>', t.optDb)
      .action(async (left: string, right: string, opts) => {
        const { runReconcile } = await import('./commands/reconcile.js');
        result.code = await runReconcile(left, right, opts, ctx);
      });
  }

  // history / diff (issue 4 item 3): read-only views of the store.
  {
    const vi = locale === 'vi';
    const optSchool = vi ? 'chỉ trường có mã này' : 'only the school with this code';
    sub('history')
      .description(vi ? 'liệt kê các lượt chạy và ảnh chụp dữ liệu theo trường' : 'list the runs and the snapshots per school')
      .option('--school <id>', optSchool)
      .option('--db <file>', t.optDb)
      .option('--limit <n>', vi ? 'tối đa N lượt chạy (mới nhất trước)' : 'at most N runs (newest first)', positiveInt, 100)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .action(async (opts) => {
        const { runHistory } = await import('./commands/history.js');
        result.code = await runHistory(opts, ctx);
      });
    sub('diff')
      .description(vi ? 'so sánh dữ liệu đã nhập giữa hai kỳ: mới, cập nhật, chuyển lớp, rời trường' : 'compare imported data between two periods: new, updated, moved class, left')
      .requiredOption('--from <period>', vi ? 'kỳ trước (YYYY-MM)' : 'earlier period (YYYY-MM)')
      .requiredOption('--to <period>', vi ? 'kỳ sau (YYYY-MM)' : 'later period (YYYY-MM)')
      .option('--school <id>', optSchool)
      .addOption(new Option('--entity <entity>', vi ? 'chỉ học sinh hoặc giáo viên' : 'students or teachers only').choices(['student', 'teacher']))
      .option('--db <file>', t.optDb)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'xlsx']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .action(async (opts) => {
        const { runDiff } = await import('./commands/diff.js');
        result.code = await runDiff(opts, ctx);
      });
  }

  // init / run (issue 4 items 4 and 5): the config file and the unattended pipeline.
  {
    const vi = locale === 'vi';
    sub('init')
      .description(vi ? 'ghi tệp cấu hình mẫu edusync.config.json (có chú thích tiếng Việt và tiếng Anh)' : 'write a starting edusync.config.json (with Vietnamese and English notes)')
      .option('-o, --out <file>', vi ? 'tệp cần ghi (mặc định edusync.config.json)' : 'file to write (default edusync.config.json)')
      .option('--force', vi ? 'ghi đè tệp đã có' : 'overwrite an existing file')
      .option('--print-schema', vi ? 'in JSON Schema của tệp cấu hình ra stdout' : 'print the JSON Schema of the config file to stdout')
      .action(async (opts) => {
        const { runInit } = await import('./commands/init.js');
        result.code = await runInit(opts, ctx);
      });
    sub('run')
      .description(vi ? 'chạy cả quy trình theo tệp cấu hình, không cần người trông (cron): nhập → kiểm tra → (sau này) đối chiếu → báo cáo → gửi' : 'run the whole configured pipeline unattended (cron): import → validate → (later) reconcile → report → push')
      .option('-c, --config <file>', vi ? 'tệp cấu hình (mặc định ./edusync.config.json; hoặc $EDUSYNC_CONFIG)' : 'config file (default ./edusync.config.json; or $EDUSYNC_CONFIG)')
      .option('--db <file>', vi ? 'tệp cơ sở dữ liệu (ghi đè store.path)' : 'database file (overrides store.path)')
      .option('--period <period>', vi ? 'kỳ dữ liệu YYYY-MM (mặc định tháng hiện tại)' : 'data period YYYY-MM (default the current month)')
      .option('--rule-set <year>', t.optRuleSet)
      .option('--apply', vi ? 'ghi ảnh chụp vào cơ sở dữ liệu (mặc định theo import.apply của cấu hình)' : 'write the snapshots (default: the config\'s import.apply)')
      .addOption(new Option('--log-format <format>', vi ? 'nhật ký trên stderr: text hoặc json (mỗi dòng một đối tượng)' : 'logs on stderr: text or json (one object a line)').choices(['text', 'json']))
      .option('--summary-dir <dir>', vi ? 'thư mục ghi tệp tóm tắt của lần chạy' : 'folder for the run summary file')
      .option('--lock <file>', vi ? 'tệp khoá (mặc định <cơ sở dữ liệu>.lock)' : 'lock file (default <database>.lock)')
      .option('--today <date>', t.optToday, isoDate)
      .action(async (opts, cmd: Command) => {
        const { runRun } = await import('./commands/run.js');
        // --lang is defined on the program and on each command; either may have parsed it.
        const given = [cmd, cmd.parent].find((c) => c?.getOptionValueSource('lang') === 'cli');
        const lang = given ? (given.opts().lang as Locale) : undefined;
        result.code = await runRun({ ...opts, lang }, ctx);
      });
  }

  // audit / purge / restore (issue 9 items 3 and 4): the audit trail and retention.
  {
    const vi = locale === 'vi';
    sub('audit')
      .description(vi ? 'nhật ký kiểm toán: ai, khi nào, ghi dữ liệu cá nhân gì (số bản ghi, trường), ra đâu, mã băm tệp' : 'audit trail: who wrote which personal data (counts, fields) where and when, with the file hash')
      .option('--since <date>', vi ? 'chỉ sự kiện từ ngày này (yyyy-mm-dd, UTC)' : 'only events from this day on (yyyy-mm-dd, UTC)', isoDate)
      .option('--limit <n>', vi ? 'tối đa N sự kiện mới nhất' : 'at most the N newest events', positiveInt)
      .option('--db <file>', t.optDb)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .action(async (opts) => {
        const { runAudit } = await import('./commands/audit.js');
        result.code = await runAudit(opts, ctx);
      });
    sub('purge')
      .description(vi ? 'xoá dữ liệu cá nhân cũ hơn một kỳ (ảnh chụp, kết quả kiểm tra, người không còn được tham chiếu) rồi thu gọn tệp; mặc định chỉ hiện kế hoạch' : 'delete personal data older than a period (snapshots, findings, persons no longer referenced) and compact the file; shows the plan unless --apply')
      .requiredOption('--before <period>', vi ? 'xoá những gì trước kỳ này (YYYY-MM)' : 'delete what is before this period (YYYY-MM)')
      .option('--apply', vi ? 'xoá thật (mặc định chỉ hiện kế hoạch)' : 'really delete (default: show the plan only)')
      .option('--db <file>', t.optDb)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .action(async (opts) => {
        const { runPurge } = await import('./commands/purge.js');
        result.code = await runPurge(opts, ctx);
      });
    sub('restore')
      .description(vi ? 'giải mã và kiểm tra một bản sao lưu mã hoá (backup --encrypt) thành một tệp SQLite mới' : 'decrypt and check an encrypted backup (backup --encrypt) into a new SQLite file')
      .option('--decrypt', vi ? 'giải mã (bắt buộc)' : 'decrypt (required)')
      .requiredOption('--in <file>', vi ? 'bản sao lưu mã hoá' : 'the encrypted backup')
      .requiredOption('-o, --out <file>', vi ? 'tệp SQLite cần ghi (0600)' : 'SQLite file to write (0600)')
      .option('--key-file <file>', vi ? 'tệp chứa khoá (hoặc $EDUSYNC_BACKUP_KEY)' : 'file holding the key (or $EDUSYNC_BACKUP_KEY)')
      .option('--force', t.optForce)
      .action(async (opts) => {
        const { runRestore } = await import('./commands/restore.js');
        result.code = await runRestore(opts, ctx);
      });
  }

  return program;
}
