/**
 * Personal values to look for in logs (issue 9 item 2): every name, personal ID, student/staff
 * code, phone number, email, date of birth and sensitive value (ethnicity, religion, disability,
 * health — fields flagged `sensitive` in schemas/entities/*.json) found in data files.
 *
 * Which column holds what comes from the entity schemas (labels and aliases), so a new personal
 * field in a schema is scanned without touching this file. Files are read with csv-parse (CSV,
 * `;`-CSV with a BOM, UTF-16 TSV) or ExcelJS (xlsx), raw: no repair, so the values are the ones a
 * careless log line would print — plus the repaired forms a log line could print after repair
 * (leading zeros restored, Excel serial dates as dates).
 *
 * Matching is by token, not by substring search of every secret over every log (that would be
 * secrets × log size): digit runs, dates, email-like tokens and word n-grams are pulled out of the
 * log text once and looked up in sets. A hit is reported by kind and length, never by value, so
 * the test output does not itself become the leak.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { ROOT } from '../helpers/run-cli.js';

export type SecretKind = 'name' | 'personalId' | 'code' | 'phone' | 'email' | 'dateOfBirth' | 'sensitive';

export interface Secrets {
  /** kind → values (normalised: NFC, trimmed, whitespace collapsed). */
  byKind: Map<SecretKind, Set<string>>;
  /** How many data rows the values came from (to prove the harvest found something). */
  rows: number;
}

interface SchemaField {
  key: string;
  label: string;
  labelEn?: string;
  type: string;
  sensitive?: boolean;
  aliases?: string[];
  padTo?: number;
}

const BOOLEAN_WORDS = new Set(['có', 'không', 'x', 'true', 'false', 'đúng', 'sai', '0', '1', 'yes', 'no']);

function norm(s: string): string {
  return s.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function headerKey(s: string): string {
  return norm(s).toLowerCase();
}

interface ColumnRule {
  kind: SecretKind;
  padTo?: number;
}

let labelRules: Map<string, ColumnRule> | undefined;

/** Header text (lower-case, NFC) → what kind of secret the column holds, from every entity schema. */
export function columnRules(): Map<string, ColumnRule> {
  if (labelRules) return labelRules;
  const rules = new Map<string, ColumnRule>();
  const dir = join(ROOT, 'schemas', 'entities');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { entity: string; fields: SchemaField[] };
    if (schema.entity === 'school' || schema.entity === 'class') {
      // School and class lists: only the people in them (principal, homeroom teacher).
      for (const f of schema.fields) {
        if (f.type === 'name') add(rules, f, { kind: 'name' });
      }
      continue;
    }
    for (const f of schema.fields) {
      let rule: ColumnRule | undefined;
      if (f.type === 'name') rule = { kind: 'name' };
      else if (f.type === 'personalId') rule = { kind: 'personalId', padTo: f.padTo ?? 12 };
      else if (f.type === 'phone') rule = { kind: 'phone', padTo: f.padTo ?? 10 };
      else if (f.type === 'email') rule = { kind: 'email' };
      else if (f.key === 'dateOfBirth') rule = { kind: 'dateOfBirth' };
      else if (f.key === 'studentId' || f.key === 'staffId' || f.key === 'socialInsuranceNo' || f.key === 'moetCode') rule = { kind: 'code' };
      else if (f.sensitive && (f.type === 'code' || f.type === 'text')) rule = { kind: 'sensitive' };
      if (rule) add(rules, f, rule);
    }
  }
  labelRules = rules;
  return rules;
}

