/**
 * Two-thread validation of one large csv/tsv table (issue #3: 1 M rows in ≤ 1.5 × csvclean -n).
 * Parsing, mapping and the per-record rules are most of the time and need nothing but the record,
 * so the file is cut in two at a record boundary (io/text-split.ts): this thread checks the first
 * part with the whole engine, a worker (parallel-worker.ts) checks the second part with the whole
 * engine too and sends back its findings per batch and, at the end, the cross-file rules' state
 * (their duplicate logs: typed arrays, moved rather than copied). Once the first part is done, that
 * state is appended to this thread's (Engine.takeOver), so that "first seen" and every duplicate
 * finding come out exactly as a single pass gives them: the logs are resolved only at the end of
 * the run, in log order (rules/utils/duplicate-log.ts).
 *
 * Equal to the single pass by construction:
 * - the worker checks with this thread's layout (columns, header rows: found from the head);
 * - rows carry the same numbers (the cut knows its line number);
 * - a footer row ends the table: if the first part saw one, the worker's results are dropped;
 * - an unreadable-file error in the first part drops the worker's results; one in the second part
 *   is thrown after the worker's state up to it is appended, as the single pass would have.
 * Only UTF-8 files are cut (UTF-16 would need the cut on a 2-byte boundary; not worth it).
 */
import { availableParallelism, cpus, loadavg } from 'node:os';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { discoverFiles } from '../io/discover.js';
import type { TableLayout } from '../io/header-map.js';
import type { RawRow, SheetSource, TextSourceInfo } from '../io/types.js';
import { textRangeRows } from '../io/read-text.js';
import type { TextCut } from '../io/text-split.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { Engine } from './engine.js';
import type { Finding } from './finding.js';
import type { GroupCount, GroupCountSpec, GroupCountState } from './group-count.js';

/** Smaller files are not worth a worker (its start-up costs ≈ 0.1 s). */
const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;
/**
 * Share of the file this thread checks. The worker starts with the command (planPartsFor) and
 * is given this thread's layout, but it still scans this thread's part for the cut before it
 * reads a row (≈ 0.15–0.25 s, cold), and this thread merges the worker's state at the end
 * (≈ 0.05 s). Traces of 2026-11-26 01:20–01:30 (1 M rows, load ≈ 1.5–2.5): at 0.6 this thread
 * finished 0.3–0.6 s after the worker; at 0.55 the two finished within 0.1 s of each other, either
 * first; with the worker's young generation at 48 MB (below) the worker got faster and 0.52 balanced
 * them. EDUSYNC_PARALLEL_SHARE overrides it for measurements.
 */
const DEFAULT_FIRST_SHARE = 0.52;

const WORKER_URL = new URL('./parallel-worker.js', import.meta.url);
/**
 * The worker's young generation (MB). Its records die young, a batch at a time; V8's default lets
 * that space grow far larger while this thread's heap is at its largest too. Measured on 1 M rows,
 * two threads, before the text was read in pieces: peak RSS 487–499 MB by default, 389–407 MB at
 * 4 MB (8: 413–466, 2: 405–413). Since (2026-11-26, load 7, one run each): 4 MB 288 MB and 9.1 s
 * user CPU (a third of the worker's time was GC), 16 MB 270 MB and 7.9 s, 32 MB 290 MB and 8.0 s.
 * 2026-11-26 01:40 (worker started ahead, no extracts; load ≈ 2.5–3, alternated runs): 48 MB let
 * the worker finish ≈ 0.2 s sooner than 16 MB (its GC), and with the share moved to 0.52 the run took
 * 3.32–3.48 s wall, 5.73–5.91 s user against 3.55–3.75 s, 6.02–6.29 s user, for +10–15 MB of peak
 * RSS (219–229 MB); 64 MB gained nothing and took +35 MB.
 * The old generation is left uncapped: a cap would turn a large input into an out-of-memory failure.
 */
const WORKER_YOUNG_MB = 48;

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'batch'; records: number; findings: Finding[] }
  | { type: 'cut'; cut: TextCut | null }
  /** `states`: the cross-file rules' states of the second part (Engine.handOver); `count`: its row count. */
  | { type: 'done'; states: Record<string, unknown>; count?: GroupCountState | undefined }
  | { type: 'trace'; step: string; at: number }
  /** `states`: as with 'done', of the records read before the error (an unreadable file only). */
  | {
      type: 'error';
      input?: { position: InputError['position']; reason: string; text: InputError['text'] };
      message: string;
      states?: Record<string, unknown>;
      count?: GroupCountState | undefined;
    };

