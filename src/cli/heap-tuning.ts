/**
 * V8's allocation-site pretenuring, switched off for the whole process (worker threads included)
 * before any of edusync's own code runs: imported first by main.ts.
 *
 * Why: V8 marks a literal's allocation site "tenured" when nearly every object it made survived the
 * last scavenges, and then allocates that site's objects straight into the old generation. In
 * import's second reading (store/import.ts), which plans one school at a time, some sites were
 * tenured (--trace-pretenuring: a few sites, each decided "tenure" at 100 % survival), and the young
 * records, raw rows and stored texts reachable from such old objects then survived the scavenges
 * until the next full collection: a sampling heap profile counted 1.8 GB promoted and then freed by
 * full collections, 0.7 GB of it the previous month's stored texts. Month 2 of bench/import (1 M
 * students, two threads, 2026-11-26 02:45, load ≈ 1.5, alternated): V8's default 18.8–20.9 s, 668–670
 * scavenges taking 2.6–2.9 s, peak RSS 419–420 MB; off 15.9–17.2 s, 533–534 scavenges taking
 * 0.6 s, 265–298 MB. `validate` of the same file is unchanged (3.3–3.7 s either way, three pairs).
 * It changes where objects are allocated, never what a program computes.
 *
 * Only on the V8 versions it was measured on (node 20, 22, 24: V8 11–13): V8 prints "unrecognized
 * flag" to stderr for a flag it does not know, and a later V8 may drop or rename this one.
 * EDUSYNC_V8_PRETENURING=1 leaves V8's default, for measurements.
 */
import { setFlagsFromString } from 'node:v8';

const MEASURED_V8_MAJORS: ReadonlySet<number> = new Set([11, 12, 13]);

export function pretenuringOff(v8Version: string, env: NodeJS.ProcessEnv): boolean {
  if (env.EDUSYNC_V8_PRETENURING === '1') return false;
  return MEASURED_V8_MAJORS.has(Number(v8Version.split('.')[0]));
}

if (pretenuringOff(process.versions.v8, process.env)) setFlagsFromString('--no-allocation-site-pretenuring');
