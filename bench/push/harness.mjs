// Shared by bench/push.mjs and test/push/*.e2e.test.ts: a seeded synthetic store written through
// the store API (dist/), the simulator started as a real process, push runs of the real bin, and
// the exactly-once check against GET /_sim/records. Needs `npm run build` first.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rng } from '../parsers/gen.mjs';
import { openStore, beginRun, finishRun, writeSnapshot, upsertSchools, upsertClasses } from '../../dist/store/index.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'bin', 'edusync');
export const CLIENT = { id: 'bench-client', secret: 'bench-secret-not-real' };
export const PERIOD = '2025-10';
export const SCHOOL_YEAR = '2025-2026';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Đức', 'Thu'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Khánh', 'Linh', 'Mai', 'Nam', 'Phúc', 'Quỳnh'];

/**
 * Writes a synthetic store of about `records` records: per school 1 profile, 10 classes, 20
 * teachers, k students and k results. Every `rejectEvery`-th student (0 = none) has an 11-digit
 * personal id, which the simulator rejects (DINH_DANH_SAI_DINH_DANG); its result is then rejected
 * too (THAM_CHIEU_KHONG_TON_TAI). Returns the expected accepted and rejected client_refs per kind.
 */
export function seedStore(dbPath, { records, schools = 1, seed = 1, rejectEvery = 0 }) {
  const rand = rng(seed);
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const perSchool = Math.max(3, Math.floor((records / schools - 31) / 2));
  const store = openStore(dbPath);
  const expected = { accepted: new Map(), rejected: new Map() };
  const secrets = { name: new Set(), personalId: new Set(), code: new Set() };
  const add = (bucket, kind, school, ref) => {
    const key = `${kind}\u0000${school}`;
    if (!expected[bucket].has(key)) expected[bucket].set(key, new Set());
    expected[bucket].get(key).add(ref);
  };
  try {
    const runId = beginRun(store, { command: 'bench-seed', period: PERIOD });
    for (let s = 0; s < schools; s++) {
      const schoolId = String(79000001 + s);
      upsertSchools(store, runId, [{ schoolId, name: `Trường THCS Thử Nghiệm ${s + 1} (dữ liệu giả)`, provinceCode: '79', communeCode: '26734' }]);
      add('accepted', 'truong', schoolId, schoolId);
      const classes = [];
      for (let c = 0; c < 10; c++) classes.push({ schoolId, classId: `${6 + (c % 4)}A${c + 1}`, name: `${6 + (c % 4)}A${c + 1}`, gradeCode: String(6 + (c % 4)) });
      upsertClasses(store, runId, classes);
      for (const c of classes) add('accepted', 'lop', schoolId, c.classId);
      const teachers = [];
      for (let t = 0; t < 20; t++) {
        const staffId = `${schoolId}${String(t + 1).padStart(3, '0')}`;
        teachers.push({ recordKey: staffId, values: { schoolId, staffId, fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`, genderCode: String(1 + (t % 2)), dateOfBirth: `198${t % 10}-0${1 + (t % 9)}-1${t % 10}`, ethnicityCode: '01', personalId: `0790${String(seed).padStart(2, '0').slice(-2)}${String(s * 100 + t).padStart(6, '0')}` } });
        add('accepted', 'giao_vien', schoolId, staffId);
        secrets.name.add(teachers[t].values.fullName);
        secrets.personalId.add(teachers[t].values.personalId);
        secrets.code.add(staffId);
      }
      writeSnapshot(store, { runId, schoolId, period: PERIOD, entity: 'teacher', records: teachers });
      const students = [];
      const results = [];
      for (let i = 0; i < perSchool; i++) {
        const studentId = `${schoolId.slice(0, 2)}${String(s).padStart(2, '0')}${String(i).padStart(6, '0')}`;
        const classId = classes[i % classes.length].classId;
        const bad = rejectEvery > 0 && i % rejectEvery === rejectEvery - 1;
        const pid = `079${String(2014 - (i % 4)).slice(-1)}${String(s).padStart(2, '0')}${String(i).padStart(6, '0')}`;
        students.push({ recordKey: studentId, classId, values: { schoolId, studentId, classId, fullName: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`, genderCode: String(1 + (i % 2)), dateOfBirth: `201${1 + (i % 4)}-0${1 + (i % 9)}-${String(1 + (i % 28)).padStart(2, '0')}`, ethnicityCode: i % 7 === 0 ? '05' : '01', religionCode: '00', personalId: bad ? pid.slice(1) : pid, statusCode: '01', fatherName: 'Nguyễn Văn Cha', address: `Số ${i + 1}, đường Một` } });
        results.push({ recordKey: `${studentId}|1`, classId, values: { schoolId, studentId, classId, term: '1', averageScore: Math.round(50 + rand() * 50) / 10, conductCode: '1', learningResultCode: '2' } });
        add(bad ? 'rejected' : 'accepted', 'hoc_sinh', schoolId, studentId);
        secrets.name.add(students[i].values.fullName);
        secrets.personalId.add(students[i].values.personalId);
        secrets.code.add(studentId);
        add(bad ? 'rejected' : 'accepted', 'ket_qua_hoc_tap', schoolId, `${studentId}|1`);
      }
      writeSnapshot(store, { runId, schoolId, period: PERIOD, entity: 'student', records: students });
      writeSnapshot(store, { runId, schoolId, period: PERIOD, entity: 'result', records: results });
    }
    finishRun(store, runId, { outcome: 'ok', exitCode: 0 });
  } finally {
    store.close();
  }
  captureSecrets(secrets);
  const count = (m) => [...m.values()].reduce((n, s) => n + s.size, 0);
  return { ...expected, total: count(expected.accepted) + count(expected.rejected), acceptedCount: count(expected.accepted), rejectedCount: count(expected.rejected) };
}