/** What the worker is started with. */
export interface WorkerInput {
  file: string;
  info: TextSourceInfo;
  /** This thread's layout of the table (found from the head of the file: the same for both parts). */
  layout: TableLayout;
  sheet: string | undefined;
  ruleSet?: string | undefined;
  today: string;
  /** The cut is the first record boundary at or after this byte. */
  target: number;
  /** EDUSYNC_DEBUG_PARTS: the worker traces its steps too. */
  trace: boolean;
  /** Rows per group to count in the second part (ValidateOptions.count). */
  count?: GroupCountSpec | undefined;
}

/** What the split decision looks at (injected in tests). */
export interface SplitInputs {
  /** EDUSYNC_THREADS: '1' never splits, '2' always does. */
  threads: string | undefined;
  cores: number;
  /** The 1-minute load average: used only without a usable CPU sample. */
  load1: number;
  /**
   * CPU time used by other processes (all cores, ms) over a window of `windowMs` just before the
   * decision: busy time of every core minus this process's own (its early worker included).
   */
  sample?: { windowMs: number; othersMs: number } | undefined;
}

/** A CPU sample shorter than this says little (os.cpus() counts in 10 ms ticks). */
const MIN_SAMPLE_MS = 100;

/**
 * Whether a second core is free enough for two parts to pay. Two parts cost ~20 % more CPU than
 * one: a gain only when the worker gets most of a core (1 M rows measured here: 13–16 s split vs
 * 9–13 s single when the cores were busy). The 1-minute load average lags: right after another
 * command it is still ≈ 1.1–1.3 on an idle 2-core machine, which kept `npm run bench validate` (it
 * runs csvclean first) on one thread; so the decision uses what the cores did in the last few
 * hundred ms (the start-up of this run) when that was measured, and the load average otherwise.
 */
export function splitDecision(inputs: SplitInputs): boolean {
  if (inputs.threads === '1') return false;
  if (inputs.threads === '2') return true;
  if (inputs.cores < 2) return false;
  const { sample } = inputs;
  if (sample !== undefined && sample.windowMs >= MIN_SAMPLE_MS) {
    // Cores other processes kept busy, on average; the worker needs half a core at least.
    return sample.othersMs / sample.windowMs <= inputs.cores - 1.5;
  }
  return inputs.load1 <= inputs.cores - 1;
}

/**
 * Busy time of every core (ms) and this process's CPU time (ms), to sample others' use; undefined
 * where os.cpus() does not describe the cores this process may use (a container limited to fewer
 * than the host's, a platform without the times).
 */
function cpuSnapshot(): { at: number; busy: number; own: number } | undefined {
  const all = cpus();
  if (all.length !== availableParallelism()) return undefined;
  let busy = 0;
  let idle = 0;
  for (const c of all) {
    busy += c.times.user + c.times.nice + c.times.sys + c.times.irq;
    idle += c.times.idle;
  }
  if (busy + idle === 0) return undefined;
  const own = process.cpuUsage();
  return { at: performance.now(), busy, own: (own.user + own.system) / 1000 };
}

/**
 * The two-thread plan of one validate run, made before anything is read: its worker is started at
 * once when a file may be large enough, so that its start-up (modules and schemas, ≈ 0.5 s on this
 * machine) runs beside this thread's own instead of after the head of the file is read; the CPU
 * sample for the decision starts here too.
 */
export interface PartsPlan {
  /**
   * Whether to check this text file in two parts: large enough (EDUSYNC_PARALLEL_MIN_BYTES lowers
   * the threshold for tests), UTF-8, the worker script exists (it does not when the sources run
   * untranspiled, as in unit tests), and splitDecision says a core is free.
   */
  wanted(info: TextSourceInfo): boolean;
  /** The worker started ahead (undefined once taken, or if none was started). */
  take(): Worker | undefined;
  /** Stops the worker if no table took it. */
  stop(): Promise<void>;
}

