import { writePrivateFile } from '../io/write-file.js';
import type { CliContext } from './context.js';

/** Results go to stdout, or to --out (created 0600: it may hold children's personal data). */
export async function emit(ctx: CliContext, text: string, out: string | undefined): Promise<void> {
  if (out && out !== '-') {
    await writePrivateFile(out, text);
    return;
  }
  await new Promise<void>((resolve, reject) => {
    ctx.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/** A one-line progress indicator on stderr, redrawn in place; silent when not on a terminal. */
export function createProgress(ctx: CliContext): { update(line: string): void; done(): void } {
  let last = 0;
  let shown = false;
  return {
    update(line: string) {
      if (!ctx.interactive) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shown = true;
      ctx.stderr.write(`\r\x1b[2K${line}`);
    },
    done() {
      if (shown) ctx.stderr.write('\r\x1b[2K');
    },
  };
}
