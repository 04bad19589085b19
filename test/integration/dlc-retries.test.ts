import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const submit = (name: string) => `dlc submit ${name} --image img:1 --command "python train.py"`;

describe('PAI failures during submit', () => {
  it('retries a throttled CreateJob with backoff and creates exactly one job', async () => {
    h = await startHarness();
    h.sim.throttleNext(2, 'CreateJob');
    await h.command(submit('throttled-1'));
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('throttled-1')));
    const creates = h.sim.callsOf('CreateJob');
    expect(creates.map((c) => c.fault ?? 'ok')).toEqual(['throttle', 'throttle', 'ok']);
    expect(h.sim.jobs()).toHaveLength(1);
    // The backoff really waited between attempts.
    const warned = h.logs.filter((l) => l.msg === 'action failed; will retry');
    expect(warned).toHaveLength(2);
  });

  it('retries 5xx and non-JSON answers, then succeeds once', async () => {
    h = await startHarness();
    h.sim.serverErrorNext(1, 'CreateJob', 503);
    h.sim.nonJsonNext(1, 'CreateJob');
    await h.command(submit('flaky-1'));
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('flaky-1')));
    expect(h.sim.jobs()).toHaveLength(1);
  });

  it('gives up after the configured attempts and tells the user once', async () => {
    h = await startHarness();
    h.sim.throttleNext(10, 'CreateJob');
    const reply = await h.command(submit('never-1'));
    const told = await h.slack.waitFor(() => h.slack.responses(reply.responseId).find((r) => String(r.body.text).includes('gave up')));
    expect(told.body.text).toContain('after 4 attempts');
    expect(told.body.text).toContain('Throttling.User');
    expect(h.sim.callsOf('CreateJob')).toHaveLength(4);
    expect(h.sim.jobs()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(h.slack.responses(reply.responseId).filter((r) => String(r.body.text).includes('failed'))).toHaveLength(1);
    expect((await h.queueCounts()).failed).toBe(1);
  });

  it('does not retry a permission error and names the missing RAM action', async () => {
    h = await startHarness();
    h.sim.denyAction('CreateJob', 'paidlc:CreateJob');
    const reply = await h.command(submit('denied-1'));
    const told = await h.slack.waitFor(() => h.slack.responses(reply.responseId).find((r) => String(r.body.text).includes('failed')));
    expect(told.body.text).toContain('paidlc:CreateJob');
    expect(told.body.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    await eventually(async () => (await h.queueCounts()).failed === 1);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });
});

describe('a CreateJob that timed out after reaching PAI', () => {
  it('is looked up by its request tag on retry instead of being created twice', async () => {
    h = await startHarness({ paiTimeoutMs: 300 });
    h.sim.delayNext(1_000, 'CreateJob'); // PAI creates the job, the answer arrives too late
    await h.command(submit('slow-answer-1'));
    const card = await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('slow-answer-1')), 10_000);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
    expect(h.sim.jobs()).toHaveLength(1);
    expect(card.text).toContain(h.sim.jobs()[0]!.JobId);
    const lookup = h.sim.callsOf('ListJobs').at(-1)!;
    expect(JSON.parse(lookup.query.Tags!)).toEqual({ 'chatops-request': expect.stringMatching(/^req-/) });
  });
});
