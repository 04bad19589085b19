import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ApprovalDeps } from '../../src/actions/approvals/approval-deps.js';
import { describeChange } from '../../src/actions/approvals/describe-change.js';
import type { KeyField } from '../../src/actions/approvals/key-fields.js';
import { listPending } from '../../src/actions/approvals/local-commands.js';
import type { ApprovalRequest } from '../../src/actions/approvals/request-store.js';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';
import type { DlcClient } from '../../src/pai/dlc-client.js';
import type { DswClient } from '../../src/pai/dsw-client.js';
import type { EasClient } from '../../src/pai/eas-client.js';
import type { DlcSubmitJob, MutatingJob } from '../../src/actions/action-jobs.js';
import type { DlcSubmit } from '../../src/slack/grammar/commands.js';
import { describeAction } from '../../src/slack/grammar/describe-action.js';
import { MAX_COMMAND_LENGTH, parseCommand } from '../../src/slack/grammar/parse.js';
import { renderApprovalRequest, renderApprovalThreadParts } from '../../src/render/approval-request.js';
import { pendingRequest } from '../support/approval-request.js';

// ---------------------------------------------------------------------------------------------
// Reading a card back: what an approver sees, with Slack's escapes undone.

type Any = Record<string, unknown>;
const OPTS = { approveEmoji: 'white_check_mark', rejectEmoji: 'x', now: 0 };
const blocksOf = (m: SlackMessage) => (m.blocks ?? []) as unknown as Any[];
const sectionTexts = (m: SlackMessage) =>
  blocksOf(m).flatMap((b) => (b.type === 'section' && b.text ? [(b.text as { text: string }).text] : []));

const unescapeHtml = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
/** Backticks may be shown as look-alikes (so input cannot open or close code): compare them as one. */
const sameTicks = (s: string) => s.replace(/ˋ/g, '`');
/** The sections read one after another, fences dropped: a value split across blocks reads on. */
const readBack = (texts: readonly string[]) => sameTicks(unescapeHtml(texts.join('').split('```').join('')));
const shown = (m: SlackMessage) => readBack(sectionTexts(m));
/** Each thread message opens with a heading section; the body follows in the rest. */
const shownInThread = (parts: readonly SlackMessage[]) => readBack(parts.flatMap((p) => sectionTexts(p).slice(1)));
const says = (m: SlackMessage, what: string | RegExp) =>
  sectionTexts(m).some((t) => (typeof what === 'string' ? t.includes(what) : what.test(t)));
const CUT = 'Cut to fit';

/** Slack's limits, and nothing in user text that Slack would read as a mention, link or code fence. */
function expectWithinSlackLimits(m: SlackMessage): void {
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(4_000);
  const blocks = blocksOf(m);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const b of blocks) {
    if (b.type === 'section') {
      const text = (b.text as { text: string } | undefined)?.text;
      const fields = b.fields as { text: string }[] | undefined;
      if (text !== undefined) {
        expect(text.length).toBeGreaterThan(0);
        expect(text.length).toBeLessThanOrEqual(3_000);
        expect(text.split('```').length % 2, 'fences pair up within a section').toBe(1);
      }
      if (fields) {
        expect(fields.length).toBeLessThanOrEqual(10);
        for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(2_000);
      }
      for (const t of [text ?? '', ...(fields ?? []).map((f) => f.text)]) {
        const rest = t.replace(/<@[UW][A-Z0-9]+>|<!subteam\^S[A-Z0-9]+>|<!date\^\d+\^[^|>]*\|[^>]*>/g, '');
        expect(rest, t.slice(0, 200)).not.toMatch(/[<>]/);
        expect(rest.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
      }
    } else if (b.type === 'context') {
      for (const e of b.elements as { text: string }[]) expect(e.text.length).toBeLessThanOrEqual(3_000);
    } else expect(['actions']).toContain(b.type);
  }
}

