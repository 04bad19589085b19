// Hardening (6): mentions, links and mrkdwn in user input are escaped in everything the bot posts.
// Users (and PAI, when it echoes what users sent: reasons, events, logs, diagnosis) put broadcasts,
// mentions of someone else, user-group pings and disguised links into every field that takes free
// text. Afterwards every message, edit, ephemeral, response_url answer, thread reply and slash
// command ack is scanned: the only mentions allowed are the bot's own (requester, approvers,
// on-call, dates), whose ids the attacker strings never use.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';
import { scenarioSteps, type Ack } from '../support/scenario-steps.js';
import { configYaml, DEV_WORKSPACE, oncallAlerts, prodWorkspace } from '../support/config-yaml.js';

const YAML = configYaml({
  workspaces: [DEV_WORKSPACE, prodWorkspace({ approvers: ['U0APPR1', 'U0APPR2'], required: 1 })],
  alerts: oncallAlerts({ cold_start_after: '30s' }),
});

// What an attacker types. None of these ids appears in the config or the bot's own wording.
const MARKS = ['<!channel>', '<!here>', '<@U0VICTIM>', '<!subteam^S0ALL>', '<https://evil.example|click>'];
const STYLE = '*bold* _it_ ~gone~ `tick` ```fence```';
/** For values that may hold spaces (a quoted --command, reasons, events, log lines). */
const EVIL = `${MARKS.join(' ')} ${STYLE}`;
/** For values without spaces (--image, --env VALUE). */
const EVIL_WORD = `${MARKS.join('')}*bold*\`tick\`\`\`\`fence\`\`\``;
/** For OSS prefixes, which take no ':' (so no link). */
const EVIL_PREFIX = '<!channel><!here><@U0VICTIM><!subteam^S0ALL>`tick`*b*';
const IMAGE = `registry.example.com/team/${EVIL_WORD}:1`;