/**
 * Under the test suite's privacy log scan (EDUSYNC_LOG_CAPTURE_DIR, test/privacy/capture.ts): the
 * seeded personal values to look for, and the stderr of every run, in the files test/helpers/run-cli.ts writes.
 */
function captureSecrets(secrets) {
  const dir = process.env.EDUSYNC_LOG_CAPTURE_DIR;
  if (!dir) return;
  const byKind = Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, [...v]]));
  appendFileSync(join(dir, `secrets-${process.pid}.jsonl`), `${JSON.stringify({ byKind, rows: secrets.name.size })}\n`, { mode: 0o600 });
}

function captureRun(args, code, stderr) {
  const dir = process.env.EDUSYNC_LOG_CAPTURE_DIR;
  if (!dir) return;
  appendFileSync(join(dir, `cli-${process.pid}.jsonl`), `${JSON.stringify({ args, cwd: ROOT, code, stderr })}\n`, { mode: 0o600 });
}

/** Starts `edusync simulator` and resolves once it printed its URL. */
export async function startSimulator(args = [], env = {}) {
  const child = spawn(process.execPath, [BIN, 'simulator', '--port', '0', '--client', `${CLIENT.id}:${CLIENT.secret}`, ...args], {
    env: { ...process.env, CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  const url = await new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(`simulator exited ${code}: ${stderr}`)));
  });
  const root = url.replace(/\/api\/v1$/, '');
  return {
    url,
    root,
    child,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => {
          captureRun(['simulator', ...args], code, stderr);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `edusync push … --apply` (or without `apply: false`) and resolves with code, stdout, stderr, signal. */
export function push(dbPath, url, { args = [], env = {}, apply = true } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'push', '--db', dbPath, '--url', url, ...(apply ? ['--apply'] : []), '--format', 'json', '--log-format', 'json', '--lang', 'en', ...args], {
      env: { ...process.env, CI: 'true', EDUSYNC_PUSH_CLIENT_ID: CLIENT.id, EDUSYNC_PUSH_CLIENT_SECRET: CLIENT.secret, EDUSYNC_TEST_KILL_AT: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      captureRun(['push', ...args], code, stderr);
      resolve({ code, signal, stdout, stderr, args: ['push', '--db', dbPath, '--url', url, ...args] });
    });
  });
}

export async function simRecords(root, kind) {
  const res = await fetch(`${root}/_sim/records${kind ? `?kind=${kind}` : ''}`);
  if (!res.ok) throw new Error(`GET /_sim/records: ${res.status}`);
  return (await res.json()).records;
}

export async function simStats(root) {
  return (await fetch(`${root}/_sim/stats`)).json();
}

/**
 * Every expected record stored exactly once (present, written once), nothing else stored, nothing
 * the server rejected stored. Returns the problems found (empty = exactly once).
 */
export async function checkExactlyOnce(root, expected) {
  const stored = await simRecords(root);
  const problems = [];
  const seen = new Map();
  for (const r of stored) {
    const key = `${r.kind}\u0000${r.school}\u0000${r.client_ref}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (r.writes !== 1) problems.push(`written ${r.writes} times: ${r.kind} ${r.client_ref}`);
    if (!expected.accepted.get(`${r.kind}\u0000${r.school}`)?.has(r.client_ref)) problems.push(`unexpected: ${r.kind} ${r.client_ref}`);
  }
  for (const [group, refs] of expected.accepted) {
    const [kind, school] = group.split('\u0000');
    for (const ref of refs) {
      const n = seen.get(`${kind}\u0000${school}\u0000${ref}`) ?? 0;
      if (n !== 1) problems.push(`${n === 0 ? 'lost' : `stored ${n} times`}: ${kind} ${ref}`);
    }
  }
  return { problems, stored: stored.length };
}

/** The rejected records a push reported (JSON output), as `kind school ref` lines, sorted. */
export function reportedRejected(stdout) {
  const out = JSON.parse(stdout);
  return out.rejected.map((r) => `${r.kind} ${r.school} ${r.client_ref}`).sort();
}

export function expectedRejected(expected) {
  const lines = [];
  for (const [group, refs] of expected.rejected) {
    const [kind, school] = group.split('\u0000');
    for (const ref of refs) lines.push(`${kind} ${school} ${ref}`);
  }
  return lines.sort();
}
