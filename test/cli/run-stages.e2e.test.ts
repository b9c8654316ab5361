/**
 * `edusync run` as the whole pipeline (design §1, issue 4 item 5): import → reconcile → report →
 * push from one config, unattended. A dry run plans every stage and writes nothing; an applied run
 * stores the snapshots, links the pair, files the report and sends the records to the simulator
 * exactly once; the next run sends nothing. Logs and the summary carry counts only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
// @ts-expect-error plain ESM harness shared with bench/push.mjs
import { CLIENT, startSimulator } from '../../bench/push/harness.mjs';
import { runCli, tempDir } from '../helpers/run-cli.js';

const TODAY = ['--today', '2025-10-15'];
let dir: string;
let sim: { url: string; root: string; stop: () => Promise<unknown> };
const env = () => ({ EDUSYNC_PUSH_CLIENT_ID: CLIENT.id, EDUSYNC_PUSH_CLIENT_SECRET: CLIENT.secret });

function jsonLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

function summary(): Record<string, unknown> {
  const files = readdirSync(join(dir, 'runs')).sort();
  return JSON.parse(readFileSync(join(dir, 'runs', files.at(-1)!), 'utf8')) as Record<string, unknown>;
}

beforeAll(async () => {
  dir = tempDir('edusync-run-stages-');
  const gen = await runCli(['generate', '--out', 'data', '--seed', '31', '--schools', '2', '--entities', 'schools,classes,students,teachers', '--format', 'csv', '--classes-per-grade', '1', '--students-per-class', '12'], { cwd: dir });
  expect(gen.code, gen.stderr).toBe(0);
  const pair = await runCli(['generate', '--pair', '300,320', '--seed', '5', '-o', 'cap'], { cwd: dir });
  expect(pair.code, pair.stderr).toBe(0);
  sim = await startSimulator();
  const schools = readdirSync(join(dir, 'data')).filter((f) => f.endsWith('-hoc-sinh.csv')).map((f) => f.slice(0, 8));
  expect(schools).toHaveLength(2);
  writeFileSync(
    join(dir, 'edusync.config.json'),
    JSON.stringify({
      period: '2025-10',
      ruleSet: '2025-2026',
      schools: schools.map((id) => ({ id, inputs: [`data/${id}-*.csv`] })),
      log: { format: 'json', summaryDir: 'runs' },
      reconcile: [
        { left: 'cap/left.csv', right: 'cap/right.csv', out: 'doi-chieu.xlsx' },
        { left: 'cap/left.csv', right: 'cap/right.csv', out: 'doi-chieu.json' },
      ],
      report: { level: 'school', formats: ['xlsx', 'json'], outDir: 'bao-cao' },
      targets: [{ name: 'mo-phong', url: sim.url }],
      push: { target: 'mo-phong' },
    }),
  );
}, 120_000);
afterAll(async () => {
  await sim?.stop();
});

describe('edusync run: every stage from one config', () => {
  it('a dry run plans every stage and writes nothing (no store, no files, nothing sent)', async () => {
    const r = await runCli(['run', ...TODAY], { cwd: dir, env: env() });
    expect([0, 1]).toContain(r.code);
    const events = jsonLines(r.stderr);
    expect(events.find((e) => e.event === 'start')).toMatchObject({ apply: false, stages: ['import', 'reconcile', 'report', 'push'] });
    expect(events.find((e) => e.stage === 'reconcile' && e.event === 'pair-done')).toMatchObject({ applied: false, left: 300, right: 320 });
    expect(events.find((e) => e.stage === 'report')).toMatchObject({ event: 'no-store' });
    expect(events.find((e) => e.stage === 'push')).toMatchObject({ event: 'no-store' });
    expect(existsSync(join(dir, 'edusync.db'))).toBe(false);
    expect(existsSync(join(dir, 'doi-chieu.xlsx'))).toBe(false);
    expect(existsSync(join(dir, 'doi-chieu.json'))).toBe(false);
    expect(existsSync(join(dir, 'bao-cao'))).toBe(false);
    expect(summary()).toMatchObject({ apply: false, notConfigured: [] });
  }, 120_000);

  it('an applied run imports, links, files the report and pushes every record once; the next run sends nothing', async () => {
    const r = await runCli(['run', '--apply', ...TODAY], { cwd: dir, env: env() });
    expect([0, 1], r.stderr.slice(-3000)).toContain(r.code);
    const events = jsonLines(r.stderr);
    const imported = events.find((e) => e.stage === 'run' && e.event === 'finish')!;
    expect(imported.snapshots).toBeGreaterThanOrEqual(4);
    expect(events.find((e) => e.stage === 'reconcile' && e.event === 'pair-done')).toMatchObject({ applied: true, left: 300, right: 320 });
    const report = events.find((e) => e.stage === 'report' && e.event === 'done')!;
    expect(report).toMatchObject({ period: '2025-2026/dau-nam', unitLevel: 'school', saved: true, schools: 2, files: 2 });
    const pushed = events.find((e) => e.stage === 'push' && e.event === 'done')!;
    expect(pushed).toMatchObject({ applied: true, exitCode: 0 });
    expect(pushed.sent).toBeGreaterThan(0);
    expect(pushed.sent).toBe(pushed.new);

    expect(existsSync(join(dir, 'doi-chieu.xlsx'))).toBe(true);
    expect(existsSync(join(dir, 'doi-chieu.json'))).toBe(true);
    expect(readdirSync(join(dir, 'bao-cao')).sort()).toEqual(['bao-cao-tt24-2025-2026-dau-nam-school.json', 'bao-cao-tt24-2025-2026-dau-nam-school.xlsx']);
    const cells = JSON.parse(readFileSync(join(dir, 'bao-cao', 'bao-cao-tt24-2025-2026-dau-nam-school.json'), 'utf8')) as { cells: unknown[] };
    expect(cells.cells.length).toBeGreaterThan(0);
    expect(readdirSync(join(dir, 'edusync-receipts'))).toHaveLength(1);
    const records = (await (await fetch(`${sim.root}/_sim/records`)).json()) as { count: number; records: Array<{ writes: number }> };
    expect(records.count).toBe(pushed.sent);
    for (const rec of records.records) expect(rec.writes).toBe(1);

    const s = summary();
    expect((s.stages as Array<{ name: string }>).map((x) => x.name)).toEqual(['import', 'reconcile', 'report', 'push']);
    expect(s).toMatchObject({ apply: true, notConfigured: [] });
    // The review workbook names people; the JSON carries their positions and hashed keys (still
    // personal data): each has its audit row, by what it holds.
    const audit = JSON.parse((await runCli(['audit', '--format', 'json'], { cwd: dir })).stdout) as { events: Array<{ command: string; action: string; destination: string; fields: string[] }> };
    expect(audit.events.filter((e) => e.command === 'run' && e.action === 'export').map((e) => [e.destination, e.fields.includes('pairKey')])).toEqual([
      [join(dir, 'doi-chieu.xlsx'), false],
      [join(dir, 'doi-chieu.json'), true],
    ]);

    const again = await runCli(['run', '--apply', ...TODAY], { cwd: dir, env: env() });
    expect([0, 1]).toContain(again.code);
    expect(jsonLines(again.stderr).find((e) => e.stage === 'push' && e.event === 'done')).toMatchObject({ sent: 0 });
    expect(((await (await fetch(`${sim.root}/_sim/records`)).json()) as { count: number }).count).toBe(pushed.sent);

    // A dry run on the filled store: every stage reads it (read-only), plans, and writes nothing.
    const runsBefore = readdirSync(join(dir, 'edusync-receipts')).length;
    const dry = await runCli(['run', '--dry-run', ...TODAY], { cwd: dir, env: env() });
    expect([0, 1], dry.stderr.slice(-2000)).toContain(dry.code);
    const dryEvents = jsonLines(dry.stderr);
    expect(dryEvents.find((e) => e.stage === 'report' && e.event === 'done')).toMatchObject({ saved: false });
    expect(dryEvents.find((e) => e.stage === 'push' && e.event === 'done')).toMatchObject({ applied: false, planned: 0 });
    expect(readdirSync(join(dir, 'edusync-receipts'))).toHaveLength(runsBefore);
  }, 180_000);

  it('push without credentials ends that stage with exit 2, after the other stages ran', async () => {
    const r = await runCli(['run', '--apply', ...TODAY], { cwd: dir, env: { EDUSYNC_PUSH_CLIENT_ID: '', EDUSYNC_PUSH_CLIENT_SECRET: '' } });
    expect(r.code).toBe(2);
    const events = jsonLines(r.stderr);
    expect(events.find((e) => e.stage === 'report' && e.event === 'done')).toBeTruthy();
    expect(events.find((e) => e.stage === 'push' && e.event === 'failed')).toMatchObject({ exitCode: 2, error: 'ConfigError' });
    expect(summary()).toMatchObject({ exitCode: 2 });
  }, 120_000);
});
