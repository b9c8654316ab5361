import { ExitCode } from '../../errors.js';
import { allRuleMetas } from '../../check/catalogue.js';
import { renderRuleCatalogue } from '../../check/catalogue-markdown.js';
import type { CliContext } from '../context.js';
import { emit } from '../output.js';

export interface RulesCliOptions {
  format: 'text' | 'json' | 'markdown';
  out?: string;
}

export async function runRules(options: RulesCliOptions, ctx: CliContext): Promise<ExitCode> {
  const metas = allRuleMetas();
  let text: string;
  if (options.format === 'markdown') {
    text = renderRuleCatalogue();
  } else if (options.format === 'json') {
    text = `${JSON.stringify(metas, null, 2)}\n`;
  } else {
    const sev = { vi: { error: 'lỗi', warning: 'cảnh báo', info: 'thông tin' }, en: { error: 'error', warning: 'warning', info: 'info' } }[ctx.locale];
    const lines = metas.map((m) => `${m.code.padEnd(7)} ${sev[m.defaultSeverity].padEnd(9)} ${m.title[ctx.locale]}`);
    text = `${lines.join('\n')}\n`;
  }
  await emit(ctx, text, options.out);
  return ExitCode.Ok;
}
