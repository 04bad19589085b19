import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

describe('a restarted bot', () => {
  it('keeps watching the jobs the previous process was watching', async () => {
    const first = await startHarness();
    started.push(first);
    await first.command('dlc submit long-run --image img:1 --command "python train.py"');
    const card = await first.slack.waitFor(() =>
      first.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('long-run')),
    );
    await eventually(async () => (await first.queueCounts()).completed === 1);
    await first.stopBot();

    // The job moves on while no bot is running.
    first.clock.advance(10_000);
    const second = await startHarness({ restartOf: first });
    started.push(second);
    const report = await second.bot.pollNow();
    expect(report.tracked).toBe(1);
    expect(card.text).toContain('Running');

    second.clock.advance(60_000);
    await second.bot.pollNow();
    expect(card.text).toContain('Succeeded');
    const replies = second.slack.thread('C0DEV', card.ts).map((m) => m.text);
    expect(replies[0]).toMatch(/Creating → Running/);
    expect(replies.at(-1)).toMatch(/<@U0ALICE>.*Succeeded/);
    expect(second.sim.callsOf('CreateJob')).toHaveLength(1);
  });

  it('finishes a submit that was queued while no worker ran', async () => {
    const web = await startHarness({ role: 'web' });
    started.push(web);
    const reply = await web.command('dlc submit queued-1 --image img:1 --command "run"');
    expect(reply.json.text).toContain('Queued');
    await new Promise((r) => setTimeout(r, 200));
    expect(web.sim.callsOf('CreateJob')).toHaveLength(0);
    expect((await web.queueCounts()).waiting).toBe(1);

    const worker = await startHarness({ role: 'worker', restartOf: web });
    started.push(worker);
    await worker.slack.waitFor(() => worker.slack.messages('C0DEV').find((m) => m.text.includes('queued-1')));
    expect(worker.sim.callsOf('CreateJob')).toHaveLength(1);
  });
});
