import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load.js';
import { runCli, tempDir, ROOT } from '../helpers/run-cli.js';

let dir: string;
beforeEach(() => {
  dir = tempDir('edusync-init-');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('edusync init', () => {
  it('writes a commented, valid starting config (0600) and refuses to overwrite it without --force', async () => {
    const first = await runCli(['init', '--lang', 'en'], { cwd: dir });
    expect(first.code).toBe(0);
    const path = join(dir, 'edusync.config.json');
    expect(first.stdout).toContain(`Wrote ${path}`);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const written = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown> & { $schema: string; log: { $comment: string[] } };
    expect(written.$schema).toMatch(/schemas\/config\.schema\.json$/);
    expect(readFileSync(join(dir, written.$schema), 'utf8')).toBe(readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8'));
    for (const section of ['store', 'import', 'log', 'lock']) {
      const comment = (written[section] as { $comment: string[] }).$comment;
      expect(comment.some((c) => c.startsWith('vi: ')) && comment.some((c) => c.startsWith('en: ')), section).toBe(true);
    }
    expect(loadConfig({ configPath: path, env: {}, cwd: dir }).config.schools).toHaveLength(1);

    writeFileSync(path, '{"period":"2025-01"}');
    const second = await runCli(['init', '--lang', 'en'], { cwd: dir });
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already exists');
    expect(readFileSync(path, 'utf8')).toBe('{"period":"2025-01"}');

    const forced = await runCli(['init', '--force'], { cwd: dir });
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('Đã ghi');
    expect(JSON.parse(readFileSync(path, 'utf8')).schools).toBeDefined();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('--out writes elsewhere; --print-schema prints the committed JSON Schema', async () => {
    const out = join(dir, 'conf', 'school.json');
    expect((await runCli(['init', '--out', out], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).locale).toBe('vi');
    const schema = await runCli(['init', '--print-schema']);
    expect(schema.code).toBe(0);
    expect(schema.stdout).toBe(readFileSync(join(ROOT, 'schemas', 'config.schema.json'), 'utf8'));
  });
});
