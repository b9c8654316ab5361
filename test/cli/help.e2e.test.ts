import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

describe('edusync --help', () => {
  it('lists the commands in Vietnamese by default', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Cách dùng:');
    for (const cmd of ['validate', 'rules', 'generate']) expect(r.stdout).toContain(cmd);
    expect(r.stdout).toContain('kiểm tra tệp hoặc thư mục');
  });

  it('speaks English with --lang en', async () => {
    const r = await runCli(['--help', '--lang', 'en']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage:');
    expect(r.stdout).toContain('check files or folders');
  });

  it('exits 2 on an unknown option, without a stack trace', async () => {
    const r = await runCli(['validate', 'x.csv', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 4 naming the file when it does not exist', async () => {
    const r = await runCli(['validate', 'khong-co-tep.xlsx']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('khong-co-tep.xlsx');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
