import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/errors.js';
import { loadConfig, formatJsonPath, type ConfigFlags } from '../../src/config/load.js';
import { configTemplate } from '../../src/config/template.js';
import { configSchema } from '../../src/config/schema.js';

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'edusync-config-'));
  cwd = join(dir, 'cwd');
  mkdirSync(cwd);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(value: unknown, name = 'edusync.config.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value), { mode: 0o600 });
  return path;
}

const FULL_FILE = {
  locale: 'en',
  store: { path: 'data/file.db' },
  period: '2025-09',
  ruleSet: '2024-2025',
  import: { apply: true },
  log: { format: 'json', summaryDir: 'file-runs' },
  lock: { path: 'file.lock' },
  inputs: ['in/*.csv'],
};

const FULL_ENV = {
  EDUSYNC_LANG: 'vi',
  EDUSYNC_DB: 'env.db',
  EDUSYNC_PERIOD: '2025-10',
  EDUSYNC_RULE_SET: '2025-2026',
  EDUSYNC_APPLY: 'false',
  EDUSYNC_LOG_FORMAT: 'text',
  EDUSYNC_SUMMARY_DIR: 'env-runs',
  EDUSYNC_LOCK: 'env.lock',
};

const FULL_FLAGS: ConfigFlags = {
  lang: 'en',
  db: 'flag.db',
  period: '2025-11',
  ruleSet: '2026-2027',
  logFormat: 'json',
  summaryDir: 'flag-runs',
  lock: 'flag.lock',
};

