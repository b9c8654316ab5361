import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'edusync-store-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function mode(path: string): number {
  return statSync(path).mode & 0o777;
}

/** A fixed clock: 2025-10-01T07:30:00Z, then one second later on each call. */
export function clock(start = Date.UTC(2025, 9, 1, 7, 30, 0)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

/**
 * Bundles a TypeScript child-process script (and the src/store modules it imports) into one .mjs
 * file that plain `node` can run, with better-sqlite3 left as an import of the installed package.
 * Uses rolldown, the bundler vitest's vite already carries.
 */
export async function bundleChild(entry: string, outFile: string): Promise<void> {
  const require = createRequire(import.meta.url);
  const sqlitePath = require.resolve('better-sqlite3');
  const { build } = await import('rolldown');
  await build({
    input: join(here, entry),
    platform: 'node',
    logLevel: 'silent',
    plugins: [
      {
        name: 'external-better-sqlite3',
        resolveId(source: string) {
          return source === 'better-sqlite3' ? { id: sqlitePath, external: true } : null;
        },
      },
    ],
    output: { file: outFile, format: 'esm' },
    write: true,
  });
}
