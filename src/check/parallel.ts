/**
 * Two-thread validation of one large csv/tsv table (issue #3: 1 M rows in ≤ 1.5 × csvclean -n).
 * Parsing, mapping and the per-record rules are most of the time and need nothing but the record,
 * so the file is cut in two at a record boundary (io/text-split.ts): this thread checks the first
 * part with the whole engine, a worker (parallel-worker.ts) checks the second part with the
 * per-record rules only and sends back its findings and, for the cross-file rules, a small extract
 * of each record (rules/utils/cross-file-extract.ts). Once the first part is done, the extracts are
 * replayed here through the cross-file rules, in file order, so that "first seen" and every
 * duplicate finding come out exactly as a single pass gives them.
 *
 * Equal to the single pass by construction:
 * - the worker finds the same layout (it reads the same head with the same code);
 * - rows carry the same numbers (the cut knows its line number);
 * - a footer row ends the table: if the first part saw one, the worker's results are dropped;
 * - an unreadable-file error in the first part drops the worker's results; one in the second part
 *   is thrown after the extracts read before it are replayed, as the single pass would have.
 * Only UTF-8 files are cut (UTF-16 would need the cut on a 2-byte boundary; not worth it).
 */
import { availableParallelism, loadavg } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import type { TableLayout } from '../io/header-map.js';
import type { RawRow, SheetSource, TextSourceInfo } from '../io/types.js';
import { textRangeRows } from '../io/read-text.js';
import type { TextCut } from '../io/text-split.js';
import { createExtractCodec } from '../rules/utils/cross-file-extract.js';
import type { LoadedSchemas } from '../schema/load.js';
import type { EntitySchema } from '../schema/format.js';
import type { Engine } from './engine.js';
import type { Finding } from './finding.js';

/** Smaller files are not worth a worker (its start-up costs ≈ 0.1 s). */
const DEFAULT_MIN_BYTES = 32 * 1024 * 1024;
/**
 * Share of the file this thread checks. It also replays the worker's extracts through the
 * cross-file rules at the end, but the worker starts later, scans this thread's part for the cut,
 * encodes an extract per record and collects more garbage in its capped young generation. Profiles
 * of 2026-11-26 (1 M rows, after the per-row work was cut, load 3–7): at 0.5 this thread sat idle
 * ≈ 3 s waiting for the worker's last batches; at 0.57 it still waited ≈ 0.5 s (the merge took
 * 0.8 s after its part, 4.9–6.0 s in all); at 0.62 the worker was done first and the merge took
 * 0.3 s (4.5 s in all). EDUSYNC_PARALLEL_SHARE overrides it for measurements.
 */
const DEFAULT_FIRST_SHARE = 0.6;

const WORKER_URL = new URL('./parallel-worker.js', import.meta.url);
/**
 * The worker's young generation (MB). Its records die young, a batch at a time; V8's default lets
 * that space grow far larger while this thread's heap is at its largest too. Measured on 1 M rows,
 * two threads, before the text was read in pieces: peak RSS 487–499 MB by default, 389–407 MB at
 * 4 MB (8: 413–466, 2: 405–413). Since (2026-11-26, load 7, one run each): 4 MB 288 MB and 9.1 s
 * user CPU (a third of the worker's time was GC), 16 MB 270 MB and 7.9 s, 32 MB 290 MB and 8.0 s.
 * The old generation is left uncapped: a cap would turn a large input into an out-of-memory failure.
 */
const WORKER_YOUNG_MB = 16;

/** Messages from the worker. */
export type WorkerMessage =
  | { type: 'batch'; records: number; findings: Finding[]; extracts: string }
  | { type: 'cut'; cut: TextCut | null }
  | { type: 'done' }
  | { type: 'error'; input?: { position: InputError['position']; reason: string; text: InputError['text'] }; message: string };

/** What the worker is started with. */
export interface WorkerInput {
  file: string;
  info: TextSourceInfo;
  entity?: EntitySchema['entity'] | undefined;
  ruleSet?: string | undefined;
  today: string;
  extracts: boolean;
  /** The cut is the first record boundary at or after this byte. */
  target: number;
}

/**
 * Whether to check this text file in two parts: large enough, UTF-8, more than one core and one of
 * them idle, not switched off (EDUSYNC_THREADS=1), and the worker script exists (it does not when the sources run
 * untranspiled, as in unit tests). EDUSYNC_PARALLEL_MIN_BYTES lowers the size threshold for tests.
 */
export function textPartsWanted(info: TextSourceInfo): boolean {
  if (process.env.EDUSYNC_THREADS === '1') return false;
  if (info.encoding !== 'utf-8') return false;
  const min = Number(process.env.EDUSYNC_PARALLEL_MIN_BYTES ?? DEFAULT_MIN_BYTES);
  if (!(info.size >= min)) return false;
  const cores = availableParallelism();
  if (cores < 2) return false;
  // Two parts cost ~25 % more CPU than one: a gain only when a core is free. On a machine already
  // busy (1 M rows measured here: 13–16 s split vs 9–13 s single under load) stay on one thread.
  // Findings are the same either way; EDUSYNC_THREADS=2 forces the split (tests).
  if (process.env.EDUSYNC_THREADS !== '2' && loadavg()[0]! > cores - 1) return false;
  return existsSync(fileURLToPath(WORKER_URL));
}

export interface TextPartsInput {
  source: SheetSource;
  info: TextSourceInfo;
  layout: TableLayout;
  schemas: LoadedSchemas;
  engine: Engine;
  worker: Omit<WorkerInput, 'file' | 'info' | 'extracts' | 'target'>;
  columns: Readonly<Record<string, string>>;
  /** Checks the rows of the first part on this thread; says whether a footer row was seen. */
  consumeFirstPart: (rows: AsyncIterable<RawRow[]>) => Promise<boolean>;
  progress: (workerRecords: number) => void;
}

/**
 * Checks the table in two parts; returns the second part's record count (0 when the file could not
 * be cut: this thread then read it all, exactly like the single pass).
 */
export async function checkTextInParts(input: TextPartsInput): Promise<{ records: number }> {
  const { info, engine, layout } = input;
  const file = input.source.file;
  const extracts = engine.hasCrossFile(layout.entity);
  const share = Number(process.env.EDUSYNC_PARALLEL_SHARE ?? DEFAULT_FIRST_SHARE);
  const target = info.bomLength + Math.floor((info.size - info.bomLength) * share);
  const trace = partsTrace();
  // The worker looks for the cut itself (a scan of the first part, ≈ 0.35 s on 1 M rows) while
  // this thread already checks the first part: it needs the cut only when it gets near `target`.
  const workerInput: WorkerInput = { file, info, ...input.worker, extracts, target };
  const worker = new Worker(WORKER_URL, { workerData: workerInput, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });

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

  const codec = extracts ? createExtractCodec(input.schemas) : undefined;
  const table = { entity: layout.entity, file, sheet: input.source.sheet, columns: input.columns };
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
      if (codec !== undefined && m.extracts.length > 0) {
        for (const r of codec.decode(m.extracts, table)) engine.crossFile(r);
      }
    } else if (m.type === 'done') {
      trace(`second part merged (${records} records)`);
      await worker.terminate();
      return { records };
    } else if (m.type === 'error') {
      await worker.terminate();
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
function partsTrace(): (step: string) => void {
  if (process.env.EDUSYNC_DEBUG_PARTS !== '1') return () => undefined;
  const t0 = performance.now();
  return (step) => process.stderr.write(`edusync parts: ${step} at ${(performance.now() - t0).toFixed(0)} ms, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB\n`);
}
