// On-call controls with the real bot over signed HTTP: an alert in the alerts channel with its episode open,
// Acknowledge pressed twice and once more as a Slack retry (one thread reply, one audit entry, the alert
// updated), Mute 4 h (muted, audited, announced once), and `/pai alerts` with and without -w.

import { randomUUID } from 'node:crypto';
import { WebClient, type KnownBlock } from '@slack/web-api';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createAlertEpisodes, type AlertEpisodes, type OpenEpisode } from '../../src/actions/alerts/episodes.js';
import { createAuditLog, type AuditEntry } from '../../src/actions/approvals/audit-log.js';
import { keySpace } from '../../src/redis/redis.js';
import { interactiveBody, postToBot, type BotReply } from '@pai-bot/sandbox/slack-requests.js';
import {
  ACK_ACTION_ID,
  MUTE_ACTION_ID,
  acknowledgedBlocks,
  alertControlsBlock,
} from '../../src/render/alert-controls.js';
import { renderAlertList } from '../../src/render/alert-list.js';
import { validateBlocks } from '@pai-bot/fake-slack/validate.js';
import { BOT_TOKEN, SIGNING_SECRET, startHarness, type Harness } from '../support/harness.js';

const HOUR = 3_600_000;
const ALERTS = 'C0ONCALL';
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

interface Alert {
  episode: OpenEpisode;
  ts: string;
}

/** Posts an alert with its controls through the fake Slack's Web API, as the watchers do, and opens its episode. */
async function postAlert(
  h: Harness,
  episodes: AlertEpisodes,
  e: Pick<OpenEpisode, 'id' | 'resource' | 'kind' | 'workspaceId' | 'title'>,
): Promise<Alert> {
  const web = new WebClient(BOT_TOKEN, { slackApiUrl: h.slack.url });
  const blocks: KnownBlock[] = [
    { type: 'section', text: { type: 'mrkdwn', text: `:rotating_light: *${e.title}*` } },
    alertControlsBlock(e.id),
  ];
  const posted = await web.chat.postMessage({ channel: ALERTS, text: e.title, blocks });
  const ts = String(posted.ts);
  const episode = { ...e, channel: ALERTS, ts, openedAt: h.clock.now() };
  await episodes.open(episode);
  return { episode, ts };
}

/** The alert as Slack would send it back in a click's payload (its current blocks). */
function messageOf(h: Harness, ts: string): Record<string, unknown> {
  const m = h.slack.messages(ALERTS).find((x) => x.ts === ts && !x.thread_ts);
  if (!m) throw new Error(`no alert ${ts}`);
  return { type: 'message', user: m.user, ts: m.ts, text: m.text, blocks: m.blocks };
}

interface Press {
  user: string;
  alert: Alert;
  /** The interaction's action_ts: the same value is the same press (a Slack retry). */
  actionTs?: string;
  /** A Mute choice: "1h", "4h" or "24h"; without it, the Acknowledge button. */
  mute?: string;
}

function payloadOf(h: Harness, p: Press): Record<string, unknown> {
  const actionTs = p.actionTs ?? `${Date.now() / 1000}`;
  const blockId = `alert_controls:${p.alert.episode.id}`;
  const action = p.mute
    ? {
        type: 'static_select',
        action_id: MUTE_ACTION_ID,
        block_id: blockId,
        selected_option: { text: { type: 'plain_text', text: `Mute ${p.mute}` }, value: p.mute },
        placeholder: { type: 'plain_text', text: 'Mute…' },
        action_ts: actionTs,
      }
    : {
        type: 'button',
        action_id: ACK_ACTION_ID,
        block_id: blockId,
        value: p.alert.episode.id,
        text: { type: 'plain_text', text: 'Acknowledge' },
        style: 'primary',
        action_ts: actionTs,
      };
  return {
    type: 'block_actions',
    user: { id: p.user, username: p.user.toLowerCase(), name: p.user.toLowerCase(), team_id: 'T0TEAM' },
    team: { id: 'T0TEAM', domain: 'test' },
    api_app_id: 'A0PAIBOT',
    token: 'fake-verification-token',
    trigger_id: randomUUID(),
    response_url: h.slack.responseUrl(randomUUID()),
    container: { type: 'message', message_ts: p.alert.ts, channel_id: ALERTS, is_ephemeral: false },
    channel: { id: ALERTS, name: 'oncall' },
    message: messageOf(h, p.alert.ts),
    actions: [action],
  };
}

