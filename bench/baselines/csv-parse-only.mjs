// Baseline: csv-parse (streaming API), parse only, counting records. No checks at all.
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

let records = 0;
const parser = createReadStream(process.argv[2]).pipe(parse({ bom: true, relax_column_count: true }));
for await (const _ of parser) records++;
process.stderr.write(`csv-parse: ${records} records\n`);
