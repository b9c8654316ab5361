// Loaded with `node --import` into a benchmarked process: on exit, append its peak RSS (MB) to
// the file named by BENCH_RSS_FILE, so the harness measures the child, not itself.
import { appendFileSync } from 'node:fs';

const target = process.env.BENCH_RSS_FILE;
if (target) {
  process.on('exit', () => {
    appendFileSync(target, `${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
  });
}
