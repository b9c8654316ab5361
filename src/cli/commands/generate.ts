import { ExitCode, UsageError } from '../../errors.js';
import { generate, type GenerateOptions } from '../../generate/index.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface GenerateCliOptions {
  out: string;
  seed: number;
  schools: number;
  level: GenerateOptions['level'];
  rows?: number;
  entities: string;
  format: GenerateOptions['format'];
  layout: GenerateOptions['layout'];
  defects?: number;
  defectKinds?: string;
  classesPerGrade?: number;
  studentsPerClass?: number;
  pair?: string;
}

const ENTITIES = new Set(['schools', 'classes', 'students', 'teachers', 'results']);

export async function runGenerate(options: GenerateCliOptions, ctx: CliContext): Promise<ExitCode> {
  if (options.pair !== undefined) {
    const m = /^(\d+),(\d+)$/.exec(options.pair);
    if (!m) throw new UsageError({ vi: '--pair cần hai số, ví dụ 3000,3200.', en: '--pair needs two numbers, e.g. 3000,3200.' });
    const { generatePair } = await import('../../reconcile/synth.js');
    const out = await generatePair({ seed: options.seed, left: Number(m[1]), right: Number(m[2]) }, options.out);
    await emit(ctx, `${ctx.t.generated(3, options.out)}\n  ${out.left}\n  ${out.right}\n  ${out.truth}\n`, undefined);
    return ExitCode.Ok;
  }
  const entities = options.entities.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of entities) {
    if (!ENTITIES.has(e)) {
      throw new UsageError({
        vi: `Loại dữ liệu không hợp lệ "${e}" (chọn trong: ${[...ENTITIES].join(', ')}).`,
        en: `Unknown kind of data "${e}" (choose from: ${[...ENTITIES].join(', ')}).`,
      });
    }
  }
  const result = await generate({
    seed: options.seed,
    outDir: options.out,
    schools: options.schools,
    level: options.level,
    rows: options.rows,
    entities: entities as GenerateOptions['entities'],
    format: options.format,
    layout: options.layout,
    classesPerGrade: options.classesPerGrade,
    studentsPerClass: options.studentsPerClass,
    defects:
      options.defects !== undefined
        ? { rate: options.defects, kinds: options.defectKinds ? (options.defectKinds.split(',') as NonNullable<GenerateOptions['defects']>['kinds']) : undefined }
        : undefined,
  });
  await emit(ctx, `${ctx.t.generated(result.files.length, options.out)}\n${result.files.map((f) => `  ${f}`).join('\n')}\n`, undefined);
  return ExitCode.Ok;
}
