import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { WorkspaceConfig } from '../../src/config/file-schema.js';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';
import type { Job } from '../../src/pai/dlc-types.js';
import { renderJobCard, type JobCardView } from '../../src/render/job-card.js';
import { renderJobDetails } from '../../src/render/job-details.js';
import { renderJobList } from '../../src/render/job-list.js';
import { renderJobLogs } from '../../src/render/job-logs.js';
import { renderTransition, type TransitionView } from '../../src/render/job-transition.js';
import { renderWorkspaceList } from '../../src/render/workspace-list.js';

// ---------------------------------------------------------------------------------------------
// Slack's Block Kit limits (the LIMIT table of render-limits-property.test.ts), checked on every rendered message.

type Any = Record<string, unknown>;

function textsOf(message: SlackMessage): { kind: string; type: string; text: string }[] {
  const out: { kind: string; type: string; text: string }[] = [];
  for (const block of (message.blocks ?? []) as unknown as Any[]) {
    const text = block.text as { type: string; text: string } | undefined;
    if (text) out.push({ kind: String(block.type), type: text.type, text: text.text });
    for (const f of (block.fields as { type: string; text: string }[] | undefined) ?? [])
      out.push({ kind: 'field', type: f.type, text: f.text });
    for (const e of (block.elements as { type: string; text?: string }[] | undefined) ?? [])
      if (e.text !== undefined) out.push({ kind: 'context', type: e.type, text: e.text });
  }
  return out;
}

/** Asserts every Block Kit limit the bot relies on; `allowedMentions` are the only `<…>` allowed. */
function expectWithinSlackLimits(message: SlackMessage, allowedMentions: readonly string[] = []): void {
  expect(message.text.trim().length).toBeGreaterThan(0);
  expect(message.text.length).toBeLessThanOrEqual(4_000);
  const blocks = (message.blocks ?? []) as unknown as Any[];
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    if (block.type === 'header') {
      const text = block.text as { type: string; text: string };
      expect(text.type).toBe('plain_text');
      expect(text.text.length).toBeGreaterThan(0);
      expect(text.text.length).toBeLessThanOrEqual(150);
    } else if (block.type === 'section') {
      const text = block.text as { text: string } | undefined;
      const fields = block.fields as { text: string }[] | undefined;
      expect(text !== undefined || fields !== undefined).toBe(true);
      if (text) {
        expect(text.text.length).toBeGreaterThan(0);
        expect(text.text.length).toBeLessThanOrEqual(3_000);
      }
      if (fields) {
        expect(fields.length).toBeLessThanOrEqual(10);
        for (const f of fields) expect(f.text.length).toBeLessThanOrEqual(2_000);
      }
    } else if (block.type === 'context') {
      const elements = block.elements as { text: string }[];
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(3_000);
    } else {
      expect(['divider', 'actions']).toContain(block.type);
    }
  }
  // No control sequence but the bot's own mentions, in the blocks or in the fallback text.
  const mrkdwn = [
    message.text,
    ...textsOf(message)
      .filter((t) => t.type === 'mrkdwn')
      .map((t) => t.text),
  ];
  for (const text of mrkdwn) {
    let rest = text;
    for (const allowed of allowedMentions) rest = rest.split(allowed).join('');
    expect(rest, text).not.toMatch(/[<>]/);
    expect(rest.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(codeSpansAreBalanced(text), text).toBe(true);
  }
}