function add(rules: Map<string, ColumnRule>, f: SchemaField, rule: ColumnRule): void {
  for (const label of [f.label, f.labelEn, ...(f.aliases ?? [])]) {
    if (!label) continue;
    const k = headerKey(label);
    // The first schema to claim a header wins; a name column stays a name column.
    if (!rules.has(k)) rules.set(k, rule);
  }
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

function dateForms(y: number, m: number, d: number): string[] {
  if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return [];
  return [`${pad2(d)}/${pad2(m)}/${y}`, `${y}-${pad2(m)}-${pad2(d)}`];
}

/** A date of birth as the text forms a log line could show it in (dd/mm/yyyy and yyyy-mm-dd). */
export function dateOfBirthForms(value: unknown): string[] {
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return [];
    return dateForms(value.getUTCFullYear(), value.getUTCMonth() + 1, value.getUTCDate());
  }
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  let m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (m) return dateForms(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})/.exec(text);
  if (m) return dateForms(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (m) return dateForms(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4,5})(?:\.0+)?$/.exec(text);
  if (m) {
    // An Excel serial day (1900 system): day 25569 is 1970-01-01.
    const date = new Date(Date.UTC(1970, 0, 1) + (Number(m[1]) - 25569) * 86_400_000);
    return dateOfBirthForms(date);
  }
  return [];
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    const o = v as { richText?: Array<{ text: string }>; text?: unknown; result?: unknown };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if (typeof o.text === 'string') return o.text;
    if (o.result !== undefined) return cellText(o.result);
    return '';
  }
  return String(v);
}

function addValue(secrets: Secrets, rule: ColumnRule, raw: unknown): void {
  const set = (k: SecretKind): Set<string> => {
    let s = secrets.byKind.get(k);
    if (!s) secrets.byKind.set(k, (s = new Set()));
    return s;
  };
  if (rule.kind === 'dateOfBirth') {
    for (const f of dateOfBirthForms(raw instanceof Date ? raw : cellText(raw))) set('dateOfBirth').add(f);
    return;
  }
  const text = norm(cellText(raw));
  if (text === '') return;
  switch (rule.kind) {
    case 'name':
      if (text.length >= 4 && /\p{L}/u.test(text)) set('name').add(text);
      return;
    case 'email':
      if (text.includes('@')) set('email').add(text.toLowerCase());
      return;
    case 'sensitive':
      if (text.length >= 3 && !BOOLEAN_WORDS.has(text.toLowerCase())) set('sensitive').add(text);
      return;
    default: {
      // IDs, codes and phones: the digits as written, and with the leading zeros restored.
      const compact = text.replace(/[\s.]/g, '');
      if (compact.length < 6) return;
      set(rule.kind).add(compact);
      if (rule.padTo && /^\d+$/.test(compact) && compact.length < rule.padTo) set(rule.kind).add(compact.padStart(rule.padTo, '0'));
    }
  }
}

/** Rows of a table whose header row names at least three known columns. */
function harvestRows(secrets: Secrets, rows: unknown[][]): void {
  const rules = columnRules();
  let header: Array<ColumnRule | undefined> | undefined;
  for (const row of rows) {
    if (!header) {
      const mapped = row.map((c) => rules.get(headerKey(cellText(c))));
      const known = row.filter((c) => rules.has(headerKey(cellText(c))) || /^(stt|mã trường|mã lớp|khối|giới tính)$/i.test(norm(cellText(c)))).length;
      if (known >= 3 && mapped.some((r) => r !== undefined)) header = mapped;
      continue;
    }
    let any = false;
    row.forEach((cell, i) => {
      const rule = header![i];
      if (rule && cell !== null && cell !== undefined && cell !== '') {
        addValue(secrets, rule, cell);
        any = true;
      }
    });
    if (any) secrets.rows++;
  }
}

function readTextTable(path: string): unknown[][] {
  const buf = readFileSync(path);
  let text: string;
  if (buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
  else if (buf[0] === 0xfe && buf[1] === 0xff) text = Buffer.from(buf.subarray(2)).swap16().toString('utf16le');
  else text = buf.toString('utf8').replace(/^\uFEFF/, '');
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? undefined : text.indexOf('\n'));
  const counts = ([',', ';', '\t'] as const).map((d) => [d, firstLine.split(d).length] as const);
  const delimiter = counts.sort((a, b) => b[1] - a[1])[0]![0];
  return parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
}

async function readXlsxTables(path: string): Promise<unknown[][][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const values = row.values as unknown[];
      rows.push(Array.isArray(values) ? values.slice(1) : []);
    });
    return rows;
  });
}

