/**
 * The starting config written by `edusync init`. JSON has no comments, so every section carries
 * a `$comment` in Vietnamese and English (the schema allows one on every object).
 */
import type { ConfigFile } from './schema.js';

export function configTemplate(schemaRef: string): ConfigFile {
  return {
    $schema: schemaRef,
    $comment: [
      'vi: Cấu hình cho "edusync run" (chạy cả quy trình, ví dụ bằng cron). Đường dẫn tính từ thư mục chứa tệp này. Biến môi trường EDUSYNC_* và tuỳ chọn dòng lệnh ghi đè các giá trị ở đây. Không ghi mật khẩu hay mã truy cập vào tệp này.',
      'en: Configuration of "edusync run" (the whole pipeline, e.g. under cron). Paths are relative to this file\'s folder. EDUSYNC_* environment variables and command-line flags override what is here. Never put passwords or tokens in this file.',
    ],
    locale: 'vi',
    store: {
      $comment: [
        'vi: Tệp cơ sở dữ liệu SQLite lưu các ảnh chụp hằng tháng (EDUSYNC_DB, --db).',
        'en: SQLite database holding the monthly snapshots (EDUSYNC_DB, --db).',
      ],
      path: 'edusync.db',
    },
    ruleSet: '2025-2026',
    schools: [
      {
        $comment: [
          'vi: Mỗi trường: mã trường và các tệp/thư mục/mẫu glob (* và **) chứa dữ liệu của trường. Kỳ dữ liệu (period, YYYY-MM) mặc định là tháng hiện tại (EDUSYNC_PERIOD, --period).',
          'en: One entry per school: its code and the files/folders/globs (* and **) holding its data. The period (YYYY-MM) defaults to the current month (EDUSYNC_PERIOD, --period).',
        ],
        id: '00000000',
        name: 'Trường THCS Mẫu',
        inputs: ['du-lieu/truong-mau/*.xlsx'],
      },
    ],
    import: {
      $comment: [
        'vi: false = chỉ xem kế hoạch (mới, thay đổi, chuyển lớp, rời trường, bị từ chối); true = ghi ảnh chụp vào cơ sở dữ liệu (EDUSYNC_APPLY, --apply).',
        'en: false = plan only (new, updated, moved, left, rejected); true = write the snapshot to the database (EDUSYNC_APPLY, --apply).',
      ],
      apply: false,
    },
    log: {
      $comment: [
        'vi: format "json" = mỗi dòng một đối tượng JSON trên stderr, cho cron (EDUSYNC_LOG_FORMAT, --log-format); nhật ký không bao giờ chứa tên, mã định danh hay giá trị. summaryDir: thư mục ghi tệp tóm tắt của mỗi lần chạy.',
        'en: format "json" = one JSON object a line on stderr, for cron (EDUSYNC_LOG_FORMAT, --log-format); logs never carry names, IDs or values. summaryDir: where each run writes its summary file.',
      ],
      format: 'text',
      summaryDir: 'edusync-runs',
    },
    report: {
      $comment: [
        'vi: "edusync run" lập báo cáo TT24/TT25 sau khi nhập: kỳ báo cáo mặc định là kỳ chứa tháng dữ liệu (tháng 8–12 → đầu năm, 1–7 → cuối năm); lưu vào kho khi import.apply. Thêm "reconcile": [{ "left", "right", "out" }] để đối chiếu hai nguồn, và "push": { "target": TÊN } cùng một điểm nhận trong targets để gửi (chỉ gửi thật khi import.apply).',
        'en: "edusync run" builds the TT24/TT25 report after the import: the report period defaults to the one holding the data month (months 8–12 → start of year, 1–7 → end of year); kept in the store when import.apply. Add "reconcile": [{ "left", "right", "out" }] to link two sources, and "push": { "target": NAME } with a target in targets to send (sent only when import.apply).',
      ],
      level: 'school',
      formats: ['xlsx'],
      outDir: 'bao-cao',
    },
    targets: [],
    exports: {
      $comment: [
        'vi: Lệnh export (mẫu nhập Excel của cổng CSDL ngành): fields = tối đa những trường được rời máy; sensitiveFields = trường nhạy cảm được phép xuất, chỉ khi mẫu cần (dân tộc, loại khuyết tật). Mặc định không xuất trường nhạy cảm nào.',
        'en: The export command (the portal\'s Excel import templates): fields = the most that may leave the machine; sensitiveFields = sensitive fields allowed out, only where the template needs them (ethnicity, disability type). By default no sensitive field is exported.',
      ],
      templates: {
        'csdl-students': { sensitiveFields: [], maxRowsPerFile: 5000 },
      },
    },
    retention: {
      $comment: [
        'vi: Giữ ảnh chụp và kết quả kiểm tra bao nhiêu tháng; "edusync purge" không có --before xoá phần cũ hơn (mặc định 24). Báo cáo tổng hợp và nhật ký kiểm toán không bị xoá.',
        'en: How many months snapshots and findings are kept; "edusync purge" without --before deletes what is older (default 24). Aggregate reports and the audit trail are never deleted.',
      ],
      months: 24,
    },
    lock: {
      $comment: [
        'vi: Tệp khoá để hai lần chạy không chồng lên nhau; khoá của một tiến trình đã chết được tự động thay.',
        'en: Lock file so that two runs never overlap; a lock left by a dead process is taken over automatically.',
      ],
      path: 'edusync.lock',
    },
    accounts: {
      $comment: [
        'vi: Lệnh accounts (TT 09/2021 Điều 15.1.i): tên đăng nhập theo mã định danh — {personalId}, hoặc hs{hash:10} để không lộ 12 chữ số; domain: tên miền email của trường; orgUnit: đơn vị tổ chức Google.',
        'en: The accounts command (TT 09/2021 art. 15.1.i): usernames from the personal identifier — {personalId}, or hs{hash:10} to keep the 12 digits out of sight; domain: the school email domain; orgUnit: the Google org unit.',
      ],
      username: '{personalId}',
      orgUnit: '/{schoolId}/{role}',
    },
  };
}