describe('loadConfig precedence: defaults < file < env < flags', () => {
  const cases: Array<{ name: string; file: boolean; env: boolean; flags: boolean; expected: Record<string, unknown> }> = [
    {
      name: 'defaults only',
      file: false,
      env: false,
      flags: false,
      expected: {
        locale: 'vi',
        storePath: 'CWD/edusync.db',
        period: '2025-10',
        ruleSet: undefined,
        apply: false,
        format: 'text',
        summaryDir: 'CWD/edusync-runs',
        lockPath: 'CWD/edusync.db.lock',
      },
    },
    {
      name: 'file over defaults (paths relative to the file)',
      file: true,
      env: false,
      flags: false,
      expected: {
        locale: 'en',
        storePath: 'DIR/data/file.db',
        period: '2025-09',
        ruleSet: '2024-2025',
        apply: true,
        format: 'json',
        summaryDir: 'DIR/file-runs',
        lockPath: 'DIR/file.lock',
      },
    },
    {
      name: 'env over file (paths relative to the working directory)',
      file: true,
      env: true,
      flags: false,
      expected: {
        locale: 'vi',
        storePath: 'CWD/env.db',
        period: '2025-10',
        ruleSet: '2025-2026',
        apply: false,
        format: 'text',
        summaryDir: 'CWD/env-runs',
        lockPath: 'CWD/env.lock',
      },
    },
    {
      name: 'flags over env and file',
      file: true,
      env: true,
      flags: true,
      expected: {
        locale: 'en',
        storePath: 'CWD/flag.db',
        period: '2025-11',
        ruleSet: '2026-2027',
        apply: false,
        format: 'json',
        summaryDir: 'CWD/flag-runs',
        lockPath: 'CWD/flag.lock',
      },
    },
    {
      name: 'flags over defaults without file or env',
      file: false,
      env: false,
      flags: true,
      expected: {
        locale: 'en',
        storePath: 'CWD/flag.db',
        period: '2025-11',
        ruleSet: '2026-2027',
        apply: false,
        format: 'json',
        summaryDir: 'CWD/flag-runs',
        lockPath: 'CWD/flag.lock',
      },
    },
  ];

  it.each(cases)('$name', ({ file, env, flags, expected }) => {
    const configPath = file ? writeConfig(FULL_FILE) : undefined;
    const { config, source } = loadConfig({
      configPath,
      cwd,
      env: env ? FULL_ENV : {},
      flags: flags ? FULL_FLAGS : {},
      today: '2025-10-15',
    });
    const abs = (p: string): string => p.replace(/^CWD/, cwd).replace(/^DIR/, dir);
    expect({
      locale: config.locale,
      storePath: config.storePath,
      period: config.period,
      ruleSet: config.ruleSet,
      apply: config.apply,
      format: config.log.format,
      summaryDir: config.log.summaryDir,
      lockPath: config.lockPath,
    }).toEqual(Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, typeof v === 'string' ? abs(v) : v])));
    const origin = flags ? 'flag' : env ? 'env' : file ? 'file' : 'default';
    expect(source.origins.store).toBe(origin);
    expect(source.origins.period).toBe(origin);
    expect(source.file).toBe(configPath ?? null);
  });

  it('--apply turns applying on over EDUSYNC_APPLY=false; its absence leaves env/file alone', () => {
    const configPath = writeConfig({ import: { apply: false } });
    expect(loadConfig({ configPath, cwd, env: { EDUSYNC_APPLY: 'false' }, flags: { apply: true } }).config.apply).toBe(true);
    expect(loadConfig({ configPath, cwd, env: { EDUSYNC_APPLY: 'true' }, flags: {} }).config.apply).toBe(true);
    expect(loadConfig({ configPath, cwd, env: {}, flags: { apply: false } }).config.apply).toBe(false);
  });

  it('store moves the default lock and summary folder with it; empty env values count as unset', () => {
    const { config } = loadConfig({ cwd, env: { EDUSYNC_DB: '/srv/x/state.db', EDUSYNC_PERIOD: '' }, today: '2025-03-02' });
    expect(config.lockPath).toBe('/srv/x/state.db.lock');
    expect(config.log.summaryDir).toBe('/srv/x/edusync-runs');
    expect(config.period).toBe('2025-03');
  });

  it('finds ./edusync.config.json, or EDUSYNC_CONFIG, else runs on defaults', () => {
    writeFileSync(join(cwd, 'edusync.config.json'), JSON.stringify({ period: '2024-05', inputs: ['a.csv'] }));
    const local = loadConfig({ cwd, env: {} });
    expect(local.source.file).toBe(join(cwd, 'edusync.config.json'));
    expect(local.config.schools).toEqual([{ inputs: ['a.csv'] }]);
    const other = writeConfig({ period: '2024-06' }, 'other.json');
    expect(loadConfig({ cwd, env: { EDUSYNC_CONFIG: other } }).config.period).toBe('2024-06');
    rmSync(join(cwd, 'edusync.config.json'));
    expect(loadConfig({ cwd, env: {} }).source.file).toBeNull();
  });

  it('schools keep their ids and inputs', () => {
    const configPath = writeConfig({ schools: [{ id: '01', name: 'A', inputs: ['a/**/*.xlsx'] }, { id: '02', inputs: ['b'] }] });
    expect(loadConfig({ configPath, cwd, env: {} }).config.schools).toEqual([
      { id: '01', name: 'A', inputs: ['a/**/*.xlsx'] },
      { id: '02', name: undefined, inputs: ['b'] },
    ]);
  });

  it('warns (does not fail) when a target token variable is unset', () => {
    const configPath = writeConfig({ targets: [{ name: 'moet', url: 'https://csdl.example.vn/api', tokenEnv: 'MOET_TOKEN' }] });
    expect(loadConfig({ configPath, cwd, env: {} }).warnings.map((w) => w.code)).toEqual(['token-env-unset']);
    expect(loadConfig({ configPath, cwd, env: { MOET_TOKEN: 'x' } }).warnings).toEqual([]);
  });

  it('warns when the config file is writable by others', () => {
    const configPath = writeConfig({});
    chmodSync(configPath, 0o666);
    expect(loadConfig({ configPath, cwd, env: {} }).warnings.map((w) => w.code)).toEqual(['config-writable-by-others']);
  });

  it('the init template is a valid config', () => {
    expect(configSchema.safeParse(JSON.parse(JSON.stringify(configTemplate('./x.json')))).success).toBe(true);
  });
});

