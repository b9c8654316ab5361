/**
 * Issue #9 item 5: property-based tests (fast-check) for everything that touches a user's file.
 *
 * - readers (`openFile` on csv/tsv/xlsx, and the CSV scanner fed in pieces): on any input they
 *   throw nothing but InputError, and the rows they give keep their invariants (row numbers ≥ 1
 *   and strictly increasing, cells are CellValues, no more columns than the limit);
 * - header mapping (`detectLayout`, `createRowClassifier`): never throw, on any rows and merges;
 * - repairs (`readValue` for every field of student.json and teacher.json): never throw; text out
 *   is NFC; a date is null, a real ISO yyyy-mm-dd, or comes with a problem.
 *
 * Runs are bounded (a few hundred cases each; the whole file takes a few seconds). A failure
 * prints the seed and the shrunk counterexample: add it to the `examples` of that property.
 * Reader bugs found this way are pinned in known-bugs.test.ts.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { InputError } from '../../src/errors.js';
import { openFile } from '../../src/io/read.js';
import { CsvScanner, type Delimiter } from '../../src/io/read-text.js';
import { createRowClassifier, detectLayout } from '../../src/io/header-map.js';
import { readValue } from '../../src/io/repair/index.js';
import { DEFAULT_LIMITS, type CellValue, type MergeRange, type RawRow, type ReadLimits } from '../../src/io/types.js';
import { loadSchemas } from '../../src/schema/load.js';
import type { Field } from '../../src/schema/format.js';

const schemas = loadSchemas();
const dir = mkdtempSync(join(tmpdir(), 'edusync-props-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

// ---------------------------------------------------------------------------------------------
// Shared checks

function isCellValue(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return true;
  return typeof v === 'object' && (v as { kind?: unknown }).kind === 'date' && typeof (v as { iso?: unknown }).iso === 'string';
}

/** Drains every sheet of a file; returns what was read, or the InputError; anything else is rethrown. */
async function readAll(path: string, limits?: Partial<ReadLimits>): Promise<{ rows: RawRow[][]; error?: InputError }> {
  const out: RawRow[][] = [];
  try {
    const sheets = await openFile(path, { limits });
    for (const s of sheets) {
      const rows: RawRow[] = [];
      for await (const batch of s.rows) for (const r of batch) rows.push(r);
      out.push(rows);
    }
    return { rows: out };
  } catch (e) {
    if (e instanceof InputError) return { rows: out, error: e };
    throw e;
  }
}

/** Row invariants every reader promises. */
function expectRowInvariants(sheets: RawRow[][], limits: ReadLimits): void {
  for (const rows of sheets) {
    let last = 0;
    for (const r of rows) {
      expect(Number.isSafeInteger(r.row) && r.row >= 1, `row number ${r.row}`).toBe(true);
      expect(r.row, `row numbers must increase (${last} then ${r.row})`).toBeGreaterThan(last);
      last = r.row;
      expect(r.cells.length).toBeLessThanOrEqual(limits.maxColumns);
      for (const c of r.cells) {
        expect(isCellValue(c)).toBe(true);
        if (typeof c === 'string') expect(c.length).toBeLessThanOrEqual(limits.maxCellChars);
      }
    }
  }
}

const tightLimits = fc.constantFrom<Partial<ReadLimits>>({}, { maxCellChars: 40, maxColumns: 8 }, { maxCellChars: 5, maxColumns: 3 });

// ---------------------------------------------------------------------------------------------
// Text reader

/** Bytes, biased towards the ones that drive the scanner and the decoder. */
const hostileByte = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 255 }) },
  { weight: 4, arbitrary: fc.constantFrom(0x22, 0x2c, 0x3b, 0x09, 0x0a, 0x0d, 0x41, 0x61, 0x20) },
  { weight: 1, arbitrary: fc.constantFrom(0x00, 0xef, 0xbb, 0xbf, 0xff, 0xfe, 0xc3, 0xa1, 0xe1, 0xbb, 0x85, 0xed, 0xa0, 0x80, 0xf4, 0x90) },
);
const BOMS = [[], [0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]] as const;

