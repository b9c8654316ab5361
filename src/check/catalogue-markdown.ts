/**
 * `docs/rules.md`, generated from rule metadata (`npm run docs`; a test fails when the file and
 * this output differ). Vietnamese first, then English, for every code.
 */
import type { RuleMeta } from '../rules/types.js';
import { allRuleMetas } from './catalogue.js';

const SEVERITY_VI: Record<RuleMeta['defaultSeverity'], string> = { error: 'lỗi', warning: 'cảnh báo', info: 'thông tin' };
const SCOPE_VI: Record<RuleMeta['scope'], string> = { cell: 'ô', row: 'dòng', table: 'bảng', 'cross-file': 'nhiều tệp' };
const ENTITY_VI: Record<string, string> = { '*': 'mọi đối tượng', student: 'học sinh', teacher: 'cán bộ, giáo viên', class: 'lớp', school: 'trường', result: 'kết quả học tập' };
const ENTITY_EN: Record<string, string> = { '*': 'any entity', student: 'students', teacher: 'teachers and staff', class: 'classes', school: 'schools', result: 'results' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function ruleSection(meta: RuleMeta): string {
  const lines: string[] = [];
  lines.push(`## ${meta.code} ${meta.title.vi} / ${meta.title.en}`, '', `\`${meta.id}\``, '');
  lines.push(`- **Đối tượng / Entities:** ${meta.entities.map((e) => ENTITY_VI[e] ?? e).join(', ')} / ${meta.entities.map((e) => ENTITY_EN[e] ?? e).join(', ')}`);
  lines.push(`- **Phạm vi / Scope:** ${SCOPE_VI[meta.scope]} / ${meta.scope}`);
  lines.push(`- **Mức mặc định / Default severity:** ${SEVERITY_VI[meta.defaultSeverity]} / ${meta.defaultSeverity}`);
  lines.push(`- **Căn cứ / Legal basis:** ${meta.legalBasis}`, '');
  lines.push(meta.docs.vi, '', `*${meta.docs.en}*`, '');
  lines.push('| messageId | Tiếng Việt | English |', '|---|---|---|');
  for (const [id, m] of Object.entries(meta.messages)) lines.push(`| \`${id}\` | ${cell(m.vi)} | ${cell(m.en)} |`);
  lines.push('');
  return lines.join('\n');
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens (diacritics kept). */
function anchor(m: RuleMeta): string {
  return `${m.code} ${m.title.vi} / ${m.title.en}`
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

export function renderRuleCatalogue(metas: RuleMeta[] = allRuleMetas()): string {
  const out: string[] = [
    '# Danh mục quy tắc kiểm tra / Rule catalogue',
    '',
    '<!-- Sinh tự động từ metadata của quy tắc (src/check/catalogue-markdown.ts): chạy `npm run docs`, không sửa tay. -->',
    '<!-- Generated from rule metadata (src/check/catalogue-markdown.ts): run `npm run docs`, do not edit by hand. -->',
    '',
    'Mỗi phát hiện có một mã ổn định (không bao giờ dùng lại). Mức độ mặc định có thể đổi trong bộ quy tắc của năm học (`schemas/rulesets/`); `{{…}}` là chỗ điền giá trị khi hiển thị.',
    '',
    '*Every finding has a stable code (never reused). Default severities can be changed in the school year\'s rule set (`schemas/rulesets/`); `{{…}}` marks values filled in when shown.*',
    '',
    '| Mã / Code | Quy tắc | Rule | Mức / Severity | Phạm vi / Scope |',
    '|---|---|---|---|---|',
  ];
  for (const m of metas) {
    out.push(`| [${m.code}](#${anchor(m)}) | ${cell(m.title.vi)} | ${cell(m.title.en)} | ${m.defaultSeverity} | ${m.scope} |`);
  }
  out.push('');
  for (const m of metas) out.push(ruleSection(m));
  return `${out.join('\n').trimEnd()}\n`;
}
