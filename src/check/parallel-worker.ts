/**
 * The worker of the two-thread path (parallel.ts): started ahead, it loads the rules and schemas,
 * then, given a job (the file, the main thread's layout of its table, a target byte), finds the
 * cut, checks the second part of the file with every rule and sends back, per batch of rows, the
 * findings and the record count, and at the end the cross-file rules' state. Messages arrive in
 * file order; the main thread relies on it.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { textRangeRows } from '../io/read-text.js';
import { findTextCut } from '../io/text-split.js';
import { loadSchemas, selectRuleSet } from '../schema/load.js';
import { createEngine, type Engine } from './engine.js';
import { GroupCount } from './group-count.js';
import type { WorkerInput, WorkerMessage } from './parallel.js';
import { createTableConsumer, recordSink } from './pipeline.js';

const port = parentPort!;
// Started ahead (parallel.ts planParts): the schemas load while the main thread reads the file's
// head; the job comes as the first message.
const schemas = loadSchemas();
let input!: WorkerInput;
let engine: Engine | undefined;
let counted: GroupCount | undefined;

function send(m: WorkerMessage): void {
  port.postMessage(m);
}

function trace(step: string): void {
  if (input.trace) send({ type: 'trace', step, at: performance.timeOrigin + performance.now() });
}

async function main(): Promise<void> {
  const { info } = input;
  trace('started');
  const cut = findTextCut(input.file, info.bomLength, input.target, info.delimiter);
  send({ type: 'cut', cut: cut ?? null });
  trace('cut found');
  if (cut === undefined) return;
  const checker = createEngine({ schemas, ruleSet: selectRuleSet(schemas, input.ruleSet ?? input.today), today: input.today });
  engine = checker;
  const layout = input.layout;
  const source = { file: input.file, sheet: input.sheet };
  trace('engine ready');
  // Every rule runs here, the cross-file ones too: their logs (typed arrays) go to the main thread
  // once, at the end, and are appended to its own (Engine.takeOver).
  const count = input.count ? new GroupCount(input.count) : undefined;
  counted = count;
  const { consume } = createTableConsumer(source, layout, schemas, recordSink(checker, undefined, count), (finding) => checker.add(finding));
  for await (const batch of textRangeRows(input.file, info, { start: cut.offset, end: info.size, line: cut.line })) {
    const records = consume(batch);
    send({ type: 'batch', records, findings: checker.drain() });
  }
  trace('second part checked');
  const states = checker.handOver();
  port.postMessage({ type: 'done', states, count: count?.state() } satisfies WorkerMessage, buffersOf(states));
}

/** The ArrayBuffers under the typed arrays of `value`, moved rather than copied to the main thread. */
function buffersOf(value: unknown, out: ArrayBuffer[] = [], seen = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    const buffer = value.buffer;
    if (buffer instanceof ArrayBuffer && !seen.has(buffer)) {
      seen.add(buffer);
      out.push(buffer);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) buffersOf(v, out, seen);
  } else if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) buffersOf(v, out, seen);
  }
  return out;
}

port.once('message', (job: WorkerInput) => {
  input = job;
  main().catch(fail);
});

function fail(error: unknown): void {
  if (error instanceof InputError) {
    const states = engine?.handOver();
    const input = { position: error.position, reason: error.reason, text: error.text };
    port.postMessage({ type: 'error', input, message: error.message, states, count: counted?.state() } satisfies WorkerMessage, buffersOf(states));
  } else {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
}