/** Every ``` block is closed, and outside blocks every line has an even number of backticks. */
function codeSpansAreBalanced(text: string): boolean {
  const parts = text.split('```');
  if (parts.length % 2 === 0) return false;
  return parts.every((part, i) => {
    if (i % 2 === 1) return !part.startsWith('`') && !part.endsWith('`');
    return part.split('\n').every((line) => (line.match(/`/g)?.length ?? 0) % 2 === 0);
  });
}

// ---------------------------------------------------------------------------------------------
// Inputs: ordinary ones for the snapshots, hostile ones for the properties.

const HOSTILE = '<!channel> hi <@U123> see <https://evil|x> & `code` and ```block``` &lt;';
const HUGE = `${'A&<>😀中'.repeat(2_000)}`;

const CARD: JobCardView = {
  name: 'resnet-50',
  jobId: 'dlc1a2b3c4d5e6f',
  workspace: 'dev',
  status: 'Running',
  requester: 'U0ALICE',
  jobType: 'PyTorchJob',
  workers: 2,
  instance: 'ecs.gn6i-c4g1.xlarge',
  image: 'registry.cn-shanghai.aliyuncs.com/pai/pytorch:2.1',
  elapsedMs: 95_000,
};

const JOB: Job = {
  JobId: 'dlc1a2b3c4d5e6f',
  DisplayName: 'resnet-50',
  JobType: 'PyTorchJob',
  Status: 'Failed',
  SubStatus: 'OOMKilled',
  ReasonCode: 'JobFailed',
  ReasonMessage: 'worker-0 exited with code 137',
  WorkspaceId: '100001',
  WorkspaceName: 'ml-dev',
  GmtCreateTime: '2024-05-01T08:00:00Z',
  Duration: 3_725,
  Pods: [
    { PodId: 'dlc1a2b3c4d5e6f-worker-0', Status: 'Failed' },
    { PodId: 'dlc1a2b3c4d5e6f-worker-1', Status: 'Succeeded' },
  ],
};

const EVENTS = [
  '2024-05-01T08:00:01Z job created',
  '2024-05-01T08:00:30Z pod worker-0 scheduled',
  '2024-05-01T09:02:05Z pod worker-0 OOMKilled',
];

const WORKSPACES: WorkspaceConfig[] = [
  { name: 'dev', id: '100001', env: 'dev', channels: ['C0DEV'], approvers: [], approvals_required: 1 },
  {
    name: 'prod',
    id: '100002',
    env: 'prod',
    channels: ['C0PROD'],
    approvers: ['U0APPR1', 'U0APPR2'],
    approvals_required: 2,
  },
];

const job = (i: number, over: Partial<Job> = {}): Job => ({
  JobId: `dlc${String(i).padStart(12, '0')}`,
  DisplayName: `train-${i}`,
  Status: i % 3 === 0 ? 'Succeeded' : 'Running',
  GmtCreateTime: `2024-05-01T08:${String(i % 60).padStart(2, '0')}:00Z`,
  ...over,
});

// ---------------------------------------------------------------------------------------------

describe('renderJobCard', () => {
  it('renders a running job', () => {
    const message = renderJobCard(CARD);
    expectWithinSlackLimits(message, ['<@U0ALICE>']);
    expect(message).toMatchSnapshot();
  });

  it('renders a job not yet created, and one that failed', () => {
    const pending = renderJobCard({
      ...CARD,
      jobId: undefined,
      status: 'Submitting',
      elapsedMs: undefined,
      instance: undefined,
      workers: 1,
    } as unknown as JobCardView);
    const failed = renderJobCard({
      ...CARD,
      status: 'Failed',
      reason: 'worker-0 exited with code 137',
      elapsedMs: 3_725_000,
    });
    for (const m of [pending, failed]) expectWithinSlackLimits(m, ['<@U0ALICE>']);
    expect(pending).toMatchSnapshot();
    expect(failed).toMatchSnapshot();
  });

  it('escapes hostile text and stays within the limits with huge text', () => {
    const hostile: JobCardView = {
      name: HOSTILE,
      jobId: HOSTILE,
      workspace: HOSTILE,
      status: HOSTILE,
      requester: HOSTILE,
      jobType: HOSTILE,
      workers: 1,
      instance: HOSTILE,
      image: HOSTILE,
      reason: HOSTILE,
    };
    expectWithinSlackLimits(renderJobCard(hostile));
    const huge: JobCardView = {
      name: HUGE,
      jobId: HUGE,
      workspace: HUGE,
      status: HUGE,
      requester: HUGE,
      jobType: HUGE,
      workers: 9,
      instance: HUGE,
      image: HUGE,
      reason: HUGE,
      elapsedMs: 1,
    };
    expectWithinSlackLimits(renderJobCard(huge));
    expect(renderJobCard(hostile)).toMatchSnapshot();
  });
});

describe('renderTransition', () => {
  const T: TransitionView = {
    name: 'resnet-50',
    jobId: 'dlc1a2b3c4d5e6f',
    from: 'Queuing',
    to: 'Running',
    requester: 'U0ALICE',
  };

  it('renders a step, a success and a failure', () => {
    const step = renderTransition(T);
    const done = renderTransition({
      ...T,
      from: 'Running',
      to: 'Succeeded',
      elapsedMs: 3_600_000,
      reasonMessage: 'ignored for success',
    });
    const failed = renderTransition({
      ...T,
      from: 'Running',
      to: 'Failed',
      elapsedMs: 61_000,
      reasonCode: 'JobFailed',
      reasonMessage: 'exit 137',
    });
    for (const m of [step, done, failed]) expectWithinSlackLimits(m, ['<@U0ALICE>']);
    expect(done.text).toContain('<@U0ALICE>');
    expect(JSON.stringify(done.blocks)).not.toContain('ignored for success');
    expect(step).toMatchSnapshot();
    expect(done).toMatchSnapshot();
    expect(failed).toMatchSnapshot();
  });

  it('escapes hostile text and stays within the limits with huge text', () => {
    for (const to of ['Running', 'Failed', HOSTILE]) {
      expectWithinSlackLimits(
        renderTransition({
          name: HOSTILE,
          jobId: HOSTILE,
          from: HOSTILE,
          to,
          requester: HOSTILE,
          reasonCode: HOSTILE,
          reasonMessage: HOSTILE,
        }),
      );
      expectWithinSlackLimits(
        renderTransition({
          name: HUGE,
          jobId: HUGE,
          from: HUGE,
          to,
          requester: 'U0ALICE',
          reasonCode: HUGE,
          reasonMessage: HUGE,
          elapsedMs: 5,
        }),
        ['<@U0ALICE>'],
      );
    }
    expect(renderTransition({ ...T, to: 'Failed', name: HOSTILE, reasonMessage: HOSTILE })).toMatchSnapshot();
  });
});

describe('renderJobDetails', () => {
  it('renders a failed job with pods and events', () => {
    const message = renderJobDetails(JOB, EVENTS);
    expectWithinSlackLimits(message);
    expect(message).toMatchSnapshot();
  });

  it('renders a job with no optional fields and no events', () => {
    const message = renderJobDetails({ JobId: 'dlc0000000001', DisplayName: 'bare', Status: 'Creating' }, []);
    expectWithinSlackLimits(message);
    expect(message).toMatchSnapshot();
  });

  it('lists ten pods and counts the rest', () => {
    const pods = Array.from({ length: 25 }, (_, i) => ({ PodId: `dlc1a2b3c4d5e6f-worker-${i}`, Status: 'Running' }));
    const message = renderJobDetails({ ...JOB, Pods: pods }, EVENTS);
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message.blocks)).toContain('…and 15 more');
    expect(JSON.stringify(message.blocks)).not.toContain('worker-10`');
  });

  it('keeps the latest events within the section when they are long or full of & < >', () => {
    const events = Array.from({ length: 2_000 }, (_, i) => `${i} ${'&<>'.repeat(300)}`);
    events.push('the last event');
    const message = renderJobDetails(JOB, events);
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message.blocks)).toContain('the last event');
  });

  it('escapes hostile text and stays within the limits with huge text', () => {
    const hostile: Job = {
      JobId: HOSTILE,
      DisplayName: HOSTILE,
      JobType: HOSTILE,
      Status: HOSTILE,
      SubStatus: HOSTILE,
      ReasonCode: HOSTILE,
      ReasonMessage: HOSTILE,
      WorkspaceName: HOSTILE,
      GmtCreateTime: HOSTILE,
      Pods: [{ PodId: HOSTILE, Status: HOSTILE }],
    };
    expectWithinSlackLimits(renderJobDetails(hostile, [HOSTILE, HOSTILE]));
    const huge: Job = {
      JobId: HUGE,
      DisplayName: HUGE,
      JobType: HUGE,
      Status: HUGE,
      SubStatus: HUGE,
      ReasonCode: HUGE,
      ReasonMessage: HUGE,
      WorkspaceName: HUGE,
      GmtCreateTime: HUGE,
      Duration: 1,
      Pods: Array.from({ length: 12 }, () => ({ PodId: HUGE, Status: HUGE })),
    };
    expectWithinSlackLimits(renderJobDetails(huge, [HUGE, HUGE, HUGE]));
    expect(renderJobDetails(hostile, [HOSTILE])).toMatchSnapshot();
  });
});

