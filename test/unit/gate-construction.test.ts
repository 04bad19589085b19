// "No change reaches PAI without passing the gate", checked two ways: the source calls no PAI write outside
// the clients and the gate's bound writes, and the context a change handler gets has no write to call.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pino from 'pino';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { changeContext } from '../../src/actions/approvals/with-approval-gate.js';
import type { ActionContext } from '../../src/actions/action-context.js';
import type { MutatingJob } from '../../src/actions/action-jobs.js';
import type { ActionHandlers } from '../../src/queue/action-worker.js';
import type { ChangeHandler } from '../../src/actions/change-context.js';
import type { DlcSubmitJob } from '../../src/actions/action-jobs.js';

const WRITES = [
  'createJob',
  'stopJob',
  'createService',
  'updateService',
  'scaleService',
  'createAutoScaler',
  'updateAutoScaler',
  'startService',
  'stopService',
  'restartService',
  'deleteService',
  'releaseService',
  // DSW (src/pai/dsw-client.ts)
  'stopInstance',
  'startInstance',
  'createIdleCuller',
  'deleteIdleCuller',
];
const SRC = join(import.meta.dirname, '../../src');
// The clients define the writes; the gate's bound writes (with-approval-gate.ts) are the one place that calls them.
const ALLOWED = ['pai/', 'actions/approvals/with-approval-gate.ts'];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the gate by construction', () => {
  it('no source outside the PAI clients and the bound writes calls a PAI write', () => {
    const call = new RegExp(`\\b(?:dlc|eas|dsw)\\s*\\.\\s*(?:${WRITES.join('|')})\\s*\\(`);
    const offenders = files(SRC)
      .map((path) => relative(SRC, path).replace(/\\/g, '/'))
      .filter((path) => !ALLOWED.some((a) => path.startsWith(a)))
      .filter((path) => call.test(readFileSync(join(SRC, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it("a change handler's PAI clients have no write to call, even past the types", () => {
    const throwing = new Proxy({}, { get: (_t, name) => () => Promise.reject(new Error(`called ${String(name)}`)) });
    const ctx = {
      dlc: throwing,
      eas: throwing,
      dsw: throwing,
      log: pino({ level: 'silent' }),
      progress: {},
      checkpoint: async () => undefined,
      job: { type: 'dlc.stop' },
    } as unknown as ActionContext<MutatingJob>;
    const target = { kind: 'job' as const, workspace: { id: '1' } as never, job: { JobId: 'dlc-1' } as never };
    const handed = changeContext(ctx, target, { approved: false, onApplied: async () => undefined });
    for (const write of WRITES) {
      expect(write in handed.dlc, `dlc.${write}`).toBe(false);
      expect(write in handed.eas, `eas.${write}`).toBe(false);
      expect(write in handed.dsw, `dsw.${write}`).toBe(false);
    }
    expect(Object.keys(handed.dlc).sort()).toEqual([
      'getJob',
      'getJobEvents',
      'getPodLogs',
      'listEcsSpecs',
      'listJobs',
    ]);
    expect(Object.keys(handed.dsw).sort()).toEqual([
      'getIdleCuller',
      'getInstance',
      'getInstanceMetrics',
      'listEcsSpecs',
      'listInstances',
    ]);
  });

  it('the worker takes a change only wrapped by the gate: a bare change handler does not type-check as one', () => {
    expectTypeOf<ChangeHandler<DlcSubmitJob>>().not.toExtend<ActionHandlers['dlc.submit']>();
    expectTypeOf<ActionHandlers['dlc.submit']>().toHaveProperty('gated');
    expectTypeOf<ActionHandlers['dsw.change']>().toHaveProperty('gated');
  });
});
