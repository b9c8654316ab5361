/**
 * Text and JSON output of a reconciliation (JSON documented in docs/reconcile-format.md). The JSON
 * is written one pair a line, so a million pairs never become one giant string. Neither format
 * carries names or numbers: positions (file, sheet, row), scores and which fields agreed.
 */
import type { Locale } from '../errors.js';
import { createPrivateWriteStream } from '../io/write-file.js';
import type { ReconcileResult } from './index.js';
import { describe } from './score.js';
import { RC_MESSAGES } from './checks.js';
import type { SourceTable } from './table.js';

export interface PairJson {
  status: 'matched' | 'probable' | 'conflict' | 'only-left' | 'only-right';
  score: number | null;
  left: { file: string; sheet?: string; row: number } | null;
  right: { file: string; sheet?: string; row: number } | null;
  agreed: string[];
  disagreed: string[];
  via?: 'identifier' | 'model' | 'decision';
  conflict?: string;
  key?: string;
}

export function summary(r: ReconcileResult): Record<string, number> {
  const s = { left: r.left.n, right: r.right.n, matched: 0, matchedByIdentifier: 0, matchedByModel: 0, matchedByDecision: 0, probable: 0, conflicts: 0, onlyLeft: r.link.onlyLeft.length, onlyRight: r.link.onlyRight.length, compared: r.link.stats.compared, findings: r.findings.length };
  for (const p of r.link.pairs) {
    if (p.status === 'matched') {
      s.matched++;
      if (p.via === 'identifier') s.matchedByIdentifier++;
      else if (p.via === 'decision') s.matchedByDecision++;
      else s.matchedByModel++;
    } else if (p.status === 'probable') s.probable++;
    else s.conflicts++;
  }
  return s;
}

const ORDER = { conflict: 0, probable: 1, matched: 2 } as const;

/** Every pair, conflicts and reviews first, then links, then the unlinked rows of each side. */
export function* pairsJson(r: ReconcileResult): Generator<PairJson> {
  const pairs = [...r.link.pairs].sort((a, b) => ORDER[a.status] - ORDER[b.status] || b.score - a.score || a.left - b.left);
  for (const p of pairs) {
    const { agreed, disagreed } = describe(p.levels);
    const out: PairJson = {
      status: p.status,
      score: Math.round(p.score * 100) / 100,
      left: r.left.position(p.left),
      right: r.right.position(p.right),
      agreed,
      disagreed,
      via: p.via,
    };
    if (p.conflict) out.conflict = p.conflict;
    if (p.status !== 'matched' || p.via === 'decision') out.key = `${r.leftPrints.of(p.left)}:${r.rightPrints.of(p.right)}`;
    yield out;
  }
  for (const i of r.link.onlyLeft) yield { status: 'only-left', score: null, left: r.left.position(i), right: null, agreed: [], disagreed: [] };
  for (const i of r.link.onlyRight) yield { status: 'only-right', score: null, left: null, right: r.right.position(i), agreed: [], disagreed: [] };
}

function files(t: SourceTable): string[] {
  return [...new Set(t.tables.map((x) => x.file))];
}

/**
 * What a JSON or text result file carries, for its audit row. No name, number or birthday is
 * written out, but the rows' positions point at people in the source files and each pair key is
 * an unsalted hash of a person's folded name, birthday and numbers (fingerprint.ts): hashed
 * identifiers are still personal data under Vietnam's law, which knows no pseudonymised tier
 * (../shared/domain/csdl-integration.md §3.2). So these files are recorded too, by what they hold.
 */
export const RESULT_FIELDS: Readonly<Record<'json' | 'text', readonly string[]>> = {
  json: ['pairKey', 'sourcePosition'],
  text: ['sourcePosition'],
};

/** The JSON written to `path` (0600, atomic) piece by piece, never as one string. */
export async function writeJsonFile(r: ReconcileResult, path: string): Promise<void> {
  const stream = createPrivateWriteStream(path, { atomic: true });
  for (const chunk of formatJsonChunks(r)) if (!stream.write(chunk)) await new Promise<void>((res) => stream.once('drain', () => res()));
  await new Promise<void>((res, rej) => stream.end((e?: Error | null) => (e ? rej(e) : res())));
}

/** JSON text in pieces (one pair per line inside the "pairs" array). */
export function* formatJsonChunks(r: ReconcileResult): Generator<string> {
  const head = {
    format: 'edusync-reconcile',
    version: 1,
    left: { files: files(r.left), records: r.left.n },
    right: { files: files(r.right), records: r.right.n },
    summary: summary(r),
    decisions: r.decisions,
    ...(r.identity ? { identity: r.identity } : {}),
    findings: r.findings,
    completion: r.completion,
  };
  const text = JSON.stringify(head, null, 2);
  yield `${text.slice(0, -2)},\n  "pairs": [\n`;
  let first = true;
  let buf = '';
  for (const p of pairsJson(r)) {
    buf += `${first ? '' : ',\n'}    ${JSON.stringify(p)}`;
    first = false;
    if (buf.length > 1 << 20) {
      yield buf;
      buf = '';
    }
  }
  yield `${buf}\n  ]\n}\n`;
}

