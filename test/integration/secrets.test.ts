// Hardening (6): access keys, security tokens, Slack tokens and signing secrets never appear in logs,
// Slack messages, errors shown to users, or the audit stream. One full scenario runs with an STS token
// configured (which the PAI simulator then demands on every call), then everything the bot wrote is
// scanned: every log line, every Slack Web API call (arguments and the fake's answers), every
// response_url body, every slash command ack, the audit stream, and every Redis key of this bot
// (BullMQ job data, failedReason, stack traces and event streams included).
//
// The AccessKey ID is not a secret on its own (it names the key; the secret proves it), but it
// identifies the account's key pair and the bot's log scrubber already redacts LTAI… ids, so it is
// held to the same rule here: it may travel to Alibaba Cloud in request signatures, and nowhere else.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JOB_FAILURE_SCENARIOS } from '@pai-bot/pai-sim/failure-scenarios.js';
import {
  ACCESS_KEY_ID,
  ACCESS_KEY_SECRET,
  BOT_TOKEN,
  SIGNING_SECRET,
  eventually,
  startHarness,
  type Harness,
} from '../support/harness.js';
import { scenarioSteps, type Ack } from '../support/scenario-steps.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';

// Shaped like a real STS token (base64 with + / =), so URL- and JSON-encoding would change it.
const STS_TOKEN = 'CAIS8gF1q6Ft5B2yfSjIr5fTE+/fake/STS+token/Xk9QmZ0aHBzOi8v==';

const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 2 })],
  alerts: oncallAlerts({ cold_start_after: '30s' }),
});

const SECRETS: Record<string, string> = {
  'Slack bot token': BOT_TOKEN,
  'Slack signing secret': SIGNING_SECRET,
  'AccessKey secret': ACCESS_KEY_SECRET,
  'STS security token': STS_TOKEN,
  'AccessKey ID': ACCESS_KEY_ID,
};
/** Each secret as it would look raw, inside JSON, URL-encoded, or base64-encoded (e.g. in a Basic header). */
const FORMS: [string, string][] = Object.entries(SECRETS).flatMap(([name, value]) => [
  [name, value],
  [`${name} (JSON-escaped)`, JSON.stringify(value).slice(1, -1)],
  [`${name} (URL-encoded)`, encodeURIComponent(value)],
  [`${name} (base64)`, Buffer.from(value).toString('base64')],
]);
/** Any Slack token, not only ours: bot, user, app-level, refresh and config tokens. */
const SLACK_TOKEN_SHAPE = /\bx(?:ox[abeprs]|app)-[A-Za-z0-9-]{6,}/;
const STS_SHAPE = /\bCAIS[A-Za-z0-9+/=]{20,}/;

let h: Harness;
const acks: Ack[] = [];

beforeAll(async () => {
  h = await startHarness({
    yaml: YAML,
    env: { ALIBABA_CLOUD_SECURITY_TOKEN: STS_TOKEN },
    securityTokens: { [ACCESS_KEY_ID]: STS_TOKEN },
  });
});
afterAll(async () => h?.stop());

const {
  send,
  answerTo: answer,
  card,
  pollJobsUntil,
  pollServicesUntil,
  queueSettled,
} = scenarioSteps(() => ({ h, acks }));
const answerTo = (text: string, match: RegExp) => answer(text, { match });

