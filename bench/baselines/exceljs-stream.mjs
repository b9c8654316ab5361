// Baseline: ExcelJS streaming reader, reading every cell value of every row. No checks at all.
import ExcelJS from 'exceljs';

let rows = 0;
let cells = 0;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], { sharedStrings: 'cache', styles: 'cache', worksheets: 'emit' });
for await (const sheet of reader) {
  for await (const row of sheet) {
    rows++;
    row.eachCell({ includeEmpty: false }, (cell) => {
      if (cell.value !== undefined) cells++;
    });
  }
}
process.stderr.write(`exceljs: ${rows} rows, ${cells} cells\n`);
