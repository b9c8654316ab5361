/**
 * The hot-path contract of the cell readers: a reader returns the value and reports problems and
 * repairs through a sink that the caller resets per cell, so a clean cell allocates nothing.
 */
import type { CellValue } from '../types.js';
import type { FieldValue, Repair, ValueProblem } from '../record.js';

export type RepairKind = Repair['kind'];
export type RepairNote = Omit<Repair, 'field'>;

export interface ReadSink {
  problem: ValueProblem | undefined;
  repairs: RepairNote[] | undefined;
}

export type CellReader = (cell: CellValue, sink: ReadSink) => FieldValue;

export function newSink(): ReadSink {
  return { problem: undefined, repairs: undefined };
}

export function addRepair(sink: ReadSink, kind: RepairKind, from: string, to: string): void {
  const note: RepairNote = { kind, from, to };
  if (sink.repairs === undefined) sink.repairs = [note];
  else sink.repairs.push(note);
}

/** Text of a non-string cell, as a user would read it. */
export function cellText(cell: Exclude<CellValue, null>): string {
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE';
  return cell.iso;
}
