/**
 * Cells read from a text chunk are V8 "sliced strings": a 20-character name can keep its whole
 * ~1 MB decoded chunk alive. Anything kept past the row it came from (findings, duplicate-check
 * keys) must be detached, or a million-row file stays in memory through a few thousand findings.
 * `(' ' + s).slice(1)` flattens a copy and slices that, which drops the reference to the chunk.
 */
export function detach<T>(value: T): T {
  return (typeof value === 'string' && value.length >= 13 ? (' ' + value).slice(1) : value) as T;
}

export function detachAll(data: Record<string, string | number>): Record<string, string | number> {
  for (const key in data) data[key] = detach(data[key]!);
  return data;
}
