import { afterEach, describe, expect, it } from 'vitest';
import { eventually, FAST_RETRY, startHarness, type Harness } from '../support/harness.js';

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
    const told = await h.slack.waitFor(() =>
      h.slack.responses(reply.responseId).find((r) => String(r.body.text).includes('gave up')),
    );
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
    const told = await h.slack.waitFor(() =>
      h.slack.responses(reply.responseId).find((r) => String(r.body.text).includes('failed')),
    );
    expect(told.body.text).toContain('paidlc:CreateJob');
    expect(told.body.text).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    await eventually(async () => (await h.queueCounts()).failed === 1);
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
  });
});

describe('a throttling and 5xx storm over concurrent submits', () => {
  it('keeps retries bounded: each submit creates its job exactly once, or its requester is told exactly once that it gave up', async () => {
    h = await startHarness();
    const bot = h;
    // 33 failures for 10 submits of at most 4 attempts each. Any CreateJob takes the next failure while one
    // is left, so a submit that gets through proves they were all used up: 33 = 4·(gave up) + at most
    // 3·(got through) gives at least 3 submits that give up and at least 2 that get through.
    bot.sim.throttleNext(28, 'CreateJob');
    bot.sim.serverErrorNext(5, 'CreateJob', 503);
    const names = Array.from({ length: 10 }, (_, i) => `storm-${i}`);
    const replies = await Promise.all(names.map((name, i) => bot.command(submit(name), { user: `U0STORM${i}` })));
    for (const reply of replies) expect(reply.json.text).toContain('Queued');
    await eventually(
      async () => {
        const counts = await bot.queueCounts();
        return (counts.completed ?? 0) + (counts.failed ?? 0) === names.length;
      },
      15_000,
      'every submit to finish or give up',
    );
    await new Promise((r) => setTimeout(r, 300)); // a late duplicate card or message would show up here

    const cards = (name: string) =>
      bot.slack.messages('C0DEV').filter((m) => !m.thread_ts && new RegExp(`\\b${name}\\b`).test(m.text));
    const creates = bot.sim.callsOf('CreateJob');
    let succeeded = 0;
    names.forEach((name, i) => {
      const jobs = bot.sim.jobs().filter((j) => j.DisplayName === name);
      const told = bot.slack
        .responses(replies[i]!.responseId)
        .filter((r) => /failed|gave up/.test(String(r.body.text)));
      const attempts = creates.filter((c) => (c.body as { DisplayName: string }).DisplayName === name);
      expect(attempts.length, `CreateJob attempts for ${name}`).toBeLessThanOrEqual(FAST_RETRY.attempts);
      expect(attempts.filter((c) => c.status === 200).length, `successful CreateJobs for ${name}`).toBe(jobs.length);
      if (jobs.length === 1) {
        succeeded++;
        expect(cards(name), `cards of ${name}`).toHaveLength(1);
        expect(told, `failure messages to the requester of ${name}`).toHaveLength(0);
      } else {
        expect(jobs, `jobs named ${name}`).toHaveLength(0);
        expect(attempts).toHaveLength(FAST_RETRY.attempts);
        expect(cards(name)).toHaveLength(0);
        expect(told, `failure messages to the requester of ${name}`).toHaveLength(1);
        expect(told[0]!.body.text).toMatch(/gave up after 4 attempts/);
      }
    });
    expect(creates.length).toBeLessThanOrEqual(names.length * FAST_RETRY.attempts);
    expect(creates.filter((c) => c.fault).length).toBe(33);
    expect(succeeded).toBeGreaterThanOrEqual(2);
    expect(names.length - succeeded).toBeGreaterThanOrEqual(3);
    const counts = await bot.queueCounts();
    expect(counts.completed).toBe(succeeded);
    expect(counts.failed).toBe(names.length - succeeded);
    expect(bot.sim.jobs()).toHaveLength(succeeded);
  });
});

describe('a CreateJob that timed out after reaching PAI', () => {
  it('is looked up by its request tag on retry instead of being created twice', async () => {
    h = await startHarness({ paiTimeoutMs: 300 });
    h.sim.delayNext(1_000, 'CreateJob'); // PAI creates the job, the answer arrives too late
    await h.command(submit('slow-answer-1'));
    const card = await h.slack.waitFor(
      () => h.slack.messages('C0DEV').find((m) => m.text.includes('slow-answer-1')),
      10_000,
    );
    expect(h.sim.callsOf('CreateJob')).toHaveLength(1);
    expect(h.sim.jobs()).toHaveLength(1);
    expect(card.text).toContain(h.sim.jobs()[0]!.JobId);
    const lookup = h.sim.callsOf('ListJobs').at(-1)!;
    expect(JSON.parse(lookup.query.Tags!)).toEqual({ 'chatops-request': expect.stringMatching(/^req-/) });
  });
});