/** Every key of this bot in Redis with its whole value, whatever its type. */
async function dumpRedis(): Promise<{ where: string; text: string }[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await h.redis.scan(cursor, 'MATCH', `${h.keyPrefix}:*`, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  const out: { where: string; text: string }[] = [];
  for (const key of keys) {
    const type = await h.redis.type(key);
    let value: unknown;
    if (type === 'string') value = await h.redis.get(key);
    else if (type === 'hash') value = await h.redis.hgetall(key);
    else if (type === 'list') value = await h.redis.lrange(key, 0, -1);
    else if (type === 'set') value = await h.redis.smembers(key);
    else if (type === 'zset') value = await h.redis.zrange(key, 0, -1, 'WITHSCORES');
    else if (type === 'stream') value = await h.redis.xrange(key, '-', '+');
    else value = `(${type})`;
    out.push({ where: `redis ${type} ${key}`, text: JSON.stringify(value) });
  }
  return out;
}

describe('a full scenario with an STS token configured', () => {
  it('dlc submit → Succeeded, after a throttled CreateJob was retried', async () => {
    h.sim.throttleNext(2, 'CreateJob');
    await send(
      'dlc submit secret-ok --image img:1 --command "python train.py" --env LR=0.1 --data oss://ml-data/mnist/',
    );
    const c = await h.slack.waitFor(() => card('C0DEV', 'secret-ok'), 10_000);
    expect(h.sim.callsOf('CreateJob').filter((x) => x.fault === 'throttle')).toHaveLength(2);
    await pollJobsUntil(() => c.text.includes('Succeeded'), 'secret-ok Succeeded');
    expect(h.logs.some((l) => l.msg === 'action failed; will retry')).toBe(true);
  });

  it('a failing job, with its root cause', async () => {
    h.sim.planNextJob(JOB_FAILURE_SCENARIOS.out_of_memory);
    await send('dlc submit secret-fail --image img:1 --command run');
    const c = await h.slack.waitFor(() => card('C0DEV', 'secret-fail'), 10_000);
    await pollJobsUntil(() => c.text.includes('Failed'), 'secret-fail Failed');
    const jobId = h.sim.jobs().find((j) => j.DisplayName === 'secret-fail')!.JobId;
    await answerTo(`dlc status ${jobId}`, /secret-fail/);
    await answerTo(`dlc logs ${jobId}`, /Logs of/);
  });

  it('eas deploy with a cold start: the alert, then ready', async () => {
    h.sim.planNextService({ coldStartMs: 90_000 });
    await send('eas deploy secret_svc --image registry.example.com/big-model:7 --replicas 2');
    const c = await h.slack.waitFor(() => card('C0DEV', 'secret_svc'), 10_000);
    await pollServicesUntil(
      () => h.slack.messages('C0ONCALL').some((m) => m.text.includes('secret_svc')),
      'cold start alert',
    );
    await pollServicesUntil(
      () => h.slack.thread('C0DEV', c.ts).some((m) => m.text.includes('is ready')),
      'secret_svc ready',
    );
    await answerTo('eas status secret_svc', /secret_svc/);
  });

  it('a prod approval request, approved and executed', async () => {
    await send('dlc submit secret-prod --image img:1 --command "python train.py" --workers 2', { channel: 'C0PROD' });
    const request = await h.slack.waitFor(() => card('C0PROD', 'dlc submit secret-prod'), 10_000);
    await h.react('white_check_mark', request, { user: 'U0APPR1' });
    await h.react('white_check_mark', request, { user: 'U0APPR2' });
    const c = await h.slack.waitFor(() => card('C0PROD', 'DLC job secret-prod'), 10_000);
    await eventually(() => JSON.stringify(request.blocks).includes('Approved and done'), 10_000, 'request executed');
    await pollJobsUntil(() => c.text.includes('Succeeded'), 'secret-prod Succeeded');
    const events = (await h.redis.xrange(`${h.keyPrefix}:audit`, '-', '+')).map(([, f]) => f[f.indexOf('event') + 1]);
    expect(events).toEqual(expect.arrayContaining(['requested', 'approved-by', 'approved', 'executed']));
  });

  it('a Forbidden.RAM answer, PAI failing until the attempts run out, and a Slack API error', async () => {
    h.sim.denyAction('ListJobs', 'paidlc:ListJobs');
    await answerTo('dlc list', /missing RAM permission/);
    h.sim.allowAction('ListJobs');

    const jobId = h.sim.jobs().find((j) => j.DisplayName === 'secret-ok')!.JobId;
    h.sim.serverErrorNext(10, 'GetJob');
    await answerTo(`dlc status ${jobId}`, /gave up after/);
    h.sim.clearFaults();

    h.slack.failNext(1, 'internal_error', 'chat.postMessage');
    await send('dlc submit secret-retry --image img:1 --command run');
    await h.slack.waitFor(() => card('C0DEV', 'secret-retry'), 10_000);
  });

  it('an OSS check that fails, a preflight that fails, and invalid commands', async () => {
    await answerTo('oss check oss://locked-data/secret/', /AccessDenied/);
    await answerTo(
      'dlc submit secret-pre --image img:1 --command run --data oss://locked-data/secret/',
      /was not submitted/,
    );
    for (const text of [
      'dlc submit',
      'dlc submit x --image i --command "unterminated',
      `dlc submit x --image i --command c --env TOKEN=${'x'.repeat(10)} --frob`,
      'nonsense',
    ]) {
      const reply = await send(text);
      expect(reply.json.text).toMatch(/Usage/);
    }
  });

  it('the STS token was really in use: PAI demanded it on every call and got it', () => {
    const calls = h.sim.calls.filter((c) => c.accessKeyId === ACCESS_KEY_ID);
    expect(calls.length).toBeGreaterThan(20);
    expect(calls.every((c) => c.headers['x-acs-security-token'] === STS_TOKEN)).toBe(true);
    expect(h.sim.rejected.filter((c) => /SecurityToken|Signature/.test(c.errorCode ?? ''))).toEqual([]);
    expect(h.oss.calls.length).toBeGreaterThan(0);
    expect(h.oss.calls.every((c) => c.accessKeyId === ACCESS_KEY_ID)).toBe(true);
  });

  it('no secret in any log line, Slack call, response, ack, audit entry or Redis key', async () => {
    await queueSettled(15_000);
    const places: { where: string; text: string }[] = [
      ...h.logs.map((line, i) => ({
        where: `log line ${i} (${String(line.msg).slice(0, 60)})`,
        text: JSON.stringify(line),
      })),
      // The token the fake received in Authorization is how the bot authenticates, not output; arguments and answers
      // are.
      ...h.slack.calls.map((c, i) => ({
        where: `Slack call #${i} ${c.method}`,
        text: JSON.stringify({ args: c.args, response: c.response, error: c.error }),
      })),
      ...h.slack.responses().map((r) => ({ where: `response_url ${r.id}`, text: JSON.stringify(r.body) })),
      ...h.slack.ephemerals().map((e, i) => ({ where: `ephemeral #${i}`, text: JSON.stringify(e) })),
      ...h.slack.messages().map((m) => ({
        where: `message ${m.channel}/${m.ts}`,
        text: JSON.stringify({ text: m.text, blocks: m.blocks, history: m.history }),
      })),
      ...acks.map((a) => ({ where: `ack of /pai ${a.text.slice(0, 40)}`, text: a.body })),
      ...(await dumpRedis()),
    ];
    // The scan covers what it claims to.
    expect(h.logs.length).toBeGreaterThan(100);
    expect(places.some((p) => p.where.includes(':audit'))).toBe(true);
    expect(places.some((p) => /redis hash .*:pai-actions:req-/.test(p.where) && p.text.includes('failedReason'))).toBe(
      true,
    );
    expect(places.some((p) => p.where.startsWith('log line') && /"err"/.test(p.text))).toBe(true);

    const leaks: string[] = [];
    for (const { where, text } of places) {
      for (const [name, form] of FORMS) if (text.includes(form)) leaks.push(`${where}: ${name}`);
      const slackToken = SLACK_TOKEN_SHAPE.exec(text);
      if (slackToken) leaks.push(`${where}: a Slack token ${slackToken[0].slice(0, 9)}…`);
      const sts = STS_SHAPE.exec(text);
      if (sts) leaks.push(`${where}: an STS-token-shaped string ${sts[0].slice(0, 8)}…`);
    }
    expect([...new Set(leaks)]).toEqual([]);

    // Stronger: no secret even reached the last-line scrubbers (the logger's and Slack output's "[redacted]",
    // the PAI error cleaner's "***"), so nothing above passed only because a safety net caught it.
    const caught = places.filter((p) => p.text.includes('[redacted]') || p.text.includes('***')).map((p) => p.where);
    expect(caught).toEqual([]);
  });
});
