import { finished } from 'node:stream/promises';
import { PrivateWriteStream, writePrivateFile } from '../io/write-file.js';
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

/** `emit` of a text given in pieces, written as they come (a large output is never one string). */
export async function emitPieces(ctx: CliContext, pieces: Iterable<string>, out: string | undefined): Promise<void> {
  const target: NodeJS.WritableStream = out && out !== '-' ? new PrivateWriteStream(out) : ctx.stdout;
  const write = (piece: string): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      target.write(piece, (error) => (error ? reject(error) : resolve()));
    });
  try {
    for (const piece of pieces) await write(piece);
  } catch (error) {
    if (target instanceof PrivateWriteStream) target.destroy(error as Error);
    throw error;
  }
  if (target instanceof PrivateWriteStream) {
    target.end();
    await finished(target);
  }
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