describe('renderJobList', () => {
  it('renders jobs, an empty list and a filtered list with more than fit', () => {
    const some = renderJobList({
      workspace: 'dev',
      mine: false,
      jobs: [job(1), job(3, { Status: 'Failed' })],
      total: 2,
    });
    const none = renderJobList({ workspace: 'dev', status: 'Running', mine: true, jobs: [], total: 0 });
    const many = renderJobList({
      workspace: 'dev',
      status: 'Running',
      mine: true,
      jobs: Array.from({ length: 30 }, (_, i) => job(i)),
      total: 130,
    });
    for (const m of [some, none, many]) expectWithinSlackLimits(m);
    expect(JSON.stringify(many.blocks)).toContain('…110 more; narrow it with --status or --mine.');
    expect(some).toMatchSnapshot();
    expect(none).toMatchSnapshot();
    expect(many).toMatchSnapshot();
  });

  it('splits twenty long rows over several sections instead of overflowing one', () => {
    const jobs = Array.from({ length: 20 }, (_, i) =>
      job(i, {
        JobId: `dlc${'a'.repeat(60)}${i}`,
        DisplayName: `${'&'.repeat(58)}${i}`,
        Status: 'EnvPreparing',
        GmtCreateTime: '2024-05-01T08:00:00.000+08:00',
      }),
    );
    const message = renderJobList({ workspace: 'dev', mine: false, jobs, total: 20 });
    expectWithinSlackLimits(message);
    expect(message.blocks!.length).toBeGreaterThan(1);
    const all = JSON.stringify(message.blocks);
    for (let i = 0; i < 20; i++) expect(all).toContain(`dlc${'a'.repeat(60)}${i}`);
  });

  it('escapes hostile text and stays within the limits with huge text', () => {
    expectWithinSlackLimits(
      renderJobList({
        workspace: HOSTILE,
        status: HOSTILE,
        mine: true,
        jobs: [job(1, { JobId: HOSTILE, DisplayName: HOSTILE, Status: HOSTILE, GmtCreateTime: HOSTILE })],
        total: 1,
      }),
    );
    expectWithinSlackLimits(
      renderJobList({
        workspace: HUGE,
        status: HUGE,
        mine: true,
        jobs: Array.from({ length: 25 }, () =>
          job(1, { JobId: HUGE, DisplayName: HUGE, Status: HUGE, GmtCreateTime: HUGE }),
        ),
        total: 9_999,
      }),
    );
    expectWithinSlackLimits(renderJobList({ workspace: HUGE, status: HUGE, mine: false, jobs: [], total: 0 }));
  });
});

