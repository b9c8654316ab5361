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
 * Node 22 (V8 12.4): 22.8 s default, 18.2 s off (281 against 405 MB). Node 24 (V8 13.6) decides
 * less often to tenure: off 14.8, 15.5, 19.0 s against 16.0, 17.0, 17.5 s by default. The decision
 * is V8's and varies from run to run: a run where no site was tenured takes the "off" time anyway.
 * A deopt trace points at the record builder (io/records.ts: its generated code was deoptimized
 * for "code dependencies" right after the first "tenure" decision), but which literal it was could
 * not be pinned: probes put on the records, their values, raw rows, plan entries and write inputs
 * found every one of them young when made (in a run where V8 happened not to tenure).
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
