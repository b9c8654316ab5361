/**
 * The worker of the two-thread path (parallel.ts): finds the table's layout from the file's head
 * exactly as the main thread did, waits for the cut, then checks the second part of the file with
 * the per-record rules and sends back, per batch of rows, the findings, the record count and the
 * cross-file extracts. Messages arrive in file order; the main thread relies on it.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { detectLayout } from '../io/header-map.js';
import { openFile } from '../io/read.js';
import { textRangeRows } from '../io/read-text.js';
import { findTextCut } from '../io/text-split.js';
import { createExtractCodec } from '../rules/utils/cross-file-extract.js';
import { loadSchemas, selectRuleSet } from '../schema/load.js';
import { createEngine } from './engine.js';
import type { WorkerInput, WorkerMessage } from './parallel.js';
import { createTableConsumer, readHead } from './pipeline.js';

const port = parentPort!;
const input = workerData as WorkerInput;

function send(m: WorkerMessage): void {
  port.postMessage(m);
}

async function main(): Promise<void> {
  const { info } = input;
  const cut = findTextCut(input.file, info.bomLength, input.target, info.delimiter);
  send({ type: 'cut', cut: cut ?? null });
  if (cut === undefined) return;
  const schemas = loadSchemas();
  const engine = createEngine({ schemas, ruleSet: selectRuleSet(schemas, input.ruleSet ?? input.today), today: input.today, part: 'local' });
  const [source] = await openFile(input.file, { limits: input.info.limits });
  const iterator = source!.rows[Symbol.asyncIterator]();
  const { head } = await readHead(iterator);
  await iterator.return?.();
  const layout = detectLayout(head, source!.merges, schemas, input.entity ? { entity: input.entity } : undefined);
  if (!layout) throw new Error('edusync: the worker found no header where the main thread found one.');
  const codec = input.extracts ? createExtractCodec(schemas) : undefined;
  // Joined once per batch: `+=` on a string builds a rope that postMessage must flatten, which
  // cost ≈ 0.5 s of the worker's time on 1 M rows (profile).
  let extracts: string[] = [];
  const { consume } = createTableConsumer(
    source!,
    layout,
    schemas,
    codec
      ? (record) => {
          engine.record(record);
          extracts.push(codec.encode(record));
        }
      : (record) => engine.record(record),
    (finding) => engine.add(finding),
  );
  for await (const batch of textRangeRows(input.file, info, { start: cut.offset, end: info.size, line: cut.line })) {
    const records = consume(batch);
    send({ type: 'batch', records, findings: engine.drain(), extracts: extracts.join('') });
    extracts = [];
  }
  send({ type: 'done' });
}

main().catch((error: unknown) => {
  if (error instanceof InputError) {
    send({ type: 'error', input: { position: error.position, reason: error.reason, text: error.text }, message: error.message });
  } else {
    send({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