export function planParts(files: readonly string[]): PartsPlan {
  const min = minBytes();
  const threads = process.env.EDUSYNC_THREADS;
  const start = cpuSnapshot();
  let spare: Worker | undefined;
  const candidate =
    threads !== '1' &&
    availableParallelism() >= 2 &&
    existsSync(fileURLToPath(WORKER_URL)) &&
    files.some((f) => !/\.xls[xm]$/i.test(f) && sizeOf(f) >= min);
  if (candidate) {
    spare = startWorker();
    // Never keeps the process alive while unused; taken, it is ref'd again.
    spare.unref();
    spare.on('error', () => undefined);
    spare.on('exit', () => (spare = undefined));
  }
  return {
    wanted(info) {
      if (threads === '1' || info.encoding !== 'utf-8' || !(info.size >= min)) return false;
      if (!existsSync(fileURLToPath(WORKER_URL))) return false;
      // A sample shorter than MIN_SAMPLE_MS says nothing and the lagging load average decides
      // instead: import reached this point 67–78 ms after the plan was made and stayed on one
      // thread on an idle machine (load 1.3 from the run before), 2–3 s slower. The rest of the
      // window is waited out: at most MIN_SAMPLE_MS, for a file of 32 MB or more.
      if (start !== undefined) {
        const short = MIN_SAMPLE_MS - (performance.now() - start.at);
        if (short > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, short + 1);
      }
      const now = cpuSnapshot();
      const sample =
        start !== undefined && now !== undefined
          ? { windowMs: now.at - start.at, othersMs: Math.max(0, now.busy - start.busy - (now.own - start.own)) }
          : undefined;
      const load1 = loadavg()[0]!;
      const split = splitDecision({ threads, cores: availableParallelism(), load1, sample });
      const seen = sample ? `others used ${sample.othersMs.toFixed(0)} ms of CPU in ${sample.windowMs.toFixed(0)} ms` : 'no CPU sample';
      partsTrace()(`${split ? 'split' : 'one thread'}: ${seen}, load ${load1.toFixed(2)}`);
      // A busy machine: let the early worker's heap go now, not at the end of the run.
      if (!split) void this.stop();
      return split;
    },
    take() {
      const w = spare;
      spare = undefined;
      w?.removeAllListeners();
      w?.ref();
      return w;
    },
    async stop() {
      const w = spare;
      spare = undefined;
      if (w !== undefined) await w.terminate();
    },
  };
}

/** planParts for what `paths` name (files, folders); a path that cannot be listed counts for nothing. */
export function planPartsFor(paths: readonly string[]): PartsPlan {
  let files: string[] = [];
  try {
    files = discoverFiles([...paths]);
  } catch {
    // validateFiles reports it
  }
  return planParts(files);
}

