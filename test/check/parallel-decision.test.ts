/**
 * When validate splits a large csv in two (src/check/parallel.ts splitDecision): only with a core
 * that is free now. Inputs injected: EDUSYNC_THREADS, cores, 1-minute load, and the CPU that other
 * processes used while this run started up.
 */
import { describe, expect, it } from 'vitest';
import { splitDecision } from '../../src/check/parallel.js';

const idle2 = { threads: undefined, cores: 2, load1: 0.1 };

describe('splitDecision', () => {
  it('EDUSYNC_THREADS forces it either way', () => {
    expect(splitDecision({ ...idle2, threads: '1' })).toBe(false);
    expect(splitDecision({ ...idle2, threads: '1', sample: { windowMs: 400, othersMs: 0 } })).toBe(false);
    expect(splitDecision({ threads: '2', cores: 2, load1: 9, sample: { windowMs: 400, othersMs: 800 } })).toBe(true);
    expect(splitDecision({ threads: '2', cores: 1, load1: 0 })).toBe(true);
  });

  it('one core: never', () => {
    expect(splitDecision({ threads: undefined, cores: 1, load1: 0, sample: { windowMs: 400, othersMs: 0 } })).toBe(false);
  });

  it('follows what the other processes did just now, not the lagging load average', () => {
    // Right after csvclean: load average 1.3 on an idle 2-core machine.
    expect(splitDecision({ ...idle2, load1: 1.3, sample: { windowMs: 400, othersMs: 12 } })).toBe(true);
    // Another job keeps a core busy: the worker would share it.
    expect(splitDecision({ ...idle2, load1: 0.4, sample: { windowMs: 400, othersMs: 390 } })).toBe(false);
    // Half a core busy elsewhere is the limit on two cores.
    expect(splitDecision({ ...idle2, sample: { windowMs: 400, othersMs: 200 } })).toBe(true);
    expect(splitDecision({ ...idle2, sample: { windowMs: 400, othersMs: 240 } })).toBe(false);
    // Four cores, two busy elsewhere: two are free.
    expect(splitDecision({ threads: undefined, cores: 4, load1: 2, sample: { windowMs: 300, othersMs: 600 } })).toBe(true);
  });

  it('without a sample long enough to mean anything, falls back to the load average', () => {
    expect(splitDecision({ ...idle2, load1: 0.5 })).toBe(true);
    expect(splitDecision({ ...idle2, load1: 1.6 })).toBe(false);
    expect(splitDecision({ ...idle2, load1: 1.6, sample: { windowMs: 30, othersMs: 0 } })).toBe(false);
    expect(splitDecision({ ...idle2, load1: 0.2, sample: { windowMs: 30, othersMs: 60 } })).toBe(true);
  });
});