// ---------------------------------------------------------------------------------------------
// Requests as the gate makes them: describeChange, then stored.

const PAI = { dlc: {} as DlcClient, eas: {} as EasClient, dsw: {} as DswClient, region: 'cn-shanghai', describeAction };

const submitJob = (command: DlcSubmit): DlcSubmitJob => ({
  type: 'dlc.submit',
  requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
  workspace: { name: 'prod', id: '100002' },
  command,
  requestKey: 'rk-1',
});

const SUBMIT: DlcSubmit = {
  kind: 'dlc.submit',
  name: 'prod-train',
  image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
  command: 'python train.py --epochs 10',
  jobType: 'PyTorchJob',
  workers: 4,
  data: [{ uri: 'oss://ml-data/imagenet/', bucket: 'ml-data', path: 'imagenet/' }],
  env: { LR: '0.1' },
  spot: false,
  skipPreflight: false,
};

async function requestFor(
  action: MutatingJob,
  over: Partial<ApprovalRequest> = {},
  pai = PAI,
): Promise<ApprovalRequest> {
  const change = await describeChange(action, pai);
  return pendingRequest({ action, title: change.title, details: change.details, keyFields: change.keyFields, ...over });
}

/** Where the first block of the body is, and where the key fields are. */
const indexOf = (m: SlackMessage, what: string) =>
  blocksOf(m).findIndex((b) => b.type === 'section' && JSON.stringify(b.text ?? '').includes(what));

// ---------------------------------------------------------------------------------------------