/** Characters of a hostile text: structure, lone surrogates, NUL, BOMs, Vietnamese, controls. */
const hostileChar = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('"', ',', ';', '\t', '\n', '\r', '\r\n', 'a', 'Ắ', ' ', 'sep=;\n') },
  { weight: 2, arbitrary: fc.constantFrom('\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\u0000', '\uFEFF', '\uFFFE', '\u0085', '\u2028', '\u00A0', 'e\u0301', '\uD83D\uDE00') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom('Mã học sinh', 'Họ và tên', 'Ngày sinh', '01/02/2014', '=HYPERLINK("http://x/","y")', '""') },
);
const hostileText = fc.array(hostileChar, { maxLength: 200 }).map((a) => a.join(''));

function encode(text: string, how: 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be'): Buffer {
  if (how === 'utf8') return Buffer.from(text, 'utf8');
  if (how === 'utf8-bom') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  const le = Buffer.from(text, 'utf16le'); // keeps lone surrogates as they are
  if (how === 'utf16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), le]);
  const be = Buffer.from(le);
  be.swap16();
  return Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
}

describe('text reader on hostile bytes', () => {
  it('arbitrary bytes: only InputError, rows keep their invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BOMS), fc.array(hostileByte, { maxLength: 600 }), tightLimits, async (bom, bytes, limits) => {
        const path = join(dir, `b${fileNo++}.csv`);
        writeFileSync(path, Buffer.from([...bom, ...bytes]));
        const { rows } = await readAll(path, limits);
        expectRowInvariants(rows, { ...DEFAULT_LIMITS, ...limits });
      }),
      { numRuns: 300 },
    );
  });

  it('arbitrary Unicode (lone surrogates, NUL, BOMs, quotes, delimiters, CR/LF mixes) in four encodings', async () => {
    await fc.assert(
      fc.asyncProperty(hostileText, fc.constantFrom('utf8', 'utf8-bom', 'utf16le', 'utf16be' as const), tightLimits, async (text, how, limits) => {
        const path = join(dir, `u${fileNo++}.tsv`);
        writeFileSync(path, encode(text, how));
        const { rows } = await readAll(path, limits);
        expectRowInvariants(rows, { ...DEFAULT_LIMITS, ...limits });
      }),
      { numRuns: 300 },
    );
  });

  it('a large file: the 512 KiB chunk boundary falls inside quoted fields and CRLF pairs', async () => {
    // A few big cases: the text is repeated until it crosses several chunks of the reader.
    await fc.assert(
      fc.asyncProperty(fc.array(hostileChar, { minLength: 1, maxLength: 60 }).map((a) => a.join('')), async (piece) => {
        const path = join(dir, `l${fileNo++}.csv`);
        const text = 'Mã học sinh,Họ và tên\n' + piece.repeat(Math.ceil(560_000 / Math.max(1, piece.length)));
        writeFileSync(path, text);
        const { rows } = await readAll(path);
        expectRowInvariants(rows, DEFAULT_LIMITS);
      }),
      { numRuns: 5 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// CSV scanner: pieces must not change the result

type ScanResult = { rows: RawRow[]; error?: string };

function scan(pieces: string[], delimiter: Delimiter, limits: ReadLimits, sepLine: boolean): ScanResult {
  const s = new CsvScanner('x.csv', delimiter, limits, sepLine);
  const rows: RawRow[] = [];
  try {
    for (const p of pieces) for (const r of s.push(p, false)) rows.push(r);
    for (const r of s.push('', true)) rows.push(r);
    return { rows };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    return { rows, error: `${e.reason} ${JSON.stringify(e.position)}` };
  }
}

describe('CSV scanner', () => {
  it('gives the same rows (or the same refusal) whichever way the text is cut into pieces', () => {
    fc.assert(
      fc.property(
        hostileText,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.constantFrom<Delimiter>(',', ';', '\t'),
        fc.boolean(),
        fc.constantFrom<Partial<ReadLimits>>({}, { maxCellChars: 40, maxColumns: 8 }),
        (text, cutsRaw, delimiter, sepLine, partial) => {
          const limits = { ...DEFAULT_LIMITS, ...partial };
          const cuts = [...new Set(cutsRaw.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces: string[] = [];
          let from = 0;
          for (const c of cuts) {
            pieces.push(text.slice(from, c));
            from = c;
          }
          pieces.push(text.slice(from));
          const whole = scan([text], delimiter, limits, sepLine);
          const cut = scan(pieces, delimiter, limits, sepLine);
          expect(cut.error).toEqual(whole.error);
          if (whole.error === undefined) expect(cut.rows).toEqual(whole.rows);
          expectRowInvariants([whole.rows], limits);
        },
      ),
      { numRuns: 500 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// xlsx reader on generated workbooks

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Pieces of SpreadsheetML, well-formed or not, in any order. */
const xmlToken = fc.oneof(
  fc.integer({ min: 0, max: 30 }).map((r) => `<row r="${r}">`),
  fc.constant('<row>'),
  fc.constant('</row>'),
  fc.constant('<row/>'),
  fc.tuple(fc.constantFrom('A', 'B', 'Z', 'AA', 'BXY', 'XFD', 'ZZZZ', ''), fc.integer({ min: 0, max: 30 })).map(([c, r]) => `<c r="${c}${r}">`),
  fc.constantFrom('<c t="s">', '<c t="inlineStr">', '<c t="b">', '<c t="d">', '<c t="str">', '<c t="e">', '<c s="1">', "<c t='n' s='99999'>", '<c/>', '</c>'),
  fc.constantFrom('<v>', '</v>', '<v/>', '<is><t>', '</t></is>', '<t xml:space="preserve">', '<f>HYPERLINK("http://x/")</f>', '<rPh><t>ふ</t></rPh>'),
  fc.constantFrom('0', '1', '-1', '1e308', 'NaN', '60', '2958465', '2024-02-31', '2024-13-45T00:00', '99999999999999999999', 'true', '#N/A'),
  fc.constantFrom('&amp;', '&#0;', '&#x110000;', '&#xD800;', '&lol;', '_x0000_', '_xD800_', '&', '<', '>', ']]>', '<![CDATA[x]]>'),
  fc.constantFrom('<mergeCells><mergeCell ref="A1:B2"/></mergeCells>', '<mergeCell ref="ZZ9:A1"/>', '</sheetData>', '<sheetData>'),
  fc.string({ unit: 'binary', maxLength: 8 }),
);

function workbook(sheetBody: string, sharedStrings: string | undefined, styles: string | undefined): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    'xl/workbook.xml': strToU8(`<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
    'xl/worksheets/sheet1.xml': strToU8(`<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${sheetBody}</sheetData></worksheet>`),
  };
  if (sharedStrings !== undefined) files['xl/sharedStrings.xml'] = strToU8(`<sst xmlns="${NS}">${sharedStrings}</sst>`);
  if (styles !== undefined) files['xl/styles.xml'] = strToU8(styles);
  return zipSync(files, { level: 1 });
}

const STYLES = `<styleSheet xmlns="${NS}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>`;

describe('xlsx reader on generated workbooks', () => {
  it('random SpreadsheetML inside a valid package: only InputError, cells are CellValues', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(xmlToken, { maxLength: 80 }).map((a) => a.join('')),
        fc.option(fc.array(xmlToken, { maxLength: 20 }).map((a) => `<si><t>${a.join('')}</t></si><si/><si><t>x</t></si>`)),
        fc.boolean(),
        tightLimits,
        async (body, ss, withStyles, limits) => {
          const path = join(dir, `x${fileNo++}.xlsx`);
          writeFileSync(path, workbook(body, ss ?? undefined, withStyles ? STYLES : undefined));
          const { rows } = await readAll(path, limits);
          // Row numbers: ≥ 1 and strictly increasing, whatever the r attributes say.
          for (const sheet of rows) {
            let last = 0;
            for (const r of sheet) {
              expect(r.row).toBeGreaterThan(last);
              last = r.row;
              expect(r.cells.length).toBeLessThanOrEqual({ ...DEFAULT_LIMITS, ...limits }.maxColumns);
              for (const c of r.cells) expect(isCellValue(c)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a zip header followed by arbitrary bytes, or a real package with bytes flipped: only InputError', async () => {
    const good = workbook('<row r="1"><c r="A1" t="inlineStr"><is><t>Mã học sinh</t></is></c></row>', '<si><t>a</t></si>', STYLES);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.concat([Buffer.from('PK\u0003\u0004'), b])),
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
            const b = Buffer.from(good);
            for (const [i, v] of flips) b[i % b.length] = v;
            b.writeUInt32LE(0x04034b50, 0);
            return b;
          }),
        ),
        async (bytes) => {
          const path = join(dir, `z${fileNo++}.xlsx`);
          writeFileSync(path, bytes);
          await readAll(path);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Header mapping

const LABELS: string[] = [];
for (const e of schemas.entities.values()) {
  for (const f of e.schema.fields) {
    LABELS.push(f.label, ...((f as { aliases?: string[] }).aliases ?? []));
  }
}
LABELS.push('STT', 'Ghi chú', 'Thông tin cha', 'Mẹ', 'Họ tên', 'Năm sinh', 'Tổng cộng', 'Người lập biểu', '(1)', '1', 'DANH SÁCH HỌC SINH');

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...LABELS) },
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 2, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 1000 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((iso) => ({ kind: 'date' as const, iso })) },
  { weight: 1, arbitrary: fc.constantFrom(' '.repeat(900), 'x'.repeat(5000), 'Họ và tên'.normalize('NFD'), 'Họ\u200Bvà\ntên', 'Ngày sinh (dd/mm/yyyy) (*)') },
);

/** Rows with strictly increasing numbers (gaps allowed), ragged widths. */
const rawRows: fc.Arbitrary<RawRow[]> = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.array(anyCell, { maxLength: 16 })), { maxLength: 14 })
  .chain((list) =>
    fc.integer({ min: 1, max: 1_000_000 }).map((start) => {
      let row = start - 1;
      return list.map(([gap, cells]) => ({ row: (row += gap), cells }));
    }),
  );

const merge: fc.Arbitrary<MergeRange> = fc.record({
  top: fc.integer({ min: -2, max: 40 }),
  bottom: fc.integer({ min: -2, max: 40 }),
  left: fc.integer({ min: -2, max: 20 }),
  right: fc.oneof(fc.integer({ min: -2, max: 20 }), fc.constant(16_383), fc.constant(2 ** 31)),
});

describe('header mapping on arbitrary rows', () => {
  it('detectLayout and the row classifier never throw; a layout points inside the rows', () => {
    fc.assert(
      fc.property(rawRows, fc.array(merge, { maxLength: 8 }), fc.constantFrom(undefined, 'student', 'teacher', 'class', 'school', 'result' as const), rawRows, (head, merges, entity, later) => {
        const layout = detectLayout(head, merges, schemas, entity === undefined ? undefined : { entity });
        if (layout === null) return;
        const numbers = head.map((r) => r.row);
        for (const h of layout.headerRows) expect(numbers).toContain(h);
        expect(layout.dataStartRow).toBeGreaterThan(Math.max(...layout.headerRows));
        const width = Math.max(0, ...head.map((r) => r.cells.length));
        for (const index of Object.values(layout.fieldColumns)) {
          expect(Number.isInteger(index) && index >= 0 && index < Math.max(width, 1)).toBe(true);
        }
        const classify = createRowClassifier(layout);
        for (const r of [...head, ...later]) expect(['data', 'blank', 'footer', 'repeated-header']).toContain(classify(r));
      }),
      { numRuns: 400 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Repairs

const FIELDS: Array<{ entity: string; field: Field }> = [];
for (const name of ['student', 'teacher']) {
  const entity = schemas.entities.get(name as 'student');
  if (entity === undefined) throw new Error(`schema ${name} missing`);
  for (const field of entity.schema.fields) FIELDS.push({ entity: name, field });
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
/** Date-ish text: every accepted form and many that are not. */
const dateText = fc
  .tuple(digits(1).chain((a) => fc.constantFrom(a, a + '0', '0' + a, '00', '31', '29')), fc.constantFrom('/', '-', '.', ' ', '/ '), fc.constantFrom('1', '02', '13', '00', '12'), fc.constantFrom('2014', '0000', '0999', '1900', '2100', '99999', '14', '1899'), fc.constantFrom('', ' 10:30', 'T00:00:00Z', ' ', '\u00A0'))
  .chain(([d, sep, m, y, time]) => fc.constantFrom(`${d}${sep}${m}${sep}${y}${time}`, `${y}-${m}-${d}${time}`, `${y}${sep}${m}${sep}${d}`));

const repairCell: fc.Arbitrary<CellValue> = fc.oneof(
  { weight: 3, arbitrary: anyCell },
  { weight: 3, arbitrary: dateText },
  { weight: 1, arbitrary: digits(4).chain((y) => fc.tuple(fc.constant(y), digits(2), digits(2))).map(([y, m, d]) => ({ kind: 'date' as const, iso: `${y}-${m}-${d}` })) },
  { weight: 2, arbitrary: fc.constantFrom('NguyÔn V¨n A', 'NguyÃªn VÄƒn', 'Nguy\u00ADễn', ' 0912 345 678 ', '+84912345678', '1.23457E+11', '012345678901', '1,5', '1.000,5', '-0', 'Có', 'x', 'Nữ', '  Kinh ', 'e\u0301', '\u1EA0', '\uFB01', '\u212B') },
  { weight: 2, arbitrary: fc.oneof(fc.double({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 80_000 }), fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 60, 1.5, 1e21, 123456789012)) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom('0', '1', '9', ' ', '.', '-', 'O', 'l', '٣', '１'), { maxLength: 14 }).map((a) => a.join('')) },
);

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
function isRealIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][mo - 1];
  return days !== undefined && d >= 1 && d <= days;
}

describe('repairs on arbitrary cells', () => {
  const ctx = { codeLists: schemas.codeLists };

  it('readValue never throws, for every field type of student.json and teacher.json', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FIELDS), repairCell, ({ field }, cell) => {
        const r = readValue(field, cell, ctx);
        const v = r.value;
        expect(v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').toBe(true);
        if (typeof v === 'string' && r.problem === undefined && field.type !== 'date') {
          // text that comes out clean is NFC (a value with a problem is "as written, NFC" too)
          expect(v, `${field.key} ← ${JSON.stringify(cell)}`).toBe(v.normalize('NFC'));
        }
        if (typeof v === 'number') expect(Number.isFinite(v), `${field.key} ← ${JSON.stringify(cell)}`).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a repaired text is NFC, whether or not it has a problem', () => {
    const textFields = FIELDS.filter(({ field }) => field.type === 'text' || field.type === 'name');
    fc.assert(
      fc.property(fc.constantFrom(...textFields), repairCell, ({ field }, cell) => {
        const v = readValue(field, cell, ctx).value;
        if (typeof v === 'string') expect(v, JSON.stringify(cell)).toBe(v.normalize('NFC'));
      }),
      { numRuns: 500 },
    );
  });

  it('a date is null, a real yyyy-mm-dd, or comes with a problem (text cells)', () => {
    const dateFields = FIELDS.filter(({ field }) => field.type === 'date');
    const textOrNumber = repairCell.filter((c) => c === null || typeof c !== 'object');
    fc.assert(
      fc.property(fc.constantFrom(...dateFields), textOrNumber, ({ field }, cell) => {
        const r = readValue(field, cell, ctx);
        if (r.value === null || r.problem !== undefined) return;
        expect(typeof r.value === 'string' && isRealIsoDate(r.value), `${field.key} ← ${JSON.stringify(cell)} → ${JSON.stringify(r.value)}`).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