function minBytes(): number {
  return Number(process.env.EDUSYNC_PARALLEL_MIN_BYTES ?? DEFAULT_MIN_BYTES);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

function startWorker(): Worker {
  return new Worker(WORKER_URL, { resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
}

export interface TextPartsInput {
  source: SheetSource;
  info: TextSourceInfo;
  layout: TableLayout;
  schemas: LoadedSchemas;
  engine: Engine;
  worker: Omit<WorkerInput, 'file' | 'info' | 'target' | 'trace' | 'layout' | 'sheet'>;
  columns: Readonly<Record<string, string>>;
  /** Checks the rows of the first part on this thread; says whether a footer row was seen. */
  consumeFirstPart: (rows: AsyncIterable<RawRow[]>) => Promise<boolean>;
  progress: (workerRecords: number) => void;
  /** The worker started ahead by the run's PartsPlan, if any. */
  started?: Worker | undefined;
  /** The run's row count: the worker's counts of the second part are added to it. */
  count?: GroupCount | undefined;
}

/**
 * Checks the table in two parts; returns the second part's record count (0 when the file could not
 * be cut: this thread then read it all, exactly like the single pass).
 */
export async function checkTextInParts(input: TextPartsInput): Promise<{ records: number }> {
  const { info, engine, layout } = input;
  const file = input.source.file;
  const share = Number(process.env.EDUSYNC_PARALLEL_SHARE ?? DEFAULT_FIRST_SHARE);
  const target = info.bomLength + Math.floor((info.size - info.bomLength) * share);
  const trace = partsTrace();
  // The worker looks for the cut itself (a scan of the first part, ≈ 0.35 s on 1 M rows) while
  // this thread already checks the first part: it needs the cut only when it gets near `target`.
  const workerInput: WorkerInput = { file, info, ...input.worker, layout, sheet: input.source.sheet, target, trace: process.env.EDUSYNC_DEBUG_PARTS === '1' };
  trace(input.started ? 'job sent to the worker started ahead' : 'starting the worker');
  const worker = input.started ?? startWorker();
  worker.postMessage(workerInput);

  let resolveCut!: (cut: TextCut | null) => void;
  const cutKnown = new Promise<TextCut | null>((resolve) => (resolveCut = resolve));
  let cut: TextCut | null | undefined;
  // Everything else the worker sends waits here until the first part is checked.
  const queue: WorkerMessage[] = [];
  let wake: (() => void) | undefined;
  let failure: unknown;
  let exited = false;
  let workerRecords = 0;
  worker.on('message', (m: WorkerMessage) => {
    if (m.type === 'trace') {
      trace(`worker: ${m.step}`, m.at);
      return;
    }
    if (m.type === 'cut') {
      cut = m.cut;
      trace(m.cut ? `cut at byte ${m.cut.offset} of ${info.size}, line ${m.cut.line}` : 'no cut');
      resolveCut(m.cut);
      return;
    }
    if (m.type === 'batch') {
      workerRecords += m.records;
      input.progress(workerRecords);
    }
    // Its last message: the worker thread would otherwise stay alive, heap and all (≈ 70–200 MB),
    // until this thread has merged every batch; its messages are all here already.
    if (m.type === 'done') void worker.terminate();
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure ??= e;
    resolveCut(null);
    wake?.();
  });
  worker.on('exit', () => {
    trace('worker exited');
    exited = true;
    resolveCut(null);
    wake?.();
  });

  // No cut (none after `target`, or the worker failed before finding one): read to the end here.
  const end = cutKnown.then((c) => (c === null ? info.size : c.offset));
  let footer: boolean;
  try {
    footer = await input.consumeFirstPart(textRangeRows(file, info, { start: info.bomLength, line: 1, end, noEndBefore: target }));
  } catch (error) {
    await worker.terminate();
    throw error;
  }
  trace(`first part checked (${queue.length} worker batches waiting)`);
  if (!cut || footer) {
    // Whole file read here, or the table ended in the first part: nothing from the worker counts.
    await worker.terminate();
    return { records: 0 };
  }

  let records = 0;
  for (;;) {
    const m = queue.shift();
    if (m === undefined) {
      if (failure !== undefined) throw failure;
      if (exited) throw new Error('edusync: the validation worker stopped before it finished.');
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      continue;
    }
    if (m.type === 'batch') {
      records += m.records;
      for (const f of m.findings) engine.adopt(f);
    } else if (m.type === 'done') {
      engine.takeOver(m.states);
      if (m.count) input.count?.merge(m.count);
      trace(`second part merged (${records} records)`);
      await worker.terminate();
      return { records };
    } else if (m.type === 'error') {
      await worker.terminate();
      // The single pass would have logged the records read before the error: the other files'
      // duplicates must still find them.
      if (m.input && m.states) engine.takeOver(m.states);
      if (m.input && m.count) input.count?.merge(m.count);
      throw m.input ? rebuildInputError(m.input) : new Error(m.message);
    }
  }
}

/** The worker's InputError as the single pass would have thrown it (same position, reason, text). */
function rebuildInputError(e: { position: InputError['position']; reason: string; text: InputError['text'] }): InputError {
  const error = Object.create(InputError.prototype) as InputError;
  Object.assign(error, { position: e.position, reason: e.reason, text: e.text, message: e.text.en, name: 'InputError' });
  return error;
}

/**
 * EDUSYNC_DEBUG_PARTS=1: one stderr line per step (time since start, RSS), for benchmarks and for
 * tests that must know the two-part path ran.
 */
function partsTrace(): (step: string, at?: number) => void {
  if (process.env.EDUSYNC_DEBUG_PARTS !== '1') return () => undefined;
  // Times are since this process started; a worker's step comes with its own clock (epoch ms).
  return (step, at) => {
    const ms = at === undefined ? performance.now() : at - performance.timeOrigin;
    process.stderr.write(`edusync parts: ${step} at ${ms.toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
  };
}