function where(p: { file: string; sheet?: string | undefined; row: number }): string {
  return `${p.file}${p.sheet ? ` [${p.sheet}]` : ''}:${p.row}`;
}

export function formatText(r: ReconcileResult, locale: Locale, maxLines = 50): string {
  const s = summary(r);
  const vi = locale === 'vi';
  const lines: string[] = [];
  lines.push(vi ? `Đối chiếu: trái ${s.left} bản ghi, phải ${s.right} bản ghi.` : `Reconciliation: left ${s.left} records, right ${s.right} records.`);
  lines.push(
    vi
      ? `  Khớp: ${s.matched} (theo số định danh ${s.matchedByIdentifier}, theo mô hình ${s.matchedByModel}, theo quyết định ${s.matchedByDecision})`
      : `  Matched: ${s.matched} (by personal ID ${s.matchedByIdentifier}, by the model ${s.matchedByModel}, by decision ${s.matchedByDecision})`,
  );
  lines.push(vi ? `  Có thể khớp (cần xem xét): ${s.probable}` : `  Probable (needs review): ${s.probable}`);
  lines.push(vi ? `  Mâu thuẫn: ${s.conflicts}` : `  Conflicts: ${s.conflicts}`);
  lines.push(vi ? `  Chỉ có bên trái: ${s.onlyLeft}; chỉ có bên phải: ${s.onlyRight}` : `  Only left: ${s.onlyLeft}; only right: ${s.onlyRight}`);
  lines.push(vi ? `  Quyết định đã biết: ${r.decisions.known} (mới đọc ${r.decisions.read}, mới lưu ${r.decisions.saved})` : `  Known decisions: ${r.decisions.known} (read now ${r.decisions.read}, newly saved ${r.decisions.saved})`);
  if (r.identity) {
    const id = r.identity;
    lines.push(
      vi
        ? `  Bản đồ định danh: ${id.persons} người (mới ${id.created}; số đã thuộc người khác ${id.identifierConflicts}; người có thêm số thứ hai ${id.secondIdentifiers})`
        : `  Identity map: ${id.persons} persons (new ${id.created}; numbers already another person's ${id.identifierConflicts}; persons given a second number ${id.secondIdentifiers})`,
    );
  }
  const review = r.link.pairs.filter((p) => p.status !== 'matched').sort((a, b) => b.score - a.score);
  if (review.length > 0) {
    lines.push('', vi ? 'Cần xem xét:' : 'To review:');
    for (const p of review.slice(0, maxLines)) {
      const { agreed, disagreed } = describe(p.levels);
      const label = p.status === 'probable' ? (vi ? 'có thể khớp' : 'probable') : p.conflict === 'same-id-different-person' ? (vi ? 'cùng số, khác người' : 'same ID, different person') : vi ? 'cùng người, khác số' : 'same person, different ID';
      lines.push(`  ${label} ${p.score.toFixed(1)}: ${where(r.left.position(p.left))} ↔ ${where(r.right.position(p.right))}  + ${agreed.join(' ')}${disagreed.length ? `  − ${disagreed.join(' ')}` : ''}`);
    }
    if (review.length > maxLines) lines.push(vi ? `  … và ${review.length - maxLines} cặp nữa (xem --format json hoặc xlsx)` : `  … and ${review.length - maxLines} more pairs (see --format json or xlsx)`);
  }
  if (r.findings.length > 0) {
    lines.push('', vi ? 'Kiểm tra số định danh:' : 'Identifier checks:');
    const byCode = new Map<string, number>();
    for (const f of r.findings) byCode.set(f.code, (byCode.get(f.code) ?? 0) + 1);
    for (const [code, n] of [...byCode].sort()) lines.push(`  ${code} ${RC_MESSAGES[code as keyof typeof RC_MESSAGES][locale]}: ${n}`);
    for (const f of r.findings.slice(0, maxLines)) lines.push(`    ${f.code} ${where(f)}${f.other ? ` ↔ ${where(f.other)}` : ''}${f.data.parts ? ` (${f.data.parts})` : ''}`);
    if (r.findings.length > maxLines) lines.push(vi ? `    … và ${r.findings.length - maxLines} phát hiện nữa` : `    … and ${r.findings.length - maxLines} more findings`);
  }
  lines.push('', vi ? 'Tỉ lệ có số định danh theo trường:' : 'Personal ID completion by school:');
  for (const [side, list] of [['left', r.completion.left], ['right', r.completion.right]] as const) {
    for (const c of list.filter((x) => x.class === '')) lines.push(`  ${vi ? (side === 'left' ? 'trái' : 'phải') : side} ${c.school || '—'}: ${c.withId}/${c.records} (${(c.rate * 100).toFixed(1)}%)`);
  }
  return `${lines.join('\n')}\n`;
}