describe('renderApprovalRequest', () => {
  it('shows the key fields first, then the whole request, with nothing cut', async () => {
    const r = await requestFor(submitJob(SUBMIT));
    const card = renderApprovalRequest(r, OPTS);
    expectWithinSlackLimits(card);
    expect(card.text).toMatch(/\(ar-7k2m9xq1\)/);
    expect(card.text).toContain('0 of 2');
    const keys = indexOf(card, '*Image:*');
    expect(keys).toBeGreaterThan(1);
    expect(keys).toBeLessThan(indexOf(card, 'CreateJob  POST /api/v1/jobs'));
    const text = shown(card);
    for (const expected of [
      'prod (100002)',
      SUBMIT.image,
      SUBMIT.command,
      '4 × Worker (PyTorchJob)',
      'ecs.g6.xlarge (default)',
      'oss://ml-data/imagenet/ → /mnt/data/ml-data/imagenet',
      'LR',
      '"PodCount": 4',
      '"LR": "0.1"',
    ]) {
      expect(text).toContain(expected);
    }
    expect(says(card, CUT)).toBe(false);
    expect(renderApprovalThreadParts(r)).toEqual([]);
  });

  it('keeps the status lines and the actions', async () => {
    const r = await requestFor(submitJob(SUBMIT));
    expect(blocksOf(renderApprovalRequest(r, OPTS)).some((b) => b.type === 'actions')).toBe(true);
    const cases: [Partial<ApprovalRequest>, string][] = [
      [{ status: 'executed', outcome: 'job dlc123 created' }, 'Approved and done'],
      [{ status: 'failed', outcome: 'quota' }, 'it failed'],
      [{ status: 'rejected', decidedBy: 'U0APPR1' }, 'Rejected'],
      [{ status: 'expired' }, 'Expired'],
    ];
    for (const [over, line] of cases) {
      const card = renderApprovalRequest({ ...r, ...over }, OPTS);
      expectWithinSlackLimits(card);
      expect(JSON.stringify(card.blocks)).toContain(line);
      expect(blocksOf(card).some((b) => b.type === 'actions')).toBe(false);
    }
  });

  it('shows the padded request from the issue: image, command, 100 workers and the instance, and says where the rest is', async () => {
    const pad = (n: number) => `--env PAD_${n}=${'&<>'.repeat(60)}`;
    let line =
      'dlc submit padded --image registry.example.com/team/big:7 --command "torchrun train.py --big" --workers 100 --instance ecs.gn7-c96g1.24xlarge';
    for (let i = 0; line.length + pad(i).length + 1 <= MAX_COMMAND_LENGTH; i++) line += ` ${pad(i)}`;
    const parsed = parseCommand(line);
    if (!parsed.ok || parsed.command.kind !== 'dlc.submit') throw new Error(JSON.stringify(parsed));
    const r = await requestFor(submitJob(parsed.command));
    const card = renderApprovalRequest(r, OPTS);
    expectWithinSlackLimits(card);

    const texts = sectionTexts(card);
    const keyText = readBack(
      texts.slice(
        1,
        texts.findIndex((t) => t.startsWith('*What will be sent to PAI*')),
      ),
    );
    for (const expected of [
      'registry.example.com/team/big:7',
      'torchrun train.py --big',
      '100 × Worker',
      'ecs.gn7-c96g1.24xlarge',
      'PAD_0',
      'PAD_9',
    ])
      expect(keyText).toContain(expected);
    expect(keyText).not.toContain('&<>&<>'); // values stay in the body

    expect(says(card, CUT)).toBe(true);
    expect(says(card, "The full request is in this message's thread")).toBe(true);
    expect(
      says(card, new RegExp(`the request body is ${r.details.length} line\\(s\\); this card shows the first \\d+`)),
    ).toBe(true);
    const thread = renderApprovalThreadParts(r);
    expect(thread.length).toBeGreaterThan(0);
    for (const part of thread) expectWithinSlackLimits(part);
    expect(shownInThread(thread)).toContain(r.details.join('\n'));
  });

  it('shows a change to a running service as its difference', async () => {
    const eas = {
      describeService: async () => ({
        ServiceName: 'fraud_svc',
        Status: 'Running',
        TotalInstance: 2,
        RunningInstance: 2,
      }),
    } as unknown as EasClient;
    const r = await requestFor(
      {
        type: 'eas.change',
        requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
        service: 'fraud_svc',
        change: { verb: 'scale', replicas: 4 },
      },
      {},
      { ...PAI, eas },
    );
    expect(r.keyFields).toEqual([
      { label: 'Service', value: 'fraud_svc' },
      { label: 'Change', value: 'scale: 2 → 4 instances' },
    ]);
    const card = renderApprovalRequest(r, OPTS);
    expectWithinSlackLimits(card);
    expect(shown(card)).toContain('scale: 2 → 4 instances');
    expect(shown(card)).toContain('instances: 2 → 4');
  });

  it('shows the key fields of a deploy, with the defaults it will get', async () => {
    const r = await requestFor({
      type: 'eas.deploy',
      requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
      workspace: { name: 'prod', id: '100002' },
      command: {
        kind: 'eas.deploy',
        service: 'fraud_svc',
        image: 'img:2',
        replicas: 3,
        model: { uri: 'oss://models/fraud', bucket: 'models', path: 'fraud' },
      },
      requestKey: 'rk',
    });
    expect(Object.fromEntries(r.keyFields!.map((f) => [f.label, f.value]))).toEqual({
      Workspace: 'prod (100002)',
      Service: 'fraud_svc',
      Image: 'img:2',
      Replicas: '3',
      Instance: 'ecs.c7.xlarge (default)',
      Port: '8000 (default)',
      'Model mount': 'oss://models/fraud/ → /models (read-only)',
    });
  });

  it('splits one value longer than a section across sections rather than cutting it', async () => {
    const command = take(`python run.py ${'x&<>`中😀\n'.repeat(500)}`, 3_900);
    const r = await requestFor(submitJob({ ...SUBMIT, command }));
    const card = renderApprovalRequest(r, OPTS);
    expectWithinSlackLimits(card);
    expect(shown(card)).toContain(sameTicks(command));
    expect(sectionTexts(card).filter((t) => t.startsWith('```')).length).toBeGreaterThan(0);
  });

  it('falls back for requests stored without key fields: the last lines, and it says when something was cut', async () => {
    const { keyFields: _k, ...old } = await requestFor(submitJob(SUBMIT));
    const short = renderApprovalRequest(old, OPTS);
    expectWithinSlackLimits(short);
    expect(says(short, CUT)).toBe(false);
    expect(shown(short)).toContain('"PodCount": 4');

    const long = {
      ...old,
      details: [
        ...old.details,
        ...Array.from({ length: 400 }, (_, i) => `line ${i} ${'&'.repeat(i % 7 === 0 ? 400 : 10)}`),
      ],
    };
    const card = renderApprovalRequest(long, OPTS);
    expectWithinSlackLimits(card);
    expect(says(card, new RegExp(`${CUT}.*the last \\d+ of ${long.details.length} lines`))).toBe(true);
    expect(says(card, 'shortened to 300 characters')).toBe(true);
    expect(says(card, 'thread')).toBe(false); // no thread was posted for these
    expect(shown(card)).toContain('line 399');
  });

  it('stays within the limits even with stored key fields far beyond what a command can make, and says so', async () => {
    const r = await requestFor(submitJob(SUBMIT));
    const card = renderApprovalRequest({ ...r, keyFields: [{ label: 'Command', value: '&'.repeat(200_000) }] }, OPTS);
    expectWithinSlackLimits(card);
    expect(says(card, `${CUT}:* the key fields are cut.`)).toBe(true);
  });

  it('puts a huge body in as many thread messages as it needs, each within the limits', async () => {
    const r = {
      ...(await requestFor(submitJob(SUBMIT))),
      details: Array.from({ length: 1_000 }, (_, i) => `${i} ${'<&>'.repeat(30)}`),
    };
    const card = renderApprovalRequest(r, OPTS);
    expectWithinSlackLimits(card);
    expect(says(card, CUT)).toBe(true);
    const thread = renderApprovalThreadParts(r);
    expect(thread.length).toBeGreaterThan(1);
    for (const part of thread) expectWithinSlackLimits(part);
    expect(shownInThread(thread)).toContain(r.details.join('\n'));
  });
});

// ---------------------------------------------------------------------------------------------
// Properties: any request a slash command can make.

const PIECES = [
  '&',
  '<',
  '>',
  '`',
  '```',
  '\n',
  '\r\n',
  ' ',
  '😀',
  '👨‍👩‍👧',
  '中',
  '文字',
  'a',
  'Z',
  '9',
  '"',
  '\\',
  '*',
  '_',
  '~',
  'é',
  '&amp;',
  '<!channel>',
  '\u2028',
];
const run = fc.tuple(fc.constantFrom(...PIECES), fc.integer({ min: 1, max: 4_000 })).map(([p, n]) => p.repeat(n));
const mixed = (max: number) => fc.array(fc.constantFrom(...PIECES), { maxLength: max }).map((a) => a.join(''));
const value = fc.oneof(
  mixed(20),
  mixed(400),
  run,
  fc.tuple(mixed(50), run, mixed(50)).map((a) => a.join('')),
);

/** The first n UTF-16 units of s, not splitting a surrogate pair. */
function take(s: string, n: number): string {
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > n) break;
    out += ch;
  }
  return out;
}

