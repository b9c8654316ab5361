/**
 * Review decisions: read from the review workbook or a CSV (a "Khoá cặp / Pair key" column and a
 * "Quyết định / Decision" column), kept in the store, and looked up while linking.
 */
import { InputError } from '../errors.js';
import { openFile } from '../io/read.js';
import type { CellValue } from '../io/types.js';
import type { DecisionLookup } from './link.js';
import type { Fingerprints } from './fingerprint.js';

export type Decision = 'same' | 'different';

export interface DecisionRow {
  leftKey: string;
  rightKey: string;
  decision: Decision;
}

const SAME = new Set(['same', 'giống', 'giong', 'cùng', 'cung', 'đúng', 'dung', 'yes', 'y', 'có', 'co', '1', 'x', 'trùng', 'trung', 'là một', 'la mot']);
const DIFFERENT = new Set(['different', 'khác', 'khac', 'no', 'n', 'không', 'khong', '0', 'sai']);
const KEY = /^([0-9a-f]{32}):([0-9a-f]{32})$/;

function cellText(c: CellValue | undefined): string {
  if (c === null || c === undefined) return '';
  if (typeof c === 'object') return c.iso;
  return String(c).normalize('NFC').trim();
}

export function parseDecision(text: string): Decision | undefined | 'invalid' {
  const t = text.toLowerCase().trim();
  if (t === '') return undefined;
  if (SAME.has(t)) return 'same';
  if (DIFFERENT.has(t)) return 'different';
  return 'invalid';
}

/** Reads decisions from a review workbook or CSV; rows left blank are skipped. */
export async function readDecisions(path: string): Promise<DecisionRow[]> {
  const out: DecisionRow[] = [];
  // The review workbook has other sheets (links, one-side rows): only sheets with both columns count.
  let found = false;
  for (const source of await openFile(path)) {
    let keyCol = -1;
    let decisionCol = -1;
    for await (const batch of source.rows) {
      for (const row of batch) {
        const cells = row.cells.map(cellText);
        if (keyCol < 0) {
          keyCol = cells.findIndex((c) => /khoá cặp|khóa cặp|pair key/i.test(c));
          decisionCol = cells.findIndex((c) => /quyết định|decision/i.test(c));
          if (keyCol < 0 || decisionCol < 0) keyCol = -1;
          continue;
        }
        const decision = parseDecision(cells[decisionCol] ?? '');
        if (decision === undefined) continue;
        const key = KEY.exec(cells[keyCol] ?? '');
        if (decision === 'invalid' || key === null) {
          throw new InputError({ file: source.file, sheet: source.sheet, row: row.row }, 'bad-decision', {
            vi: 'quyết định phải là "giống" (same) hoặc "khác" (different), cạnh một khoá cặp do edusync ghi.',
            en: 'a decision must be "same" (giống) or "different" (khác), next to a pair key written by edusync.',
          });
        }
        out.push({ leftKey: key[1]!, rightKey: key[2]!, decision });
      }
    }
    if (keyCol >= 0) found = true;
  }
  if (!found) {
    throw new InputError({ file: path }, 'no-decisions', {
      vi: 'không thấy cột "Khoá cặp / Pair key" và "Quyết định / Decision" (dùng sổ đối chiếu edusync ghi, hoặc CSV có hai cột đó).',
      en: 'no "Khoá cặp / Pair key" and "Quyết định / Decision" columns (use the review workbook edusync wrote, or a CSV with those two columns).',
    });
  }
  return out;
}

/** Decisions by fingerprint pair, resolved to the rows of this run. */
export function decisionLookup(rows: readonly DecisionRow[], left: Fingerprints, right: Fingerprints): DecisionLookup {
  const byKey = new Map<string, Decision>();
  for (const d of rows) byKey.set(`${d.leftKey}:${d.rightKey}`, d.decision);
  return {
    size: byKey.size,
    get(l, r) {
      return byKey.get(`${left.of(l)}:${right.of(r)}`);
    },
    sames() {
      if (byKey.size === 0) return [];
      const li = left.index();
      const ri = right.index();
      const out: Array<[number, number]> = [];
      for (const d of rows) {
        if (byKey.get(`${d.leftKey}:${d.rightKey}`) !== 'same') continue;
        const l = li.get(d.leftKey);
        const r = ri.get(d.rightKey);
        if (l !== undefined && r !== undefined) out.push([l, r]);
      }
      return out;
    },
  };
}