export function emptySecrets(): Secrets {
  return { byKind: new Map(), rows: 0 };
}

/** Harvests every data file under `dir` (recursively; truth.json and other files are skipped). */
export async function harvestDir(dir: string, into: Secrets = emptySecrets()): Promise<Secrets> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) {
      await harvestDir(path, into);
      continue;
    }
    const ext = extname(name).toLowerCase();
    try {
      if (ext === '.csv' || ext === '.tsv' || ext === '.txt') harvestRows(into, readTextTable(path));
      else if (ext === '.xlsx') for (const rows of await readXlsxTables(path)) harvestRows(into, rows);
    } catch {
      // A file the harvest cannot read (a deliberately broken one) holds nothing to look for.
    }
  }
  return into;
}

export function mergeSecrets(target: Secrets, source: { byKind: Record<string, string[]>; rows: number }): void {
  for (const [kind, values] of Object.entries(source.byKind)) {
    let set = target.byKind.get(kind as SecretKind);
    if (!set) target.byKind.set(kind as SecretKind, (set = new Set()));
    for (const v of values) set.add(v);
  }
  target.rows += source.rows;
}

export function serialiseSecrets(s: Secrets): { byKind: Record<string, string[]>; rows: number } {
  return { byKind: Object.fromEntries([...s.byKind].map(([k, v]) => [k, [...v]])), rows: s.rows };
}

export function secretCount(s: Secrets): number {
  let n = 0;
  for (const v of s.byKind.values()) n += v.size;
  return n;
}

export interface Hit {
  kind: SecretKind;
  /** Length of the leaked value: enough to find it, not enough to leak it again. */
  length: number;
  /** The log line with every digit and letter of the hit masked. */
  masked: string;
}

function mask(line: string, value: string): string {
  return line.split(value).join(value.replace(/[\p{L}\p{N}]/gu, '•')).slice(0, 300);
}

/** Every secret found in `text`, looked up by token (see the file comment). */
export function scanText(text: string, secrets: Secrets): Hit[] {
  const hits: Hit[] = [];
  const seen = new Set<string>();
  const report = (kind: SecretKind, value: string, line: string): void => {
    const key = `${kind}\u0000${value}`;
    if (seen.has(key)) return;
    seen.add(key);
    hits.push({ kind, length: value.length, masked: mask(line, value) });
  };
  const get = (k: SecretKind): Set<string> => secrets.byKind.get(k) ?? new Set();
  const digitKinds: SecretKind[] = ['personalId', 'code', 'phone'];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.normalize('NFC');
    // Digit runs (IDs, codes, phones) — whole runs only, so "123" never matches inside a hash.
    for (const m of line.matchAll(/[\p{L}\p{N}]*\d[\p{L}\p{N}]*/gu)) {
      const token = m[0];
      for (const kind of digitKinds) if (get(kind).has(token)) report(kind, token, line);
      for (const run of token.match(/\d+/g) ?? []) for (const kind of digitKinds) if (get(kind).has(run)) report(kind, run, line);
    }
    // Dates.
    for (const m of line.matchAll(/(?<!\d)(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g)) {
      for (const f of dateOfBirthForms(m[0])) if (get('dateOfBirth').has(f)) report('dateOfBirth', m[0], line);
    }
    // Email-like tokens.
    for (const m of line.matchAll(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+/gu)) {
      if (get('email').has(m[0].toLowerCase())) report('email', m[0], line);
    }
    // Word n-grams (names are 2–6 words; sensitive values 1–4).
    const words = line.split(/[^\p{L}\p{M}\p{N}'’-]+/u).filter(Boolean);
    for (let i = 0; i < words.length; i++) {
      let gram = '';
      for (let n = 1; n <= 7 && i + n <= words.length; n++) {
        gram = n === 1 ? words[i]! : `${gram} ${words[i + n - 1]}`;
        if (get('name').has(gram)) report('name', gram, line);
        if (get('sensitive').has(gram)) report('sensitive', gram, line);
      }
    }
  }
  return hits;
}