/** Cuts the values in order so that together they fit in one slash command. */
function fitCommand(c: DlcSubmit): DlcSubmit {
  let budget = MAX_COMMAND_LENGTH - 100;
  const fitted = (s: string) => {
    const kept = take(s, budget);
    budget -= kept.length;
    return kept;
  };
  const command = fitted(c.command);
  const image = fitted(c.image);
  const instance = c.instance === undefined ? undefined : fitted(c.instance);
  const data = c.data.map((d) => {
    const path = fitted(d.path);
    return {
      ...d,
      path,
      uri: `oss://${d.bucket}/${path}`,
      ...(d.mountPath !== undefined ? { mountPath: fitted(d.mountPath) } : {}),
    };
  });
  const env = Object.fromEntries(Object.entries(c.env).map(([k, v]) => [k, fitted(v)]));
  return { ...c, command, image, ...(instance !== undefined ? { instance } : {}), data, env };
}

const submitArb = fc
  .record({
    command: value,
    image: value,
    instance: fc.option(value, { nil: undefined }),
    workers: fc.integer({ min: 1, max: 100 }),
    jobType: fc.constantFrom('PyTorchJob' as const, 'TFJob' as const),
    data: fc.array(
      fc.record({
        bucket: fc.constantFrom('ml-data', 'b-2'),
        path: value,
        mountPath: fc.option(value, { nil: undefined }),
      }),
      { maxLength: 4 },
    ),
    env: fc.dictionary(fc.stringMatching(/^[A-Z_][A-Z0-9_]{0,30}$/), value, { maxKeys: 8 }),
    priority: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    spot: fc.boolean(),
  })
  .map(({ data, instance, priority, ...rest }) =>
    fitCommand({
      kind: 'dlc.submit',
      name: 'job-1',
      skipPreflight: false,
      ...rest,
      ...(instance !== undefined ? { instance } : {}),
      ...(priority !== undefined ? { priority } : {}),
      data: data.map(({ mountPath, ...d }) => ({ ...d, uri: '', ...(mountPath !== undefined ? { mountPath } : {}) })),
    }),
  );

