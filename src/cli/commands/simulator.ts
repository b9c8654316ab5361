/**
 * `edusync simulator`: starts the local csdl-style server (src/simulator) on 127.0.0.1 and prints
 * its API base URL as the first line of stdout (tests and scripts read it), then the inspection
 * URL. Runs until SIGINT/SIGTERM, then closes connections and the state database cleanly.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExitCode } from '../../errors.js';
import { startSimulator } from '../../simulator/server.js';
import { resolveSimulatorSettings, type SimulatorFlags } from '../../simulator/options.js';
import type { CliContext } from '../context.js';

function loadOpenApi(): unknown {
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'csdl-api.openapi.json');
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}

export async function runSimulator(flags: SimulatorFlags, ctx: CliContext): Promise<ExitCode> {
  const settings = resolveSimulatorSettings(flags);
  const sim = await startSimulator({ ...settings, openapi: loadOpenApi() });
  const root = sim.url.replace(/\/api\/v1$/, '');
  ctx.stdout.write(`${sim.url}\n`);
  const vi = ctx.locale === 'vi';
  ctx.stdout.write(
    vi
      ? `Máy chủ giả lập đang chạy. Hợp đồng: ${root}/openapi.json · bản ghi: ${root}/_sim/records?kind=students · lỗi giả lập: ${settings.faultRate > 0 ? `${settings.faultRate * 100}% (${settings.faults.join(',')}), hạt giống ${settings.seed}` : 'tắt'} · Ctrl+C để dừng.\n`
      : `Simulator running. Contract: ${root}/openapi.json · records: ${root}/_sim/records?kind=students · faults: ${settings.faultRate > 0 ? `${settings.faultRate * 100}% (${settings.faults.join(',')}), seed ${settings.seed}` : 'off'} · Ctrl+C to stop.\n`,
  );
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.close();
  ctx.stderr.write(vi ? 'Đã dừng máy chủ giả lập.\n' : 'Simulator stopped.\n');
  return ExitCode.Ok;
}
