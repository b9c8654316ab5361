/**
 * A self-contained HTML page for people: a table per form and unit with the official labels, and
 * a small inline SVG bar chart of each sheet's first breakdown. No script, no network.
 */
import type { Locale } from '../errors.js';
import type { FormReport, ReportSet } from './aggregate.js';
import { findingText } from './checks.js';

const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const num = (v: number | null): string => (v === null ? '×' : v.toLocaleString('vi-VN'));

/** Bars for the rows of the sheet's first row group, column 1 (total). */
function chart(rep: FormReport, sheetId: string): string {
  const sheet = rep.form.sheets.find((s) => s.id === sheetId)!;
  const grid = rep.sheets[sheetId]!;
  const group = sheet.rows.find((r) => r.group)?.group;
  if (!group) return '';
  const bars = sheet.rows.map((r, i) => ({ label: r.label.replace(/^[–+-]\s*/, ''), v: grid[i]![0] ?? 0, g: r.source ? undefined : r.group })).filter((b) => b.g === group);
  if (bars.length < 2) return '';
  const max = Math.max(1, ...bars.map((b) => b.v));
  const h = 18;
  const w = 360;
  const body = bars
    .map((b, i) => {
      const len = Math.round((b.v / max) * 200);
      return `<text x="0" y="${i * h + 13}" font-size="11">${esc(b.label.slice(0, 26))}</text><rect x="150" y="${i * h + 3}" width="${len}" height="12" fill="#3b6ea8"/><text x="${155 + len}" y="${i * h + 13}" font-size="11">${num(b.v)}</text>`;
    })
    .join('');
  return `<figure><figcaption>${esc(group)}</figcaption><svg xmlns="http://www.w3.org/2000/svg" width="${w + 60}" height="${bars.length * h + 4}" role="img" aria-label="${esc(group)}">${body}</svg></figure>`;
}

function table(rep: FormReport, sheetId: string): string {
  const sheet = rep.form.sheets.find((s) => s.id === sheetId)!;
  const grid = rep.sheets[sheetId]!;
  const grouped = sheet.columns.some((c) => c.group);
  let head = '<tr><th rowspan="2">Mã số</th><th rowspan="2">Chỉ tiêu</th><th rowspan="2">Đơn vị tính</th>';
  let sub = '';
  if (grouped) {
    let i = 0;
    while (i < sheet.columns.length) {
      const c = sheet.columns[i]!;
      if (!c.group) {
        head += `<th rowspan="2">${esc(c.label)}</th>`;
        i++;
        continue;
      }
      let j = i;
      while (j < sheet.columns.length && sheet.columns[j]!.group === c.group) {
        const col = sheet.columns[j++]!;
        sub += `<th>${esc(col.subgroup ? `${col.subgroup}: ${col.label}` : col.label)}</th>`;
      }
      head += `<th colspan="${j - i}">${esc(c.group)}</th>`;
      i = j;
    }
    head += `</tr><tr>${sub}</tr>`;
  } else {
    head = `<tr><th>Mã số</th><th>Chỉ tiêu</th><th>Đơn vị tính</th>${sheet.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>`;
  }
  const body = sheet.rows
    .map((r, i) => `<tr><td>${esc(r.code)}</td><td class="l">${esc(r.tt ? `${r.tt} ${r.label}` : r.label)}${r.source ? ` <small title="${esc(r.note ?? '')}">(${esc(r.source)})</small>` : ''}</td><td>${esc(r.unit)}</td>${grid[i]!.map((v) => `<td class="n">${r.source ? '' : num(v)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<h3>${esc(sheet.title)}</h3><table><thead>${head}</thead><tbody>${body}</tbody></table>${chart(rep, sheetId)}`;
}

export function renderHtml(set: ReportSet, locale: Locale): string {
  const sections = set.reports
    .map(
      (rep) => `<section><h2>Biểu ${esc(rep.formCode)} — ${esc(rep.form.title)}</h2>
<p>${esc(rep.form.subtitle)} · Năm học ${esc(set.period.schoolYear)} · ${esc(set.period.regime.title)}</p>
<p>Đơn vị: <b>${esc(rep.unit.code)} ${esc(rep.unit.name)}</b> · ${rep.schools.length} trường</p>
${rep.form.sheets.map((s) => table(rep, s.id)).join('\n')}</section>`,
    )
    .join('\n');
  const findings = set.findings.length
    ? `<section><h2>Kiểm tra tính nhất quán / Consistency findings (${set.findings.length})</h2><ul>${set.findings.map((f) => `<li><code>${f.code}</code> [${f.severity}] ${f.unit ? `${esc(f.unit)} · ` : ''}${f.form ? `${esc(f.form)} · ` : ''}${esc(findingText(f, locale))}</li>`).join('')}</ul></section>`
    : '<section><h2>Kiểm tra tính nhất quán</h2><p>Không có phát hiện nào. / No findings.</p></section>';
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>Báo cáo thống kê ${esc(set.period.id)}</title>
<style>body{font-family:"Times New Roman",serif;margin:2em;color:#111}table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #777;padding:2px 6px;font-size:13px}th{background:#eef2f7}td.n{text-align:right}td.l{text-align:left}figure{margin:0 0 1.5em}figcaption{font-size:12px;font-style:italic}section{margin-bottom:2em}</style>
</head><body>
<h1>Báo cáo thống kê giáo dục — ${esc(set.period.id)}</h1>
<p>Số liệu tại ngày ${esc(set.period.referenceDate)} · cấp ${esc(set.level)} · đơn vị hành chính ${esc(set.scheme)}${set.regrouped ? ' (sắp xếp lại theo đơn vị sau 1/7/2025 để so sánh)' : ''}</p>
${sections}
${findings}
</body></html>
`;
}