describe('renderApprovalRequest properties', () => {
  it('any dlc submit: within the limits, every key field in full, the body whole in the card or in the thread, and the card says which', async () => {
    await fc.assert(
      fc.asyncProperty(
        submitArb,
        fc.constantFrom<ApprovalRequest['status']>('pending', 'executed', 'rejected'),
        async (command, status) => {
          const r = await requestFor(submitJob(command), { status });
          const card = renderApprovalRequest(r, OPTS);
          const thread = renderApprovalThreadParts(r);
          expectWithinSlackLimits(card);
          for (const part of thread) expectWithinSlackLimits(part);

          const text = shown(card);
          for (const f of r.keyFields as KeyField[]) expect(text, f.label).toContain(sameTicks(f.value));
          const body = sameTicks(r.details.join('\n'));
          if (thread.length === 0) {
            expect(text).toContain(body);
            expect(says(card, CUT)).toBe(false);
          } else {
            expect(shownInThread(thread)).toContain(body);
            expect(says(card, CUT)).toBe(true);
            expect(says(card, "The full request is in this message's thread")).toBe(true);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('any stored request without key fields: within the limits, and says when it was cut', () => {
    const line = fc.oneof(mixed(40), mixed(500), run);
    fc.assert(
      fc.property(fc.array(line, { maxLength: 120 }), (details) => {
        const r: ApprovalRequest = {
          id: 'ar-7k2m9xq1',
          action: submitJob(SUBMIT),
          actionHash: 'h',
          title: 'dlc submit x',
          details,
          requester: 'U0ALICE',
          workspace: { name: 'prod', id: '1' },
          approvers: [],
          channelId: 'C0PROD',
          createdAt: 0,
          status: 'pending',
          required: 1,
          expiresAt: 1,
          votes: [],
          version: 1,
        };
        const card = renderApprovalRequest(r, OPTS);
        expectWithinSlackLimits(card);
        const whole = shown(card).includes(sameTicks(details.map((l) => l.replace(/\r/g, '')).join('\n')));
        if (!whole) expect(says(card, CUT)).toBe(true);
        for (const part of renderApprovalThreadParts(r)) expectWithinSlackLimits(part);
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// `/pai approvals`: who sees what.

describe('listPending', () => {
  const base = {
    action: submitJob(SUBMIT),
    actionHash: 'h',
    details: ['CreateJob  POST /api/v1/jobs'],
    keyFields: [
      { label: 'Workspace', value: 'prod (100002)' },
      { label: 'Image', value: 'img:1' },
      { label: 'Scale', value: '100 × Worker (PyTorchJob)' },
    ],
    workspace: { name: 'prod', id: '100002' },
    createdAt: 0,
    status: 'pending' as const,
    required: 2,
    expiresAt: 600_000,
    votes: [],
    version: 1,
  };
  const requests: ApprovalRequest[] = [
    {
      ...base,
      id: 'ar-aaaaaaaa',
      title: 'dlc submit in-prod',
      requester: 'U0ALICE',
      approvers: ['U0APPR1'],
      channelId: 'C0PROD',
    },
    {
      ...base,
      id: 'ar-bbbbbbbb',
      title: 'dlc submit secret-project',
      requester: 'U0CAROL',
      approvers: ['S0LEADS'],
      channelId: 'G0SECRET',
    },
    {
      ...base,
      id: 'ar-cccccccc',
      title: 'dlc submit bobs-job',
      requester: 'U0BOB',
      approvers: ['U0APPR1'],
      channelId: 'C0OTHER',
    },
    {
      ...base,
      id: 'ar-dddddddd',
      title: 'dlc submit decided',
      requester: 'U0BOB',
      approvers: ['U0APPR1'],
      channelId: 'C0PROD',
      status: 'rejected',
    },
  ];
  const deps = {
    store: {
      pendingIds: async () => requests.map((r) => r.id),
      get: async (id: string) => requests.find((r) => r.id === id),
    },
    directory: {
      includes: async (list: readonly string[], user: string) =>
        list.includes(user) || (list.includes('S0LEADS') && user === 'U0LEAD'),
    },
    clock: { now: () => 0 },
  } as unknown as ApprovalDeps;
  const titlesSeenBy = async (userId: string, channelId: string) => {
    const m = await listPending(deps, { userId, channelId });
    const all = JSON.stringify(m);
    return { m, titles: requests.map((r) => r.title).filter((t) => all.includes(t)) };
  };

  it("shows requests from the viewer's channel, their own, and those they may approve; only counts the rest", async () => {
    const bob = await titlesSeenBy('U0BOB', 'C0PROD');
    expect(bob.titles).toEqual(['dlc submit in-prod', 'dlc submit bobs-job']);
    expect(bob.m.text).toContain('2 approval request(s) pending');
    expect(JSON.stringify(bob.m.blocks)).toContain('1 more pending request(s) in channels you may not see');
    expectWithinSlackLimits(bob.m);

    expect((await titlesSeenBy('U0LEAD', 'C0PROD')).titles).toEqual([
      'dlc submit in-prod',
      'dlc submit secret-project',
    ]);
    expect((await titlesSeenBy('U0APPR1', 'C0DEV')).titles).toEqual(['dlc submit in-prod', 'dlc submit bobs-job']);
    expect((await titlesSeenBy('U0CAROL', 'G0SECRET')).titles).toEqual(['dlc submit secret-project']);
  });

  it('tells a viewer who may see none how many there are, and nothing else', async () => {
    const { m, titles } = await titlesSeenBy('U0NOBODY', 'C0DEV');
    expect(titles).toEqual([]);
    expect(m.text).toBe(
      'No approval requests you may see are pending; 3 more pending request(s) in channels you may not see.',
    );
    expect(JSON.stringify(m)).not.toContain('ar-');
  });

  it('shows the key fields in short form', async () => {
    const { m } = await titlesSeenBy('U0ALICE', 'C0PROD');
    const text = JSON.stringify(m.blocks);
    expect(text).toContain('Image `img:1`');
    expect(text).toContain('Scale `100 × Worker (PyTorchJob)`');
    expect(text).toContain('0 of 2');
  });
});
