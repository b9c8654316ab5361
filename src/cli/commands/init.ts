import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode, UsageError } from '../../errors.js';
import { renderConfigJsonSchema } from '../../config/schema.js';
import { configTemplate } from '../../config/template.js';
import { CONFIG_FILE_NAME } from '../../config/load.js';
import { writePrivateFile } from '../../io/write-file.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface InitCliOptions {
  out?: string;
  force?: boolean;
  printSchema?: boolean;
}

/** This package's schemas/ folder (dist/cli/commands → ../../../schemas). */
const PACKAGE_SCHEMA = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'schemas', 'config.schema.json');

/** `$schema` of a new config: the installed package's copy when there is one, else this package's. */
export function schemaReference(configPath: string): string {
  const dir = dirname(configPath);
  const installed = join(dir, 'node_modules', 'edusync', 'schemas', 'config.schema.json');
  if (existsSync(installed)) return './node_modules/edusync/schemas/config.schema.json';
  const rel = relative(dir, PACKAGE_SCHEMA).split(sep).join('/');
  return rel.startsWith('.') ? rel : `./${rel}`;
}

export async function runInit(options: InitCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.printSchema) {
    await emit(ctx, renderConfigJsonSchema(), undefined);
    return ExitCode.Ok;
  }
  const path = resolve(options.out ?? CONFIG_FILE_NAME);
  if (existsSync(path) && !options.force) {
    throw new UsageError({
      vi: `${path} đã có; không ghi đè (dùng --force để thay bằng tệp mẫu).`,
      en: `${path} already exists; not overwriting it (use --force to replace it with the template).`,
    });
  }
  await writePrivateFile(path, `${JSON.stringify(configTemplate(schemaReference(path)), null, 2)}\n`, { atomic: true });
  await emit(
    ctx,
    ctx.locale === 'vi'
      ? `Đã ghi ${path}. Sửa "schools" (mã trường, tệp đầu vào) rồi chạy: edusync run\n`
      : `Wrote ${path}. Edit "schools" (school codes, input files), then run: edusync run\n`,
    undefined,
  );
  return ExitCode.Ok;
}