describe('renderWorkspaceList', () => {
  it('joins the configured workspaces with what PAI reports', () => {
    const message = renderWorkspaceList(
      WORKSPACES,
      [{ WorkspaceId: '100001', WorkspaceName: 'ml-dev', Status: 'ENABLED' }],
      'C0DEV',
    );
    expectWithinSlackLimits(message);
    expect(message).toMatchSnapshot();
  });

  it('stays within the limits with many workspaces and hostile PAI names', () => {
    const many: WorkspaceConfig[] = Array.from({ length: 400 }, (_, i) => ({
      name: `ws-${'x'.repeat(58)}-${i}`,
      id: `${'9'.repeat(60)}${i}`,
      env: 'prod',
      channels: [],
      approvers: ['S0A'],
      approvals_required: 3,
    }));
    const fromPai = many.map((w) => ({ WorkspaceId: w.id, WorkspaceName: HUGE, Status: HOSTILE }));
    const message = renderWorkspaceList(many, fromPai, 'C0DEV');
    expectWithinSlackLimits(message);
    expect(JSON.stringify(message.blocks)).toMatch(/…and \d+ more workspace\(s\) not shown\./);
    expectWithinSlackLimits(
      renderWorkspaceList(WORKSPACES, [{ WorkspaceId: '100001', WorkspaceName: HOSTILE, Status: HOSTILE }], 'C0DEV'),
    );
    expectWithinSlackLimits(renderWorkspaceList([], [], 'C0DEV'));
  });
});