// The bot's own, deliberate mentions.
const ALLOWED = [
  /^<@U0ALICE>$/,
  /^<@U0APPR1>$/,
  /^<@U0APPR2>$/,
  /^<!subteam\^S0ONCALL>$/,
  /^<!date\^\d+\^[^<>]*>$/,
  // The console links the bot builds itself (src/render/console-links.ts): every part percent-encoded.
  /^<https:\/\/pai\.console\.aliyun\.com\/\?regionId=[a-z0-9-]+&workspaceId=[A-Za-z0-9-]+#\/(?:(?:eas\/serviceDetail\/[a-z0-9_]+\/detail|dlc\/jobs\/[A-Za-z0-9-]+\/overview)\|Open in the PAI console|dlc\/jobs\|The workspace's DLC jobs in the PAI console)>$/,
];
// Anything Slack would turn into a mention, broadcast, channel link or hyperlink.
const SPECIAL = /<(?:[!@#][^<>]*|[A-Za-z][A-Za-z0-9+.-]*:[^<>]*)>/g;

let h: Harness;
let acks: Ack[] = [];

beforeAll(async () => {
  h = await startHarness({ yaml: YAML });
});
afterAll(async () => h?.stop());

const { send, answerTo, card, pollJobsUntil, pollServicesUntil, queueSettled } = scenarioSteps(() => ({ h, acks }));

/** Everything the fake Slack saw, and every ack, each with where it came from. */
function everythingPosted(): { where: string; text: string }[] {
  const out: { where: string; text: string }[] = [];
  for (const [i, call] of h.slack.calls.entries())
    out.push({ where: `Web API call #${i} ${call.method}`, text: JSON.stringify(call.args) });
  for (const m of h.slack.messages()) {
    out.push({
      where: `message ${m.channel}/${m.ts}${m.thread_ts ? ` in thread ${m.thread_ts}` : ''}`,
      text: `${m.text}\n${JSON.stringify(m.blocks ?? null)}`,
    });
    for (const [i, old] of m.history.entries())
      out.push({
        where: `message ${m.channel}/${m.ts} version ${i}`,
        text: `${old.text}\n${JSON.stringify(old.blocks ?? null)}`,
      });
  }
  for (const e of h.slack.ephemerals())
    out.push({
      where: `ephemeral to ${e.user} in ${e.channel}`,
      text: `${e.text}\n${JSON.stringify(e.blocks ?? null)}`,
    });
  for (const r of h.slack.responses()) out.push({ where: `response_url ${r.id}`, text: JSON.stringify(r.body) });
  for (const a of acks) out.push({ where: `ack of /pai ${a.text.slice(0, 60)}`, text: a.body });
  return out;
}

describe('user input in everything the bot posts', () => {
  it('dlc submit in dev, followed to Succeeded, then status, logs and list', async () => {
    const reply = await send(
      `dlc submit evil-ok --image ${IMAGE} --command "${EVIL}" --env MSG=${EVIL_WORD} --data oss://ml-data/mnist/`,
    );
    expect(reply.json.text).toContain('Queued');
    const c = await h.slack.waitFor(() => card('C0DEV', 'evil-ok'), 10_000);
    await pollJobsUntil(() => c.text.includes('Succeeded'), 'evil-ok Succeeded');
    const jobId = h.sim.jobs().find((j) => j.DisplayName === 'evil-ok')!.JobId;
    await answerTo(`dlc status ${jobId}`);
    await answerTo(`dlc logs ${jobId}`);
    await answerTo('dlc list');
  });

  it('a failing job whose reason, events and logs echo the command', async () => {
    h.sim.planNextJob({
      outcome: 'Failed',
      reasonCode: 'JobFailed',
      reasonMessage: `Command "${EVIL}" exited with code 1`,
      events: [`BackOff pod/worker-0: back-off restarting ${EVIL}`],
      logs: [`$ ${EVIL}`, 'Traceback (most recent call last):', `ValueError: bad argument ${EVIL}`],
    });
    await send(`dlc submit evil-fail --image ${IMAGE} --command "${EVIL}"`);
    const c = await h.slack.waitFor(() => card('C0DEV', 'evil-fail'), 10_000);
    await pollJobsUntil(() => c.text.includes('Failed'), 'evil-fail Failed');
    const jobId = h.sim.jobs().find((j) => j.DisplayName === 'evil-fail')!.JobId;
    await answerTo(`dlc status ${jobId}`);
    await answerTo(`dlc logs ${jobId} --tail 20`);
  });

  it('an OSS preflight failure and OSS checks that echo the prefix', async () => {
    await answerTo(
      `dlc submit evil-pre --image ${IMAGE} --command "${EVIL}" --data oss://locked-data/${EVIL_PREFIX}/`,
      { match: /was not submitted/ },
    );
    await answerTo(`oss check oss://locked-data/${EVIL_PREFIX}/`);
    await answerTo(`oss check oss://ml-data/${EVIL_PREFIX}/`);
    await answerTo(`oss check oss://no-such-bucket/${EVIL_PREFIX}`);
  });

  it('a PAI error that echoes text back (a Forbidden.RAM naming an odd action)', async () => {
    h.sim.denyAction('ListJobs', EVIL_WORD);
    try {
      await answerTo('dlc list', { match: /not allowed/ });
    } finally {
      h.sim.allowAction('ListJobs');
    }
  });

  it('an EAS service that fails to pull its image, with alert, card, thread, status, events and list', async () => {
    h.sim.planNextService({ outcome: 'Failed', reason: 'ImagePullBackOff' });
    await send(`eas deploy evil_fail --image ${IMAGE} --command "${EVIL}" --model oss://ml-data/models`);
    await h.slack.waitFor(() => card('C0DEV', 'evil_fail'), 10_000);
    await pollServicesUntil(
      () => h.slack.messages('C0ONCALL').some((m) => m.text.includes('evil_fail')),
      'failed alert',
    );
    await answerTo('eas status evil_fail');
    await answerTo('eas events evil_fail');
    await answerTo('eas list');
  });

  it('an EAS cold start whose warnings and diagnosis echo the input, then ready', async () => {
    h.sim.planNextService({
      coldStartMs: 60_000,
      warningEvents: [{ Reason: 'Unhealthy', Message: `Readiness probe failed: ${EVIL}` }],
      diagnosis: [{ Error: `container command ${EVIL} is slow`, Causes: [EVIL], Advices: [`try ${EVIL}`] }],
    });
    await send(`eas deploy evil_cold --image ${IMAGE} --command "${EVIL}"`);
    const c = await h.slack.waitFor(() => card('C0DEV', 'evil_cold'), 10_000);
    await pollServicesUntil(
      () =>
        h.slack
          .messages('C0ONCALL')
          .some((m) => !m.thread_ts && m.text.includes('Cold start') && m.text.includes('evil_cold')),
      'cold start alert',
    );
    await pollServicesUntil(
      () => c.text.includes('Running') && h.slack.thread('C0DEV', c.ts).some((m) => m.text.includes('is ready')),
      'evil_cold ready',
    );
    await answerTo('eas status evil_cold');
  });

  it('prod approval requests: one approved and run, one rejected; the pending list', async () => {
    await send(
      `dlc submit evil-prod --image ${IMAGE} --command "${EVIL}" --env MSG=${EVIL_WORD} --data oss://ml-data/mnist/:/<https://evil.example|click>`,
      { channel: 'C0PROD' },
    );
    const submit = await h.slack.waitFor(() => card('C0PROD', 'dlc submit evil-prod'), 10_000);
    await send(`eas deploy evil_prod --image ${IMAGE} --command "${EVIL}"`, { channel: 'C0PROD' });
    const deploy = await h.slack.waitFor(() => card('C0PROD', 'eas deploy evil_prod'), 10_000);
    await send('approvals', { channel: 'C0PROD' });

    await h.react('white_check_mark', submit, { user: 'U0APPR1' });
    const c = await h.slack.waitFor(() => card('C0PROD', 'DLC job evil-prod'), 10_000);
    await pollJobsUntil(() => c.text.includes('Succeeded'), 'evil-prod Succeeded');
    await eventually(() => JSON.stringify(submit.blocks).includes('Approved and done'), 10_000, 'request executed');

    await h.react('x', deploy, { user: 'U0APPR2' });
    await h.slack.waitFor(() => h.slack.thread('C0PROD', deploy.ts).find((m) => m.text.includes('rejected')), 10_000);
  });

  it('errors that echo the input: parse errors, unknown workspaces, channels without a default', async () => {
    const lines = [
      `dlc submit ${MARKS[0]} --image i:1 --command run`,
      `dlc submit "${EVIL}" --image i:1 --command run`,
      `dlc submit job1 --image "${EVIL}" --command run`,
      `dlc submit job1 --image i:1 --command run --env ${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run --env ${EVIL_WORD}=x`,
      `dlc submit job1 --image i:1 --command run --workers ${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run --type ${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run --data ${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run --data oss://ml-data/x:${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run --${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run -w ${EVIL_WORD}`,
      `dlc submit job1 --image i:1 --command run extra ${EVIL}`,
      `dlc submit job1 --image i:1 --command "${EVIL}`,
      `dlc status ${EVIL_WORD}`,
      `dlc logs dlc1a2b3c4d5e6f --pod ${EVIL_WORD}`,
      `dlc list --status ${EVIL_WORD}`,
      `eas deploy ${EVIL_WORD} --image i:1`,
      `eas scale my_svc ${EVIL_WORD}`,
      `eas traffic my_svc ${EVIL_WORD}`,
      `eas autoscale my_svc --min 1 --max 2 --qps ${EVIL_WORD}`,
      `eas deploy my_svc --image i:1 --model ${EVIL_WORD}`,
      `oss check ${EVIL_WORD}`,
      `oss check oss://ml-data/x:${EVIL_WORD}`,
      `cancel ${EVIL_WORD}`,
      `approvals ${EVIL_WORD}`,
      `help ${EVIL_WORD}`,
      `${EVIL_WORD}`,
      `dlc ${EVIL_WORD}`,
      `eas ${EVIL_WORD} x`,
      // As Slack delivers typed (not autocompleted) markup: entities, decoded by the bot.
      `dlc submit job1 --image i:1 --command run --frob ${EVIL_WORD.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}`,
    ];
    for (const text of lines) {
      const reply = await send(text);
      expect(reply.json.response_type, text).toBe('ephemeral');
    }
    await send(`dlc submit job1 --image ${IMAGE} --command "${EVIL}"`, { channel: 'C0NOWHERE' });
    await send(`oss check oss://ml-data/${EVIL_PREFIX}/`, { channel: 'C0NOWHERE' });
  });

  it('EVERY message, edit, ephemeral, response and ack is free of the attacker markup', async () => {
    await queueSettled(10_000);
    expectNoLeaks(50);
    expect(
      everythingPosted()
        .map((p) => p.text)
        .join('\n'),
    ).toContain('&lt;https://evil.example|click&gt;');
  });
});

describe('a preflight that cannot decide (OSS unreachable)', () => {
  let first: Harness;
  let firstAcks: typeof acks;
  beforeAll(async () => {
    [first, firstAcks] = [h, acks];
    // Nothing listens on port 9: every OSS call fails with ECONNREFUSED, which does not block a submit.
    h = await startHarness({ yaml: YAML, env: { OSS_ENDPOINT: 'http://127.0.0.1:9' } });
    acks = [];
  });
  afterAll(async () => {
    await h?.stop();
    [h, acks] = [first, firstAcks];
  });

  it('the note about the undecided check echoes the location escaped', async () => {
    await answerTo(`dlc submit evil-note --image ${IMAGE} --command "${EVIL}" --data oss://ml-data/${EVIL_PREFIX}/`, {
      match: /could not decide/,
    });
    await h.slack.waitFor(() => card('C0DEV', 'evil-note'), 10_000);
    await answerTo(`oss check oss://ml-data/${EVIL_PREFIX}/`);
    await queueSettled(10_000);
    expectNoLeaks(3);
  });
});

/** Scans everything posted for markup the attacker controls; min = how many items there must be at least. */
function expectNoLeaks(min: number) {
  const posted = everythingPosted();
  expect(posted.length).toBeGreaterThan(min);
  // The attacker strings did reach the bot's output (escaped), so the scan below means something.
  const all = posted.map((p) => p.text).join('\n');
  expect(all).toContain('&lt;!channel&gt;');
  expect(all).toContain('&lt;@U0VICTIM&gt;');

  const leaks: string[] = [];
  for (const { where, text } of posted) {
    for (const raw of ['<!channel>', '<!here>', '<@U0VICTIM>', '<!subteam^S0ALL>', '<https://evil']) {
      if (text.includes(raw)) leaks.push(`${where}: ${raw} in ${excerpt(text, raw)}`);
    }
    for (const m of text.matchAll(SPECIAL)) {
      if (!ALLOWED.some((re) => re.test(m[0]))) leaks.push(`${where}: ${m[0]} in ${excerpt(text, m[0])}`);
    }
    // A user's ``` must not open or close a code block.
    if (text.includes('```fence')) leaks.push(`${where}: \`\`\`fence in ${excerpt(text, '```fence')}`);
  }
  expect([...new Set(leaks)]).toEqual([]);
}

function excerpt(text: string, needle: string): string {
  const at = text.indexOf(needle);
  return JSON.stringify(text.slice(Math.max(0, at - 80), at + needle.length + 40));
}
