// Hardening, faults: a worker SIGKILLed in the middle of an action. The worker runs as a process of
// its own (test/support/worker-process.ts) so the kill is real: no finally blocks, no graceful close,
// its BullMQ lock simply stops being renewed. A second worker (short lockDuration/stalledInterval)
// takes the stalled job over, and the checkpoint written before the PAI call (createStarted) makes
// the re-run look the job/service up instead of creating it again.

import { afterEach, describe, expect, inject, it } from 'vitest';
import { spawnBotProcess, standInEnv, type BotProcess } from '../support/bot-process.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const WORKER_SCRIPT = 'test/support/worker-process.ts';
const FAST_STALL = { lockDurationMs: 1_000, stalledIntervalMs: 500 };

let web: Harness | undefined;
let takeover: Harness | undefined;
let proc: BotProcess | undefined;
afterEach(async () => {
  await proc?.kill();
  await takeover?.stop();
  await web?.stop();
  proc = takeover = web = undefined;
});

/** A web role in-process and a worker role in its own process, sharing one key prefix. */
async function webAndWorkerProcess(): Promise<{ web: Harness; proc: BotProcess }> {
  web = await startHarness({ role: 'web' });
  proc = spawnBotProcess(WORKER_SCRIPT, ['--key-prefix', web.keyPrefix], standInEnv(web, inject('redisUrl')));
  await proc.waitForLog('worker role running');
  return { web, proc };
}

async function sigkill(p: BotProcess): Promise<void> {
  p.child.kill('SIGKILL');
  const { signal } = await p.exited;
  expect(signal).toBe('SIGKILL');
}

describe('a worker killed with SIGKILL in the middle of an action', () => {
  it('dlc submit: the stalled job is re-run once, finds the job by its tag and creates nothing twice', {
    timeout: 30_000,
  }, async () => {
    const { web, proc } = await webAndWorkerProcess();
    // PAI has created the job; its answer is still on the way when the worker dies
    web.sim.delayNext(5_000, 'CreateJob');
    const reply = await web.command('dlc submit killed-mid-create --image img:1 --command "python train.py"');
    expect(reply.json.text).toContain('Queued');
    await eventually(() => web.sim.callsOf('CreateJob').length === 1, 10_000, 'the worker process to call CreateJob');
    await sigkill(proc);
    expect(web.sim.jobs()).toHaveLength(1);
    expect((await web.queueCounts()).active).toBe(1); // still locked by the dead worker

    takeover = await startHarness({ role: 'worker', restartOf: web, worker: FAST_STALL });
    const card = await web.slack.waitFor(
      () => web.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('killed-mid-create')),
      10_000,
    );
    await eventually(async () => (await web.queueCounts()).completed === 1, 10_000, 'the job to complete');

    expect(web.sim.callsOf('CreateJob')).toHaveLength(1);
    expect(web.sim.jobs()).toHaveLength(1);
    expect(card.text).toContain(web.sim.jobs()[0]!.JobId);
    expect(
      web.slack.messages('C0DEV').filter((m) => !m.thread_ts && m.text.includes('killed-mid-create')),
    ).toHaveLength(1);
    expect(takeover.logs.some((l) => l.msg === 'found the job an earlier attempt created; not creating it again')).toBe(
      true,
    );
    const lookup = web.sim.callsOf('ListJobs').at(-1)!;
    expect(JSON.parse(lookup.query.Tags!)).toEqual({ 'chatops-request': expect.stringMatching(/^req-/) });
    // The user heard nothing about a failure: the takeover is invisible to them.
    expect(
      web.slack.responses(reply.responseId).filter((r) => /failed|gave up/.test(String(r.body.text))),
    ).toHaveLength(0);
    const counts = await web.queueCounts();
    expect(counts.failed).toBe(0);
    expect(counts.active).toBe(0);
  });

  it('killed twice: the action is not run a third time, and its requester is told once instead of nothing', {
    timeout: 30_000,
  }, async () => {
    const { web, proc: first } = await webAndWorkerProcess();
    web.sim.delayNext(5_000, 'CreateJob');
    const reply = await web.command('dlc submit killed-twice --image img:1 --command "python train.py"');
    expect(reply.json.text).toContain('Queued');
    await eventually(() => web.sim.callsOf('CreateJob').length === 1, 10_000, 'the first worker to call CreateJob');
    await sigkill(first);

    // The second worker takes the stalled job over and dies too, while looking the job up.
    web.sim.delayNext(8_000, 'ListJobs');
    const second = spawnBotProcess(WORKER_SCRIPT, ['--key-prefix', web.keyPrefix], standInEnv(web, inject('redisUrl')));
    proc = second;
    await eventually(() => web.sim.callsOf('ListJobs').length === 1, 15_000, 'the second worker to re-run the action');
    await sigkill(second);

    takeover = await startHarness({ role: 'worker', restartOf: web, worker: FAST_STALL });
    const told = await web.slack.waitFor(
      () => web.slack.responses(reply.responseId).find((r) => /interrupted/.test(String(r.body.text))),
      10_000,
    );
    expect(told.body.text).toMatch(/dlc submit killed-twice.*interrupted 2 times.*gave up.*\/pai dlc list --mine/s);
    await eventually(async () => (await web.queueCounts()).failed === 1, 5_000, 'the job to be failed');
    await new Promise((r) => setTimeout(r, 300));
    expect(
      web.slack.responses(reply.responseId).filter((r) => /interrupted|failed/.test(String(r.body.text))),
    ).toHaveLength(1);
    expect(web.sim.callsOf('CreateJob')).toHaveLength(1); // never created twice
    expect(web.sim.callsOf('ListJobs')).toHaveLength(1); // and not run a third time
  });

  it('eas deploy: the stalled job is re-run once, finds the service and creates nothing twice', {
    timeout: 30_000,
  }, async () => {
    const { web, proc } = await webAndWorkerProcess();
    web.sim.delayNext(5_000, 'CreateService');
    const reply = await web.command('eas deploy killed_svc --image img:1 --replicas 1');
    expect(reply.json.text).toContain('Queued');
    await eventually(
      () => web.sim.callsOf('CreateService').length === 1,
      10_000,
      'the worker process to call CreateService',
    );
    await sigkill(proc);
    expect(web.sim.services()).toHaveLength(1);

    takeover = await startHarness({ role: 'worker', restartOf: web, worker: FAST_STALL });
    const card = await web.slack.waitFor(
      () => web.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('EAS service killed_svc')),
      10_000,
    );
    await eventually(async () => (await web.queueCounts()).completed === 1, 10_000, 'the job to complete');

    expect(web.sim.callsOf('CreateService')).toHaveLength(1);
    expect(web.sim.services()).toHaveLength(1);
    expect(card.text).toContain('killed_svc');
    expect(web.slack.messages('C0DEV').filter((m) => !m.thread_ts && m.text.includes('killed_svc'))).toHaveLength(1);
    expect(
      takeover.logs.some((l) => l.msg === 'found the service an earlier attempt created; not creating it again'),
    ).toBe(true);
    expect(
      web.slack.responses(reply.responseId).filter((r) => /failed|already exists|gave up/.test(String(r.body.text))),
    ).toHaveLength(0);
    expect((await web.queueCounts()).failed).toBe(0);
  });
});
