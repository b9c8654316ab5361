import { mkdtemp, readFile, readdir, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivateWriteStream, temporaryPath, writePrivateFile } from '../../src/io/write-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'edusync-write-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('writePrivateFile', () => {
  it('creates the parent folder and a 0600 file', async () => {
    const path = join(dir, 'a', 'b', 'out.txt');
    await writePrivateFile(path, 'xin chào');
    expect(await readFile(path, 'utf8')).toBe('xin chào');
    expect(await mode(path)).toBe(0o600);
  });

  it('chmods an existing file to 0600 and replaces its content', async () => {
    const path = join(dir, 'out.txt');
    await writeFile(path, 'old content that is longer');
    await chmod(path, 0o644);
    await writePrivateFile(path, Buffer.from('new'));
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await mode(path)).toBe(0o600);
  });

  it('atomic: renames a temporary file into place, leaving no temporary behind', async () => {
    const path = join(dir, 'out.txt');
    await writeFile(path, 'old');
    await chmod(path, 0o644);
    await writePrivateFile(path, 'new', { atomic: true });
    expect(await readFile(path, 'utf8')).toBe('new');
    expect(await mode(path)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['out.txt']);
    expect(temporaryPath(path)).toBe(`${path}.tmp-${process.pid}`);
  });
});

describe('createPrivateWriteStream', () => {
  it('streams into a 0600 file', async () => {
    const path = join(dir, 'sub', 'stream.txt');
    const s = createPrivateWriteStream(path);
    for (let i = 0; i < 1000; i++) s.write(`dòng ${i}\n`);
    s.end();
    await finished(s);
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(1001);
    expect(await mode(path)).toBe(0o600);
  });

  it('chmods an existing file', async () => {
    const path = join(dir, 'stream.txt');
    await writeFile(path, 'x');
    await chmod(path, 0o666);
    const s = createPrivateWriteStream(path);
    s.end('y');
    await finished(s);
    expect(await readFile(path, 'utf8')).toBe('y');
    expect(await mode(path)).toBe(0o600);
  });

  it('atomic: the target appears only on finish', async () => {
    const path = join(dir, 'atomic.txt');
    await writeFile(path, 'old');
    const s = createPrivateWriteStream(path, { atomic: true });
    s.write('new ');
    await new Promise((r) => setTimeout(r, 20));
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readFile(temporaryPath(path), 'utf8')).toBe('new ');
    s.end('content');
    await finished(s);
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await mode(path)).toBe(0o600);
    expect(await readdir(dir)).toEqual(['atomic.txt']);
  });

  it('atomic: destroying with an error removes the temporary file and keeps the old one', async () => {
    const path = join(dir, 'atomic.txt');
    await writeFile(path, 'old');
    const s = createPrivateWriteStream(path, { atomic: true });
    s.write('half');
    await new Promise((r) => setTimeout(r, 20));
    s.destroy(new Error('boom'));
    await expect(finished(s)).rejects.toThrow('boom');
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['atomic.txt']);
  });

  it('reports an open failure as a stream error', async () => {
    const blocker = join(dir, 'file');
    await writeFile(blocker, '');
    const s = createPrivateWriteStream(join(blocker, 'child.txt'));
    s.end('x');
    await expect(finished(s)).rejects.toThrow();
  });
});