describe('renderJobLogs', () => {
  it('renders a short log and an empty one', () => {
    const some = renderJobLogs('dlc1a2b3c4d5e6f', 'dlc1a2b3c4d5e6f-worker-0', [
      'epoch 1 loss=0.9',
      'epoch 2 loss=0.5 & <ok>',
    ]);
    const none = renderJobLogs('dlc1a2b3c4d5e6f', 'dlc1a2b3c4d5e6f-worker-0', []);
    for (const m of [some, none]) expectWithinSlackLimits(m);
    expect(some).toMatchSnapshot();
    expect(none).toMatchSnapshot();
  });
});

describe('every renderer, on arbitrary text (property)', () => {
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ unit: 'grapheme', maxLength: 400 }),
    fc
      .array(
        fc.constantFrom(
          '<!channel>',
          '<@U123>',
          '<https://evil|x>',
          '&',
          '`',
          '```',
          '😀',
          '中',
          'a',
          ' ',
          '\n',
          '*',
          '_',
        ),
        { maxLength: 400 },
      )
      .map((xs) => xs.join('')),
    fc.tuple(fc.constantFrom('&', '<', '😀', 'x', '`'), fc.nat(6_000)).map(([c, n]) => c.repeat(n)),
  );

  it('stays within Slack limits and never lets input mention, link or break code', () => {
    fc.assert(
      fc.property(text, text, text, fc.array(text, { maxLength: 30 }), (a, b, c, lines) => {
        expectWithinSlackLimits(
          renderJobCard({
            name: a,
            jobId: b,
            workspace: c,
            status: a,
            requester: b,
            jobType: c,
            workers: 3,
            instance: a,
            image: b,
            reason: c,
            elapsedMs: 1,
          }),
        );
        expectWithinSlackLimits(
          renderTransition({
            name: a,
            jobId: b,
            from: c,
            to: 'Failed',
            requester: 'U0ALICE',
            reasonCode: a,
            reasonMessage: b,
          }),
          ['<@U0ALICE>'],
        );
        expectWithinSlackLimits(
          renderJobDetails(
            { JobId: a, DisplayName: b, Status: c, ReasonMessage: a, Pods: [{ PodId: b, Status: c }] },
            lines,
          ),
        );
        expectWithinSlackLimits(
          renderJobList({
            workspace: a,
            status: b,
            mine: true,
            jobs: lines.map((l, i) => job(i, { DisplayName: l, JobId: a })),
            total: lines.length,
          }),
        );
        expectWithinSlackLimits(renderJobLogs(a, b, lines));
      }),
      { numRuns: 150 },
    );
  });
});
