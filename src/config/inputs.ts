/**
 * The `inputs` of a config: files, folders or globs relative to the config file's folder. Node 20
 * has no fs.glob, so this is a small matcher: `*` and `?` match within one path segment, `**`
 * matches any number of segments (zero included). Hidden entries (`.name`) are matched only by a
 * pattern segment that starts with a dot. Folders (given or matched) are expanded later by
 * `discoverFiles` (every table file under them); results are sorted so runs are repeatable.
 */
import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

export function hasGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A glob segment (no `/`) as a RegExp: `*` → any run of characters, `?` → one character. */
function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (const ch of segment) {
    if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function listDir(dir: string): Array<{ name: string; dir: boolean }> {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .map((e) => ({ name: e.name, dir: e.isDirectory() || (e.isSymbolicLink() && isDirSafe(join(dir, e.name))) }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return [];
  }
}

function isDirSafe(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function match(base: string, segments: string[], out: Set<string>): void {
  if (segments.length === 0) {
    out.add(base);
    return;
  }
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '**') {
    match(base, rest, out); // zero segments
    for (const entry of listDir(base)) {
      if (entry.dir && !entry.name.startsWith('.')) match(join(base, entry.name), segments, out);
    }
    return;
  }
  if (!hasGlob(head)) {
    const next = join(base, head);
    if (rest.length === 0 ? exists(next) : isDirSafe(next)) match(next, rest, out);
    return;
  }
  const re = segmentRegExp(head);
  for (const entry of listDir(base)) {
    if (entry.name.startsWith('.') && !head.startsWith('.')) continue;
    if (!re.test(entry.name)) continue;
    if (rest.length > 0 && !entry.dir) continue;
    match(join(base, entry.name), rest, out);
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Paths matching `pattern` (absolute, sorted); a pattern without `*`/`?` is returned as is (absolute). */
export function expandGlob(pattern: string, baseDir: string): string[] {
  const absolute = isAbsolute(pattern) ? pattern : resolve(baseDir, pattern);
  if (!hasGlob(pattern)) return [absolute];
  const normalised = absolute.split(sep).join('/');
  const segments = normalised.split('/');
  // The fixed prefix (no glob characters) is the folder to start from.
  let i = 0;
  while (i < segments.length && !hasGlob(segments[i]!)) i++;
  const root = segments.slice(0, i).join('/') || '/';
  const out = new Set<string>();
  match(root, segments.slice(i).filter((s) => s !== ''), out);
  return [...out].sort();
}

export interface ExpandedInput {
  pattern: string;
  /** Matched paths (files or folders), absolute; empty when a glob matched nothing. */
  paths: string[];
}

/** Each input pattern with what it matches (a plain path is kept even when missing: discoverFiles says so). */
export function expandInputs(patterns: readonly string[], baseDir: string): ExpandedInput[] {
  return patterns.map((pattern) => ({ pattern, paths: expandGlob(pattern, baseDir) }));
}