async function deliver(h: Harness, payload: Record<string, unknown>, retryNum?: number): Promise<BotReply> {
  const reply = await postToBot(h.eventsUrl, interactiveBody(payload), {
    secret: SIGNING_SECRET,
    contentType: 'form',
    ...(retryNum !== undefined ? { retryNum } : {}),
  });
  expect(reply.status).toBe(200);
  return reply;
}

const settle = () => new Promise((r) => setTimeout(r, 300));

async function audited(h: Harness, event: string): Promise<AuditEntry[]> {
  const audit = createAuditLog(h.redis, keySpace(h.keyPrefix), pino({ level: 'silent' }));
  return (await audit.read()).filter((e) => e.event === event);
}

function texts(blocks: unknown): string {
  return JSON.stringify(blocks ?? []);
}

describe('alert controls', () => {
  it('Acknowledge: twice and once as a Slack retry → one thread reply, one audit entry, the alert updated', async () => {
    h = await startHarness();
    const episodes = createAlertEpisodes(h.redis, keySpace(h.keyPrefix));
    const alert = await postAlert(h, episodes, {
      id: 'eas:mnist_svc:failed:1',
      resource: 'eas:mnist_svc',
      kind: 'failed',
      workspaceId: '100001',
      title: 'EAS service mnist_svc failed',
    });

    const first = payloadOf(h, { user: 'U0ALICE', alert, actionTs: '1772355600.000100' });
    await deliver(h, first);
    await deliver(h, first, 1); // Slack's retry: the very same press
    const replies = await h.slack.waitFor(() => {
      const t = h!.slack.thread(ALERTS, alert.ts);
      return t.length > 0 ? t : undefined;
    });
    expect(replies[0]!.text).toBe('Acknowledged by <@U0ALICE>');
    // A second press (a double click: another action_ts) by someone else, and one by Alice again.
    await deliver(h, payloadOf(h, { user: 'U0BOB', alert, actionTs: '1772355601.000100' }));
    await deliver(h, payloadOf(h, { user: 'U0ALICE', alert, actionTs: '1772355602.000100' }));
    const bobTold = await h.slack.waitFor(() => h!.slack.ephemerals(ALERTS).find((e) => e.user === 'U0BOB'));
    expect(bobTold.text).toMatch(/^This alert was already acknowledged by <@U0ALICE> at <!date\^\d+\^/);
    const aliceTold = await h.slack.waitFor(() => h!.slack.ephemerals(ALERTS).find((e) => e.user === 'U0ALICE'));
    expect(aliceTold.text).toMatch(/^You acknowledged this alert at <!date\^/);
    await settle();

    expect(h.slack.thread(ALERTS, alert.ts).map((m) => m.text)).toEqual(['Acknowledged by <@U0ALICE>']);
    expect(h.slack.ephemerals(ALERTS)).toHaveLength(2); // the retry said nothing
    const acks = await audited(h, 'acknowledged');
    expect(acks).toHaveLength(1);
    expect(acks[0]).toMatchObject({
      event: 'acknowledged',
      requestId: 'eas:mnist_svc:failed:1',
      user: 'U0ALICE',
      at: h.clock.now(),
    });
    expect(acks[0]!.detail).toContain('eas:mnist_svc');

    const updated = h.slack.messages(ALERTS).find((m) => m.ts === alert.ts)!;
    expect(updated.edits).toBe(1);
    expect(texts(updated.blocks)).toContain('EAS service mnist_svc failed');
    expect(texts(updated.blocks)).toMatch(/Acknowledged by <@U0ALICE> at <!date\^\d+\^/);
    expect(texts(updated.blocks)).not.toContain(`"action_id":"${ACK_ACTION_ID}"`);
    expect(texts(updated.blocks)).toContain(`"action_id":"${MUTE_ACTION_ID}"`);
    expect(await episodes.get(alert.episode.id)).toMatchObject({ ackedBy: 'U0ALICE', ackedAt: h.clock.now() });
  });

  it('Mute 4 h: muted until then, audited and announced once, also under a retry', async () => {
    h = await startHarness();
    const episodes = createAlertEpisodes(h.redis, keySpace(h.keyPrefix));
    const alert = await postAlert(h, episodes, {
      id: 'eas:bert_qa:1772355600000:cold_start',
      resource: 'eas:bert_qa',
      kind: 'cold_start',
      workspaceId: '100001',
      title: 'bert_qa not ready after 5m',
    });
    const now = h.clock.now();

    const press = payloadOf(h, { user: 'U0BOB', alert, mute: '4h', actionTs: '1772355700.000100' });
    await deliver(h, press);
    await deliver(h, press, 1);
    const reply = await h.slack.waitFor(() => h!.slack.thread(ALERTS, alert.ts)[0]);
    expect(reply.text).toMatch(
      /^Muted for 4 h by <@U0BOB>: no new alerts for `eas:bert_qa` until <!date\^(\d+)\^[^>]*> \(or until it ends\)$/,
    );
    expect(reply.text).toContain(`<!date^${Math.floor((now + 4 * HOUR) / 1000)}^`);
    await settle();

    expect(h.slack.thread(ALERTS, alert.ts)).toHaveLength(1);
    expect(await episodes.mutedUntil('eas:bert_qa', now)).toBe(now + 4 * HOUR);
    expect(await episodes.get(alert.episode.id)).toMatchObject({ mutedUntil: now + 4 * HOUR, mutedBy: 'U0BOB' });
    const mutes = await audited(h, 'muted');
    expect(mutes).toHaveLength(1);
    expect(mutes[0]).toMatchObject({ requestId: alert.episode.id, user: 'U0BOB', at: now });
    expect(mutes[0]!.detail).toContain('4h');

    // The episode ends: the mute runs its time (it is on the service), and a press on its controls changes nothing.
    await episodes.close(alert.episode.id, now);
    expect(await episodes.mutedUntil('eas:bert_qa', now)).toBe(now + 4 * HOUR);
    await deliver(h, payloadOf(h, { user: 'U0CAROL', alert, mute: '1h' }));
    await deliver(h, payloadOf(h, { user: 'U0DAVE', alert }));
    const told = await h.slack.waitFor(() => {
      const e = h!.slack.ephemerals(ALERTS);
      return e.length >= 2 ? e : undefined;
    });
    for (const e of told) expect(e.text).toBe("This alert's episode is over or unknown; nothing changed.");
    await settle();
    expect(await audited(h, 'muted')).toHaveLength(1);
    expect(await audited(h, 'acknowledged')).toHaveLength(0);
    expect(h.slack.thread(ALERTS, alert.ts)).toHaveLength(1);
  });

  it('/pai alerts lists the open episodes with who acknowledged and the mute; -w filters', async () => {
    h = await startHarness();
    const episodes = createAlertEpisodes(h.redis, keySpace(h.keyPrefix));
    const empty = await h.command('alerts', { channel: ALERTS });
    expect(empty.json).toMatchObject({ response_type: 'ephemeral', text: 'No open alerts.' });

    const dev = await postAlert(h, episodes, {
      id: 'eas:mnist_svc:failed:1',
      resource: 'eas:mnist_svc',
      kind: 'failed',
      workspaceId: '100001',
      title: 'EAS service mnist_svc failed',
    });
    h.clock.advance(60_000);
    const prod = await postAlert(h, episodes, {
      id: 'dlc:dlcprod000001:oss_403',
      resource: 'dlc:dlcprod000001',
      kind: 'oss_403',
      workspaceId: '100002',
      title: 'OSS 403 on oss://locked-data',
    });
    await deliver(h, payloadOf(h, { user: 'U0ALICE', alert: dev }));
    await h.slack.waitFor(() => h!.slack.thread(ALERTS, dev.ts)[0]);
    await deliver(h, payloadOf(h, { user: 'U0BOB', alert: dev, mute: '4h' }));
    await h.slack.waitFor(() => h!.slack.thread(ALERTS, dev.ts)[1]);
    const mutedUntil = (await episodes.get(dev.episode.id))!.mutedUntil!;

    const all = await h.command('alerts', { channel: 'C0DEV' });
    expect(all.json.text).toBe('2 open alert(s)');
    const allText = texts(all.json.blocks);
    expect(allText.indexOf('EAS service mnist_svc failed')).toBeLessThan(
      allText.indexOf('OSS 403 on oss://locked-data'),
    ); // oldest first
    expect(allText).toContain('Acknowledged by <@U0ALICE>');
    expect(allText).toContain(`Muted until <!date^${Math.floor(mutedUntil / 1000)}^`);
    expect(allText).toContain('by <@U0BOB>');
    expect(allText).toContain('Not acknowledged');
    expect(allText).toContain('workspace `dev`');
    expect(allText).toContain('workspace `prod`');
    expect(allText).toContain('failed · `eas:mnist_svc`');
    expect(allText).toContain('OSS 403');

    const devOnly = await h.command('alerts -w dev', { channel: ALERTS });
    expect(devOnly.json.text).toBe('1 open alert(s) in workspace dev');
    expect(texts(devOnly.json.blocks)).toContain('EAS service mnist_svc failed');
    expect(texts(devOnly.json.blocks)).not.toContain('OSS 403 on');
    const prodOnly = await h.command('alerts --workspace prod', { channel: ALERTS });
    expect(texts(prodOnly.json.blocks)).toContain('OSS 403 on oss://locked-data');
    expect(texts(prodOnly.json.blocks)).not.toContain('EAS service mnist_svc failed');

    await episodes.close(prod.episode.id);
    expect((await h.command('alerts -w prod', { channel: ALERTS })).json.text).toBe(
      'No open alerts in workspace prod.',
    );
    const unknown = await h.command('alerts -w staging', { channel: ALERTS });
    expect(unknown.json.text).toMatch(/There is no workspace "staging"\. Known workspaces: dev, prod\./);
    const bad = await h.command('alerts now', { channel: ALERTS });
    expect(bad.json.text).toContain('/pai alerts takes no arguments');
    expect(await h.queueCounts()).toMatchObject({ waiting: 0, active: 0, completed: 0 });
  });
});

