// A Redis reply lost with its connection: Redis ran the command, the bot never heard back, and ioredis
// sent the command again after reconnecting. The bot's "first one wins" keys (SET NX) must not then
// mistake its own first write for somebody else's: the change would be refused as a duplicate, or the
// approval ignored, though nothing else ever claimed it.

import { afterEach, expect, inject, it } from 'vitest';
import { configYaml, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { startReplyDroppingProxy, type ReplyDroppingProxy } from '../support/redis-proxy.js';

let proxy: ReplyDroppingProxy | undefined;
let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  await proxy?.stop();
  h = proxy = undefined;
});

async function botBehindProxy(yaml?: string): Promise<{ h: Harness; proxy: ReplyDroppingProxy }> {
  proxy = await startReplyDroppingProxy(inject('redisUrl'));
  h = await startHarness({ redisUrl: proxy.url, ...(yaml ? { yaml } : {}) });
  return { h, proxy };
}

it('a change whose dedup marker reached Redis but whose reply was lost is queued and run once', async () => {
  const { h, proxy } = await botBehindProxy();
  const lost = proxy.dropReplyTo(':seen-request:');
  const reply = await h.command('dlc submit lost-reply-1 --image img:1 --command run');
  await lost;
  expect(reply.json.text).toContain('Queued');
  await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('lost-reply-1')));
  // A redelivery of the same request is still recognised as one.
  const again = await h.command('dlc submit lost-reply-1 --image img:1 --command run');
  expect(again.json.text).toMatch(/You sent this exact command|already received/);
  await new Promise((r) => setTimeout(r, 300));
  expect(
    h.sim.callsOf('CreateJob').filter((c) => (c.body as { DisplayName: string }).DisplayName === 'lost-reply-1'),
  ).toHaveLength(1);
});

it('an approval whose event-id marker reached Redis but whose reply was lost still counts', async () => {
  const { h, proxy } = await botBehindProxy();
  await h.command('dlc submit prod-lost --image img:1 --command run', { user: 'U0ALICE', channel: 'C0PROD' });
  const request = await h.slack.waitFor(() =>
    h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('dlc submit prod-lost')),
  );
  const lost = proxy.dropReplyTo(':slack-event:');
  await h.react('white_check_mark', request, { user: 'U0APPR1' });
  await lost;
  await h.slack.waitFor(() => JSON.stringify(request.blocks).includes('1 of 2') && request, 5_000);
});

it('an on-call alert whose once-only marker reached Redis but whose reply was lost is still posted, once', async () => {
  const { h, proxy } = await botBehindProxy(
    configYaml({ workspaces: [prodWorkspace({ approvers: ['U0APPR1'] })], alerts: oncallAlerts() }),
  );
  await h.command('dlc submit etl-lost --image img:1 --command run --data oss://locked-data/secret/', {
    channel: 'C0PROD',
  });
  const request = await h.slack.waitFor(() =>
    h.slack.messages('C0PROD').find((m) => !m.thread_ts && m.text.includes('dlc submit etl-lost')),
  );
  const lost = proxy.dropReplyTo(':alert:');
  await h.react('white_check_mark', request, { user: 'U0APPR1' });
  await lost;
  await eventually(() => JSON.stringify(request.blocks).includes('it failed'), 5_000, 'the preflight to fail');
  const alerts = await h.slack.waitFor(() => {
    const posted = h.slack.messages('C0ONCALL').filter((m) => !m.thread_ts);
    return posted.length ? posted : undefined;
  }, 5_000);
  expect(alerts).toHaveLength(1);
  expect(JSON.stringify(alerts[0]!.blocks)).toMatch(/locked-data/);
});

it('a job transition whose compare-and-set reached Redis but whose reply was lost is still announced', async () => {
  const { h, proxy } = await botBehindProxy();
  await h.command('dlc submit watch-lost --image img:1 --command run');
  const card = await h.slack.waitFor(() =>
    h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('watch-lost')),
  );
  expect(card.text).toContain('Creating');
  let cut = false;
  // The tracked-job compare-and-set that records the transition, known by the record it writes (the script
  // itself goes by its sha once a connection loaded it: src/actions/watchers/tracked-store.ts).
  void proxy.dropReplyTo('"status":"Queuing"').then(() => (cut = true));
  // The first poll that sees the job move writes the transition, and loses the reply.
  await eventually(
    async () => {
      h.clock.advance(1_000);
      await h.bot.pollNow();
      return cut;
    },
    10_000,
    'a transition to be written',
  );
  await eventually(() => card.text.includes('Queuing'), 5_000, 'the card to show Queuing');
  await h.slack.waitFor(() => h.slack.thread('C0DEV', card.ts).find((m) => /Creating → Queuing/.test(m.text)));
});

it('a service change whose compare-and-set reached Redis but whose reply was lost is still announced', async () => {
  const { h, proxy } = await botBehindProxy();
  h.sim.planNextService({ coldStartMs: 20_000 });
  await h.command('eas deploy lost_svc --image registry.example.com/model:1 --replicas 1');
  const card = await h.slack.waitFor(() =>
    h.slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('lost_svc')),
  );
  for (let t = 0; t < 15_000; t += 5_000) {
    h.clock.advance(5_000);
    await h.bot.pollServicesNow();
  }
  expect(h.slack.thread('C0DEV', card.ts).some((m) => /is ready/.test(m.text))).toBe(false);
  // the tracked-service compare-and-set that records the first time to ready
  const lost = proxy.dropReplyTo('"readyTimes":[{');
  h.clock.advance(10_000);
  await h.bot.pollServicesNow(); // sees it ready: the write of that change loses its reply
  await lost;
  await h.slack.waitFor(() => h.slack.thread('C0DEV', card.ts).find((m) => /is ready/.test(m.text)), 5_000);
});
