// response_url and waitFor/onActivity: the parts the bot reaches without the Web API client.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeSlack, type FakeSlack } from '../src/index.js';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';

const TOKEN = 'xoxb-test-token';
let fake: FakeSlack;

const post = (url: string, body: string, contentType = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });

const apiPost = (method: string, args: Record<string, string>) =>
  fetch(fake.url + method, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(args).toString(),
  });

beforeAll(async () => {
  fake = createFakeSlack({ token: TOKEN });
  await fake.start();
});
afterAll(() => fake.stop());

describe('response_url', () => {
  it('records JSON bodies and answers 200 ok', async () => {
    const url = fake.responseUrl('cmd-1');
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/respond\/cmd-1$/);
    const res = await post(url, JSON.stringify({ response_type: 'ephemeral', text: 'queued' }));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(fake.responses('cmd-1')).toEqual([{ id: 'cmd-1', body: { response_type: 'ephemeral', text: 'queued' } }]);
  });

  it('allows 5 uses, then answers 404 used_url', async () => {
    const url = fake.responseUrl();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await post(url, JSON.stringify({ text: `#${i}` }))).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const id = decodeURIComponent(url.split('/respond/')[1]!);
    expect(fake.responses(id)).toHaveLength(5);
  });

  it('rejects invalid JSON with 400 without spending a use', async () => {
    const url = fake.responseUrl('bad-json');
    expect((await post(url, '{nope')).status).toBe(400);
    expect(fake.responses('bad-json')).toEqual([]);
  });

  it('generates distinct ids', () => {
    expect(fake.responseUrl()).not.toBe(fake.responseUrl());
  });
});

describe('transport details', () => {
  it('accepts a JSON body and a raw form body with stringified blocks', async () => {
    const json = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: 'C0J', text: 'json', blocks: [{ type: 'divider' }] }),
    });
    expect(json.status).toBe(200);
    expect(await json.json()).toMatchObject({ ok: true, channel: 'C0J' });
    const form = await apiPost('chat.postMessage', { channel: 'C0J', text: 'form', blocks: '[{"type":"divider"}]' });
    expect(await form.json()).toMatchObject({ ok: true });
    expect(fake.messages('C0J').map((m) => m.blocks)).toEqual([[{ type: 'divider' }], [{ type: 'divider' }]]);
  });

  it('reports unparseable blocks as invalid_blocks_format', async () => {
    const res = await apiPost('chat.postMessage', { channel: 'C0J', text: 'x', blocks: '[{' });
    expect(await res.json()).toMatchObject({ ok: false, error: 'invalid_blocks_format' });
  });

  it('answers every 429 with the Retry-After header and a ratelimited body', async () => {
    fake.rateLimitNext(1, 3);
    const res = await apiPost('auth.test', {});
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('3');
    expect(await res.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('derives ts from an injected clock and keeps them unique when it stands still', async () => {
    const clock = new ManualClock(Date.UTC(2026, 0, 1));
    const f = createFakeSlack({ token: TOKEN, clock });
    const url = await f.start();
    try {
      const send = async () =>
        (
          (await (
            await fetch(`${url}chat.postMessage`, {
              method: 'POST',
              headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
              body: JSON.stringify({ channel: 'C1', text: 'x' }),
            })
          ).json()) as { ts: string }
        ).ts;
      const base = Date.UTC(2026, 0, 1) / 1000;
      expect(await send()).toBe(`${base}.000000`);
      expect(await send()).toBe(`${base}.000100`);
      clock.advance(1500);
      expect(await send()).toBe(`${base + 1}.500000`);
      expect(f.calls[0]!.at).toBe(Date.UTC(2026, 0, 1));
    } finally {
      await f.stop();
    }
  });
});

describe('waitFor and onActivity', () => {
  it('resolves as soon as a matching call is recorded', async () => {
    const waiting = fake.waitFor(() => fake.messages('C0W').find((m) => m.text === 'hello'));
    setTimeout(() => void apiPost('chat.postMessage', { channel: 'C0W', text: 'hello' }), 20);
    await expect(waiting).resolves.toMatchObject({ channel: 'C0W', text: 'hello' });
  });

  it('treats a throwing pick as "not yet" and rejects with recent calls after the timeout', async () => {
    await apiPost('chat.postMessage', { channel: 'C0W', text: 'marker-call' });
    const err = (await fake.waitFor(() => fake.messages('C0NEVER')[0]!.text, 120).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toMatch(/timed out after 120 ms/);
    expect(err.message).toContain('marker-call');
  });

  it('notifies activity listeners until unsubscribed', async () => {
    const seen: string[] = [];
    const off = fake.onActivity((kind, item) => seen.push(`${kind}:${(item as { text?: string }).text ?? ''}`));
    const r = (await (await apiPost('chat.postMessage', { channel: 'C0A', text: 'one' })).json()) as { ts: string };
    await apiPost('chat.update', { channel: 'C0A', ts: r.ts, text: 'two' });
    await apiPost('chat.postEphemeral', { channel: 'C0A', user: 'U1', text: 'psst' });
    await post(fake.responseUrl('act'), JSON.stringify({ text: 'resp' }));
    off();
    await apiPost('chat.postMessage', { channel: 'C0A', text: 'unseen' });
    expect(seen.slice(0, 3)).toEqual(['message:one', 'update:two', 'ephemeral:psst']);
    expect(seen[3]).toMatch(/^response:/);
    expect(seen).toHaveLength(4);
  });
});
