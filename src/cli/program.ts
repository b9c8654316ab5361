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

/** `--row 4 7 --row 9`: every row number given, in order. */
function rowList(value: string, previous: number[] | undefined): number[] {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a row number ≥ 1 / cần số dòng ≥ 1');
  return [...(previous ?? []), n];
}

function portNumber(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('expected a port from 0 to 65535 / cần số cổng từ 0 đến 65535');
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
    .showHelpAfterError(t.seeHelp)
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
    .option('--db <file>', t.optValidateDb)
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
    .addOption(new Option('--apply', t.optApply).conflicts('dryRun'))
    .option('--dry-run', t.optDryRun)
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
    .option('--encrypt', t.optEncrypt)
    .option('--key-file <file>', t.optKeyFile)
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
    .option('--pair <left,right>', t.optPair)
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
      .addOption(new Option('--apply', vi ? 'ghi ảnh chụp vào cơ sở dữ liệu (mặc định theo import.apply của cấu hình)' : 'write the snapshots (default: the config\'s import.apply)').conflicts('dryRun'))
      .option('--dry-run', vi ? 'lần này chỉ hiện kế hoạch, kể cả khi cấu hình đặt import.apply' : 'this time show the plan only, even when the config sets import.apply')
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
      .option('--before <period>', vi ? 'xoá những gì trước kỳ này (YYYY-MM; mặc định: theo retention.months của cấu hình, 24 tháng nếu không có)' : 'delete what is before this period (YYYY-MM; default: from the config\'s retention.months, 24 months without one)')
      .option('-c, --config <file>', vi ? 'tệp cấu hình (mặc định ./edusync.config.json hoặc $EDUSYNC_CONFIG)' : 'config file (default ./edusync.config.json or $EDUSYNC_CONFIG)')
      .option('--today <date>', t.optToday, isoDate)
      .addOption(new Option('--apply', vi ? 'xoá thật (mặc định chỉ hiện kế hoạch)' : 'really delete (default: show the plan only)').conflicts('dryRun'))
      .option('--dry-run', vi ? 'chỉ hiện kế hoạch (mặc định)' : 'show the plan only (the default)')
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

  // export (issue 7 item 4, issue 9 items 1 and 3): the portal's Excel import templates, minimised and audited.
  {
    const vi = locale === 'vi';
    sub('export')
      .description(vi ? 'xuất dữ liệu đã kiểm tra trong kho ra các mẫu nhập Excel của cổng CSDL ngành (chia tệp, chỉ các trường được phép, ghi nhật ký kiểm toán)' : 'write the store\'s validated records into the CSDL portal\'s Excel import templates (split files, permitted fields only, audited)')
      .requiredOption('-t, --template <name>', vi ? 'mẫu: csdl-students, csdl-teachers, csdl-results' : 'template: csdl-students, csdl-teachers, csdl-results')
      .option('-o, --out <dir>', vi ? 'thư mục ghi tệp' : 'folder for the files', 'edusync-export')
      .option('--school <id>', vi ? 'chỉ trường có mã này' : 'only the school with this code')
      .option('--period <yyyy-mm>', vi ? 'ảnh chụp mới nhất đến kỳ này (mặc định: mới nhất)' : 'the latest snapshot up to this period (default: the newest)')
      .option('--fields <list>', vi ? 'chỉ xuất các trường này (khoá, phân cách bằng dấu phẩy)' : 'export only these fields (keys, comma-separated)')
      .option('--max-rows <n>', vi ? 'số dòng tối đa mỗi tệp (mặc định theo mẫu hoặc cấu hình)' : 'rows per file (default: the template\'s or the config\'s)', positiveInt)
      .option('--include-invalid', vi ? 'xuất cả bản ghi có lỗi mức error' : 'export records with error-level findings too')
      .option('-c, --config <file>', vi ? 'tệp cấu hình (mặc định ./edusync.config.json hoặc $EDUSYNC_CONFIG)' : 'config file (default ./edusync.config.json or $EDUSYNC_CONFIG)')
      .option('--db <file>', t.optDb)
      .option('--rule-set <year>', t.optRuleSet)
      .option('--today <date>', t.optToday, isoDate)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .action(async (opts) => {
        const { runExport } = await import('./commands/export.js');
        result.code = await runExport(opts, ctx);
      });
  }

  // ack add / list / remove (peers.md §3.1 item 3): acknowledged warnings.
  {
    const ack = program
      .command('ack')
      .description(t.ackDescription)
      .helpOption('-h, --help', t.optHelp)
      .helpCommand('help [command]', t.helpCommand)
      .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
      .exitOverride();
    const ackSub = (name: string): Command =>
      ack
        .command(name)
        .helpOption('-h, --help', t.optHelp)
        .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
        .exitOverride()
        .option('--db <file>', t.optDb);
    ackSub('add')
      .description(t.ackAddDescription)
      .argument('<paths...>', t.argPaths)
      .requiredOption('--code <code>', t.optAckCode)
      .requiredOption('--reason <text>', t.optAckReason)
      .option('--row <n...>', t.optAckRow, rowList)
      .option('--field <key>', t.optAckField)
      .option('--sheet <name>', t.optSheet)
      .option('--rule-set <year>', t.optRuleSet)
      .option('--today <date>', t.optToday, isoDate)
      .action(async (paths: string[], opts) => {
        const { runAckAdd } = await import('./commands/ack.js');
        result.code = await runAckAdd(paths, opts, ctx);
      });
    ackSub('list')
      .description(t.ackListDescription)
      .option('--school <id>', t.optAckSchool)
      .option('--code <code>', t.optAckCode)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .action(async (opts) => {
        const { runAckList } = await import('./commands/ack.js');
        result.code = await runAckList(opts, ctx);
      });
    ackSub('remove')
      .description(t.ackRemoveDescription)
      .argument('<ids...>', t.argAckIds)
      .action(async (ids: string[], opts) => {
        const { runAckRemove } = await import('./commands/ack.js');
        result.code = await runAckRemove(ids, opts, ctx);
      });
  }

  // accounts export / diff / audit (issue 8): online-learning accounts keyed by the personal identifier.
  {
    const vi = locale === 'vi';
    const accounts = program
      .command('accounts')
      .description(vi ? 'tài khoản học trực tuyến theo mã định danh (TT 09/2021 Điều 15.1.i): xuất, so sánh, kiểm tra người tham gia' : 'online-learning accounts keyed by the personal identifier (TT 09/2021 art. 15.1.i): export, diff, participant audit')
      .helpOption('-h, --help', t.optHelp)
      .helpCommand('help [command]', t.helpCommand)
      .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
      .exitOverride();
    const accountsSub = (name: string): Command =>
      accounts
        .command(name)
        .helpOption('-h, --help', t.optHelp)
        .addOption(new Option('--lang <lang>', t.optLang).choices(['vi', 'en']).default('vi'))
        .exitOverride()
        .option('--db <file>', t.optDb)
        .option('-c, --config <file>', vi ? 'tệp cấu hình (mục accounts; mặc định ./edusync.config.json)' : 'config file (the accounts section; default ./edusync.config.json)')
        .option('--period <yyyy-mm>', vi ? 'dùng ảnh chụp mới nhất đến kỳ này (mặc định: mới nhất)' : 'use the newest snapshots up to this period (default: the newest)')
        .option('--school <id>', vi ? 'chỉ trường có mã này' : 'only the school with this code')
        .option('--today <date>', t.optToday, isoDate);
    const usernameOpt = vi ? 'quy tắc tên đăng nhập, ví dụ "{personalId}" hoặc "hs{hash:10}" (ghi đè accounts.username)' : 'username rule, e.g. "{personalId}" or "hs{hash:10}" (overrides accounts.username)';
    const domainOpt = vi ? 'tên miền email của trường (ghi đè accounts.domain)' : 'school email domain (overrides accounts.domain)';
    const assignmentsOpt = vi ? 'tệp phân công giảng dạy (Lớp, Mã giáo viên, Môn): thêm lớp theo môn' : 'teaching assignments file (class, teacher id, subject): adds subject sections';
    accountsSub('export')
      .description(vi ? 'ghi tệp tài khoản và ghi danh cho Moodle, Google Workspace/Classroom, Microsoft SDS hoặc OneRoster 1.2' : 'write the account and enrolment files for Moodle, Google Workspace/Classroom, Microsoft SDS or OneRoster 1.2')
      .addOption(new Option('-f, --format <platform>', vi ? 'nền tảng' : 'platform').choices(['moodle', 'google', 'microsoft', 'oneroster']).makeOptionMandatory())
      .requiredOption('-o, --out <dir>', vi ? 'thư mục ghi các tệp (0600)' : 'folder for the files (0600)')
      .option('--passwords', vi ? 'tạo mật khẩu ban đầu (CSPRNG) vào tệp riêng passwords.csv (0600)' : 'generate initial passwords (CSPRNG) into a separate passwords.csv (0600)')
      .option('--username <rule>', usernameOpt)
      .option('--domain <domain>', domainOpt)
      .option('--school-year <yyyy-yyyy>', vi ? 'năm học (mặc định: năm học của hôm nay)' : 'school year (default: the one containing today)')
      .option('--assignments <file>', assignmentsOpt)
      .addOption(new Option('--report <format>', vi ? 'tóm tắt trên stdout' : 'summary on stdout').choices(['text', 'json']).default('text'))
      .action(async (opts) => {
        const { runAccountsExport } = await import('./commands/accounts.js');
        result.code = await runAccountsExport(opts, ctx);
      });
    accountsSub('diff')
      .description(vi ? 'tài khoản cần tạo, cập nhật, tạm khoá (học sinh đã rời trường) kể từ lần xuất trước' : 'accounts to create, update, suspend (students who left) since the last export')
      .option('--username <rule>', usernameOpt)
      .option('--domain <domain>', domainOpt)
      .option('--assignments <file>', assignmentsOpt)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .action(async (opts) => {
        const { runAccountsDiff } = await import('./commands/accounts.js');
        result.code = await runAccountsDiff(opts, ctx);
      });
    accountsSub('audit')
      .description(vi ? 'đối chiếu danh sách người tham gia (Zoom, Teams, Google Meet/Classroom, Moodle) với danh sách lớp: người lạ, vắng, trùng tài khoản, sai mã định danh' : 'check participant lists (Zoom, Teams, Google Meet/Classroom, Moodle) against the class roster: intruders, absent, duplicate accounts, identifier mismatches')
      .argument('<files...>', vi ? 'tệp người tham gia hoặc danh sách người dùng xuất từ nền tảng' : 'participant lists or platform user exports')
      .option('--roster <file>', vi ? 'danh sách lớp (Mã định danh, Họ và tên, Lớp, Email trường) thay cho dữ liệu đã nhập' : 'class list (personal ID, full name, class, school email) instead of the store')
      .option('--class <id>', vi ? 'mọi tệp là của lớp này (mặc định: suy ra từ người tham gia)' : 'every file is about this class (default: inferred from the participants)')
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'xlsx']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .action(async (files: string[], opts) => {
        const { runAccountsAudit } = await import('./commands/accounts.js');
        result.code = await runAccountsAudit(files, opts, ctx);
      });
  }

  // push / simulator (issue 7 items 1–3): delivery to a csdl-style endpoint, and the local server.
  {
    const vi = locale === 'vi';
    const collect = (value: string, previous: string[] = []): string[] => [...previous, value];
    sub('push')
      .description(vi ? 'gửi dữ liệu trong kho tới điểm nhận kiểu csdl đúng một lần (mặc định chỉ hiện kế hoạch; --apply để gửi)' : 'send the store\'s data to a csdl-style endpoint exactly once (shows the plan unless --apply)')
      .option('--db <file>', t.optDb)
      .option('-c, --config <file>', vi ? 'tệp cấu hình chứa targets[] (mặc định ./edusync.config.json hoặc $EDUSYNC_CONFIG)' : 'config file with targets[] (default ./edusync.config.json or $EDUSYNC_CONFIG)')
      .option('--target <name>', vi ? 'tên điểm nhận trong targets[] của tệp cấu hình' : 'target name from targets[] of the config file')
      .option('--url <url>', vi ? 'địa chỉ API của điểm nhận (https; http chỉ cho 127.0.0.1), hoặc $EDUSYNC_PUSH_URL' : 'API base URL of the target (https; http only on 127.0.0.1), or $EDUSYNC_PUSH_URL')
      .option('--client-id <id>', vi ? 'client_id OAuth2 (hoặc $EDUSYNC_PUSH_CLIENT_ID); khoá bí mật chỉ lấy từ $EDUSYNC_PUSH_CLIENT_SECRET' : 'OAuth2 client id (or $EDUSYNC_PUSH_CLIENT_ID); the secret comes only from $EDUSYNC_PUSH_CLIENT_SECRET')
      .addOption(new Option('--apply', vi ? 'gửi thật (mặc định chỉ hiện kế hoạch)' : 'really send (default: show the plan only)').conflicts('dryRun'))
      .option('--dry-run', vi ? 'chỉ hiện kế hoạch (mặc định)' : 'show the plan only (the default)')
      .option('--retry-rejected', vi ? 'gửi lại cả các bản ghi máy chủ đã từ chối mà chưa đổi' : 'also resend records the server rejected that have not changed since')
      .option('--school <id>', vi ? 'chỉ trường có mã này' : 'only the school with this code')
      .option('--batch-size <n>', vi ? 'số bản ghi mỗi lô (tối đa 500)' : 'records per batch (at most 500)', positiveInt)
      .option('--timeout <ms>', vi ? 'thời gian chờ mỗi yêu cầu, mili giây (mặc định 30000)' : 'per-request timeout in ms (default 30000)', positiveInt)
      .option('--retry-base-ms <ms>', vi ? 'thời gian chờ cơ sở khi thử lại (mặc định 500)' : 'backoff base in ms (default 500)', positiveInt)
      .option('--retry-cap-ms <ms>', vi ? 'thời gian chờ tối đa giữa hai lần thử (mặc định 60000)' : 'backoff cap in ms (default 60000)', positiveInt)
      .option('--max-attempts <n>', vi ? 'số lần thử mỗi lô khi lỗi mạng/5xx (mặc định 8)' : 'attempts per batch on network errors/5xx (default 8)', positiveInt)
      .option('--retry-budget <n>', vi ? 'tổng số lần thử lại cho cả lượt chạy (mặc định 500)' : 'retries allowed for the whole run (default 500)', positiveInt)
      .option('--receipt <file>', vi ? 'tệp biên nhận (mặc định edusync-receipts/push-<lượt>.json cạnh cơ sở dữ liệu)' : 'receipt file (default edusync-receipts/push-<run>.json beside the database)')
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json']).default('text'))
      .addOption(new Option('--log-format <format>', vi ? 'nhật ký trên stderr: text hoặc json (mặc định $EDUSYNC_LOG_FORMAT hoặc text)' : 'logs on stderr: text or json (default $EDUSYNC_LOG_FORMAT or text)').choices(['text', 'json']))
      .action(async (opts) => {
        const { runPushCommand } = await import('./commands/push.js');
        result.code = await runPushCommand(opts, ctx);
      });
    sub('simulator')
      .description(vi ? 'chạy máy chủ giả lập điểm nhận kiểu csdl trên 127.0.0.1 (có chèn lỗi), in địa chỉ API ở dòng đầu' : 'run the local csdl-style endpoint simulator on 127.0.0.1 (with fault injection); prints the API URL first')
      .option('--port <n>', vi ? 'cổng (0 = ngẫu nhiên; mặc định 0)' : 'port (0 = random; default 0)', portNumber)
      .option('--db <file>', vi ? 'tệp SQLite giữ trạng thái qua các lần khởi động (mặc định: trong bộ nhớ)' : 'SQLite file keeping its state across restarts (default: in memory)')
      .option('--scenario <file>', vi ? 'tệp kịch bản JSON (hạt giống, lỗi, tài khoản, khoá kỳ)' : 'scenario JSON file (seed, faults, clients, period locks)')
      .option('--seed <n>', t.optSeed, positiveInt)
      .option('--fault-rate <rate>', vi ? 'tỉ lệ yêu cầu ghi bị chèn lỗi, 0..1' : 'share of write requests faulted, 0..1', fraction)
      .option('--faults <list>', vi ? 'loại lỗi: all hoặc 429,500,502,503,slow,reset,drop,duplicate,token-expiry' : 'fault kinds: all or 429,500,502,503,slow,reset,drop,duplicate,token-expiry')
      .option('--retry-after <s>', vi ? 'giá trị Retry-After (giây) của 429/503' : 'Retry-After (seconds) sent with 429/503', positiveInt)
      .option('--slow-ms <ms>', vi ? 'độ trễ của lỗi slow (mili giây)' : 'delay of the slow fault (ms)', positiveInt)
      .option('--token-ttl <s>', vi ? 'thời hạn mã truy cập (giây)' : 'access token lifetime (seconds)', positiveInt)
      .option('--rate-limit <n>', vi ? 'số yêu cầu ghi mỗi giây trước khi trả 429 (0 = không giới hạn)' : 'write requests per second before 429 (0 = none)', positiveInt)
      .option('--client <id:secret[:schools]>', vi ? 'tài khoản ứng dụng (lặp lại được); mặc định lấy $EDUSYNC_PUSH_CLIENT_ID/SECRET hoặc demo:demo-secret' : 'a client (repeatable); default $EDUSYNC_PUSH_CLIENT_ID/SECRET or demo:demo-secret', collect)
      .option('--lock <year>', vi ? 'khoá kỳ của năm học YYYY-YYYY (lặp lại được)' : 'lock the period of school year YYYY-YYYY (repeatable)', collect)
      .option('--async-outcomes', vi ? 'trả 202 không kèm kết quả từng bản ghi (máy khách đọc GET /lo/{ma_lo}/ket-qua)' : 'answer 202 without the per-record outcomes (clients read GET /lo/{ma_lo}/ket-qua)')
      .action(async (opts) => {
        const { runSimulator } = await import('./commands/simulator.js');
        result.code = await runSimulator(opts, ctx);
      });
  }

  // report (issue 6): the TT 24/2018 and TT 25/2024 statistical forms from the store.
  {
    const vi = locale === 'vi';
    sub('report')
      .description(vi ? 'lập báo cáo thống kê (TT 24/2018, TT 25/2024) cấp trường, xã/Phòng hoặc tỉnh/Sở từ dữ liệu đã nhập' : 'build the statistical reports (TT 24/2018, TT 25/2024) at school, commune/Phòng or province/Sở level from the store')
      .argument('<kind>', vi ? 'tt24 (lập từ cơ sở dữ liệu) hoặc merge (gộp các tệp báo cáo cấp trường)' : 'tt24 (build from the store) or merge (combine school-level report workbooks)')
      .argument('[paths...]', vi ? 'với merge: thư mục hoặc tệp .xlsx báo cáo của các trường' : 'with merge: folders or .xlsx report workbooks of the schools')
      .addOption(new Option('--level <level>', vi ? 'cấp tổng hợp' : 'aggregation level').choices(['school', 'commune', 'province']).default('school'))
      .requiredOption('--period <period>', vi ? 'kỳ báo cáo, ví dụ 2025-2026/dau-nam hoặc 2025-2026/cuoi-nam' : 'report period, e.g. 2025-2026/dau-nam or 2025-2026/cuoi-nam')
      .option('--regroup <year>', vi ? 'sắp xếp lại theo đơn vị hành chính mới để so sánh (2025)' : 're-group into the new administrative units for comparison (2025)')
      .option('--form <ids>', vi ? 'chỉ các biểu này (phân cách bằng dấu phẩy, ví dụ th-dau-nam)' : 'only these forms (comma-separated, e.g. th-dau-nam)')
      .option('--unit <codes>', vi ? 'chỉ các đơn vị này (mã trường, mã huyện/xã, mã tỉnh); với merge: mã đơn vị tổng hợp' : 'only these units (school, district/commune or province codes); with merge: the code of the merged unit')
      .option('--unit-name <name>', vi ? 'với merge: tên đơn vị tổng hợp (Phòng/Sở)' : 'with merge: the name of the merged unit (Phòng/Sở)')
      .option('--snapshot <yyyy-mm>', vi ? 'đọc ảnh chụp của đúng kỳ này thay vì kỳ mới nhất trong năm học' : 'read the snapshots of exactly this month instead of the latest in the period')
      .option('--db <file>', t.optDb)
      .addOption(new Option('-f, --format <format>', t.optFormat).choices(['text', 'json', 'csv', 'xlsx', 'html']).default('text'))
      .option('-o, --out <file>', t.optOut)
      .option('--no-save', vi ? 'không lưu báo cáo vào cơ sở dữ liệu (mở chỉ đọc)' : 'do not keep the report in the database (opens it read-only)')
      .action(async (kind: string, paths: string[], opts) => {
        const { runReport } = await import('./commands/report.js');
        result.code = await runReport(kind, opts, ctx, paths);
      });
  }

  return program;
}