describe('invalid configs → ConfigError naming the file and the JSON path', () => {
  const cases: Array<{ name: string; config: unknown; path: string; en: RegExp; vi: RegExp }> = [
    { name: 'bad period', config: { period: '2025-13' }, path: 'period', en: /YYYY-MM/, vi: /cần dạng YYYY-MM/ },
    { name: 'bad locale', config: { locale: 'fr' }, path: 'locale', en: /choose one of "vi", "en"/, vi: /chọn một trong/ },
    { name: 'misspelt key', config: { perid: '2025-10' }, path: '(root)', en: /unsupported key\(s\): perid/, vi: /khoá không được hỗ trợ/ },
    {
      name: 'school without inputs',
      config: { schools: [{ id: '01', inputs: ['a'] }, { id: '02' }] },
      path: 'schools[1].inputs',
      en: /required value missing/,
      vi: /thiếu giá trị bắt buộc/,
    },
    { name: 'empty inputs', config: { schools: [{ id: '01', inputs: [] }] }, path: 'schools[0].inputs', en: /at least 1/, vi: /ít nhất 1/ },
    { name: 'http target', config: { targets: [{ name: 'm', url: 'http://csdl.example.vn' }] }, path: 'targets[0].url', en: /must use https/, vi: /phải dùng https/ },
    { name: 'not a URL', config: { targets: [{ name: 'm', url: 'csdl' }] }, path: 'targets[0].url', en: /not a valid/, vi: /không phải địa chỉ/ },
    { name: 'token in the file', config: { targets: [{ name: 'm', url: 'https://a.vn', token: 'abc' }] }, path: 'targets[0].token', en: /secrets/, vi: /không ghi bí mật/ },
    { name: 'schools and inputs', config: { schools: [{ id: '1', inputs: ['a'] }], inputs: ['b'] }, path: 'inputs', en: /not both/, vi: /không dùng cả hai/ },
    { name: 'duplicate school', config: { schools: [{ id: '1', inputs: ['a'] }, { id: '1', inputs: ['b'] }] }, path: 'schools[1].id', en: /duplicate/, vi: /bị lặp/ },
    { name: 'apply not boolean', config: { import: { apply: 'yes' } }, path: 'import.apply', en: /expected boolean/, vi: /cần boolean/ },
  ];
  it.each(cases)('$name', ({ config, path, en, vi }) => {
    const file = writeConfig(config);
    let error: unknown;
    try {
      loadConfig({ configPath: file, cwd, env: {} });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.exitCode).toBe(2);
    expect(e.render('en')).toContain(file);
    expect(e.render('en')).toContain(` at ${path}:`);
    expect(e.render('vi')).toContain(` tại ${path}:`);
    expect(e.render('en')).toMatch(en);
    expect(e.render('vi')).toMatch(vi);
  });

  it('loopback http is allowed', () => {
    const file = writeConfig({ targets: [{ name: 'sim', url: 'http://127.0.0.1:8080/api' }, { name: 'sim6', url: 'http://[::1]:8080' }, { name: 'l', url: 'http://localhost' }] });
    expect(loadConfig({ configPath: file, cwd, env: {} }).config.targets).toHaveLength(3);
  });

  it('not JSON, missing file', () => {
    const file = writeConfig('{ "period": ');
    expect(() => loadConfig({ configPath: file, cwd, env: {} })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ configPath: join(dir, 'none.json'), cwd, env: {} })).toThrow(/not found/);
  });

  it('bad env values and flags name the variable or flag', () => {
    expect(() => loadConfig({ cwd, env: { EDUSYNC_PERIOD: '10/2025' } })).toThrow(/EDUSYNC_PERIOD="10\/2025"/);
    expect(() => loadConfig({ cwd, env: { EDUSYNC_APPLY: 'maybe' } })).toThrow(/EDUSYNC_APPLY/);
    expect(() => loadConfig({ cwd, env: { EDUSYNC_LOG_FORMAT: 'xml' } })).toThrow(ConfigError);
    expect(() => loadConfig({ cwd, env: {}, flags: { ruleSet: '2025' } })).toThrow(/--rule-set "2025"/);
  });

  it('formatJsonPath', () => {
    expect(formatJsonPath([])).toBe('(root)');
    expect(formatJsonPath(['schools', 2, 'inputs', 0])).toBe('schools[2].inputs[0]');
    expect(formatJsonPath(['a-b'])).toBe('["a-b"]');
  });
});