describe('the renderers, within Slack limits', () => {
  const base: OpenEpisode = {
    id: 'x',
    resource: 'dlc:x',
    kind: 'failed',
    workspaceId: '100001',
    title: 't',
    channel: ALERTS,
    ts: '1.1',
    openedAt: 0,
  };

  it('the controls carry a 200-character episode id in the button and the block_id', () => {
    const id = `eas:${'s'.repeat(64)}:1772355600000:cold_start`.padEnd(200, 'x');
    const block = alertControlsBlock(id) as {
      block_id: string;
      elements: { value?: string; options?: { value: string }[] }[];
    };
    expect(block.block_id.length).toBeLessThanOrEqual(255);
    expect(block.elements[0]!.value).toBe(id);
    expect(block.elements[1]!.options!.map((o) => o.value)).toEqual(['1h', '4h', '24h']);
    expect(validateBlocks([block])).toBeUndefined();
  });

  it('an alert without controls gets the acknowledgement and the Mute menu at the end', () => {
    const blocks = acknowledgedBlocks(
      [{ type: 'section', text: { type: 'mrkdwn', text: 'old alert' } }],
      'x',
      'U0ALICE',
      0,
    );
    expect(blocks.map((b) => b.type)).toEqual(['section', 'context', 'actions']);
    expect(texts(blocks)).not.toContain(`"action_id":"${ACK_ACTION_ID}"`);
  });

  it('many long, hostile episodes: at most 50 blocks, sections under 3,000 characters, nothing unescaped', () => {
    const many = Array.from(
      { length: 80 },
      (_, i): OpenEpisode => ({
        ...base,
        id: `e${i}`,
        title: `<!channel> ${'t'.repeat(5000)}`,
        resource: `dlc:<@U0EVIL>${'r'.repeat(300)}`,
        workspaceId: `<!here>${i}`,
        ackedBy: '<!everyone>',
        ackedAt: 1,
        mutedUntil: 10,
        mutedBy: 'U0BOB',
        openedAt: i,
      }),
    );
    const m = renderAlertList(many, { now: 5, workspaceNames: new Map() });
    expect(m.blocks!.length).toBeLessThanOrEqual(50);
    expect(validateBlocks(m.blocks)).toBeUndefined();
    expect(texts(m.blocks)).not.toMatch(/<!channel>|<!here>|<!everyone>|<@U0EVIL>/);
    expect(texts(m.blocks)).toContain('…and 35 more');
  });
});
