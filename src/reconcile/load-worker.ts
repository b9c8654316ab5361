/**
 * Reads one side of a reconciliation in a worker thread while the main thread reads the other
 * (the two reads are independent and each takes most of a core on a million rows).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadSide } from './load.js';
import { Interner } from './table.js';

const { label, path, sheet } = workerData as { label: string; path: string; sheet?: string };
try {
  const table = await loadSide(label, path, new Interner(), { sheet });
  const { data, transfer } = table.exportData();
  parentPort!.postMessage({ ok: true, data }, transfer);
} catch {
  // The main thread reads the side again and reports the error itself (with its exit code).
  parentPort!.postMessage({ ok: false });
}
