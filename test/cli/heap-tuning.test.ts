/**
 * V8's allocation-site pretenuring is switched off only on the V8 versions it was measured on
 * (src/cli/heap-tuning.ts): a V8 that does not know the flag would print "unrecognized flag".
 */
import { describe, expect, it } from 'vitest';
import { pretenuringOff } from '../../src/cli/heap-tuning.js';
import { runCli } from '../helpers/run-cli.js';

describe('heap tuning', () => {
  it('is on for V8 11–13 (node 20, 22, 24) and off for any other V8 or when asked', () => {
    expect(pretenuringOff('11.3.244.8-node.30', {})).toBe(true);
    expect(pretenuringOff('12.4.254.21-node.57', {})).toBe(true);
    expect(pretenuringOff('13.6.233.17-node.53', {})).toBe(true);
    expect(pretenuringOff('14.1.0', {})).toBe(false);
    expect(pretenuringOff('10.2.154', {})).toBe(false);
    expect(pretenuringOff('12.4.254.21-node.57', { EDUSYNC_V8_PRETENURING: '1' })).toBe(false);
  });

  it('leaves stderr clean on this node', async () => {
    const run = await runCli(['--version']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });
});
