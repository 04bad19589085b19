// Slack notifies from a message's top-level `text`, not from its blocks: a mention only in a block shows
// as a mention but pings nobody. Every alert and thread reply that mentions someone in its blocks must
// carry the mention in its text too; one case per renderer (and per place that adds blocks to one).

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { reportHeldAlert } from '../../src/actions/alerts/held-alert.js';
import { withControls } from '../../src/actions/alerts/on-call.js';
import type { Classification } from '../../src/diagnosis/classify-failure.js';
import type { SlackMessage, SlackOutput } from '../../src/slack-out/slack-output.js';
import type { DlcSubmitJob } from '../../src/actions/action-jobs.js';
import { renderApprovalRequest } from '../../src/render/approval-request.js';
import {
  renderCause,
  renderJobFailedAlert,
  renderOssAlert,
  renderServiceFailedReply,
} from '../../src/render/failure-cause.js';
import { pendingRequest } from '../support/approval-request.js';
import { renderTransition } from '../../src/render/job-transition.js';
import { withMentionsInText } from '../../src/render/sections.js';
import {
  renderAlertHeldNote,
  renderColdStartAlert,
  renderFailedAlert,
  renderReadyReply,
} from '../../src/render/service-messages.js';

const ONCALL = ['S0ONCALL', 'U0PRIMARY'];
const ONCALL_MENTIONS = ['<!subteam^S0ONCALL>', '<@U0PRIMARY>'];
const CAUSE: Classification = {
  cause: 'out_of_memory',
  title: 'Out of memory',
  evidence: [{ source: 'log', line: 'Killed' }],
  nextStep: 'Use a larger instance.',
};
const SNAPSHOT = { status: 'Failed', running: 0, pending: 1, total: 1, reason: 'OOMKilled' };
const DIAGNOSIS = { instances: [], warnings: [], diagnosis: [] };

/** Mentions that notify: users, user groups, @here/@channel/@everyone (written out here, not taken from the code under test). */
const notifyingMentions = (text: string) => [
  ...new Set(text.match(/<@[UW][A-Z0-9]+>|<!subteam\^S[A-Z0-9]+>|<!(?:here|channel|everyone)>/g) ?? []),
];
const inBlocks = (m: SlackMessage) => notifyingMentions(JSON.stringify(m.blocks ?? []));

/** Everyone the blocks mention is mentioned in the text. */
function expectTextCarriesMentions(m: SlackMessage, expected: readonly string[]): void {
  for (const x of expected) expect(inBlocks(m), 'the blocks mention them').toContain(x);
  for (const x of inBlocks(m)) expect(m.text, `text carries ${x}`).toContain(x);
}

describe('alerts carry on-call mentions in their text', () => {
  it('a DLC job failure', () => {
    expectTextCarriesMentions(
      renderJobFailedAlert(ONCALL, { name: 'train', jobId: 'dlc1' }, 'prod', CAUSE),
      ONCALL_MENTIONS,
    );
  });

  it('an OSS permission denial', () => {
    expectTextCarriesMentions(
      renderOssAlert(ONCALL, 'oss://b/p', 'prod', { title: 'Denied', lines: ['The bucket policy denies it.'] }),
      ONCALL_MENTIONS,
    );
  });

  it('an EAS cold start', () => {
    expectTextCarriesMentions(
      renderColdStartAlert(
        { service: 'svc', workspace: 'prod', mention: ONCALL, snapshot: SNAPSHOT },
        'deploy',
        60_000,
        DIAGNOSIS,
      ),
      ONCALL_MENTIONS,
    );
  });

  it('an EAS failure, also once a watcher has added the cause to it and the controls (on-call.ts withControls)', () => {
    const alert = renderFailedAlert(
      { service: 'svc', workspace: 'prod', mention: ONCALL, snapshot: SNAPSHOT },
      DIAGNOSIS,
    );
    expectTextCarriesMentions(alert, ONCALL_MENTIONS);
    // What src/actions/watchers/poll-eas-services.ts does: a block inserted after rendering, here one that mentions
    // someone new.
    const grown: SlackMessage = {
      ...alert,
      blocks: [
        ...(alert.blocks ?? []),
        { type: 'section', text: { type: 'mrkdwn', text: `<@U0OWNER> ${renderCause(CAUSE)}` } },
      ],
    };
    expectTextCarriesMentions(withControls(grown, { id: 'eas:svc:failed:1' }), [...ONCALL_MENTIONS, '<@U0OWNER>']);
  });

  it('does not repeat a mention the text already has', () => {
    const m = withControls(renderJobFailedAlert(ONCALL, { name: 'train', jobId: 'dlc1' }, 'prod', CAUSE), { id: 'e' });
    for (const x of ONCALL_MENTIONS) expect(m.text.split(x).length - 1).toBe(1);
  });
});

describe('thread replies carry the mention of whom they are for', () => {
  it('a job that ended, to its requester', () => {
    expectTextCarriesMentions(
      renderTransition({
        name: 'train',
        jobId: 'dlc1',
        from: 'Running',
        to: 'Failed',
        requester: 'U0ALICE',
        reasonMessage: 'exit 137',
      }),
      ['<@U0ALICE>'],
    );
  });

  it('a service that is ready, to its requester', () => {
    expectTextCarriesMentions(
      renderReadyReply('svc', 'U0ALICE', 'deploy', 30_000, { ...SNAPSHOT, status: 'Running', running: 1, pending: 0 }),
      ['<@U0ALICE>'],
    );
  });

  it('a service that failed, to its requester under the card (for src/actions/watchers/poll-eas-services.ts, which built this text without the mention)', () => {
    const m = renderServiceFailedReply('svc', 'U0ALICE', CAUSE);
    expectTextCarriesMentions(m, ['<@U0ALICE>']);
    expect(m.text).toContain('Out of memory');
  });

  it('a note that on-call was not paged (held-alert.ts), whatever its blocks mention', () => {
    const posted: SlackMessage[] = [];
    const slack = {
      post: async (_c: string, m: SlackMessage) => (posted.push(m), { ts: '2' }),
    } as unknown as SlackOutput;
    const base = renderAlertHeldNote({
      noun: 'service',
      name: 'svc',
      workspace: 'dev',
      reason: 'dev_hourly_cap',
      recent: 3,
      maxPerHour: 2,
    });
    const note: SlackMessage = {
      ...base,
      blocks: [...(base.blocks ?? []), { type: 'section', text: { type: 'mrkdwn', text: '<@U0ALICE> see above' } }],
    };
    reportHeldAlert(
      { slack, log: pino({ level: 'silent' }), send: () => undefined },
      { kind: 'cold_start', reason: 'dev_hourly_cap', recent: 3, card: { channelId: 'C0DEV', ts: '1' }, note },
    );
    expect(posted).toHaveLength(1);
    expectTextCarriesMentions(posted[0]!, ['<@U0ALICE>']);
  });
});

describe('an approval request pings the approvers it names', () => {
  const SUBMIT = {
    type: 'dlc.submit',
    requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
    workspace: { name: 'prod', id: '2' },
    requestKey: 'k',
  } as unknown as DlcSubmitJob;
  const request = pendingRequest({
    action: SUBMIT,
    title: 'dlc submit train',
    details: ['CreateJob  POST /api/v1/jobs'],
    workspace: { name: 'prod', id: '2' },
  });
  const OPTS = { approveEmoji: 'white_check_mark', rejectEmoji: 'x', now: 0 };

  it('while it waits for them', () => {
    const m = renderApprovalRequest(request, OPTS);
    expect(m.text).toContain('<@U0APPR1>');
    expect(m.text).toContain('<!subteam^S0LEADS>');
    // The requester asked; the card does not ping them back.
    expect(m.text).not.toContain('<@U0ALICE>');
  });

  it('and no longer once it is decided (an edit pings nobody anyway)', () => {
    const m = renderApprovalRequest({ ...request, status: 'rejected', decidedBy: 'U0APPR1' }, OPTS);
    expect(notifyingMentions(m.text)).toEqual([]);
  });
});

describe('withMentionsInText', () => {
  it('adds what only the blocks mention, first, once, and leaves escaped look-alikes alone', () => {
    const m = withMentionsInText({
      text: '<@U0A> hello',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '<@U0A> <@U0B> <!subteam^S0C> <!here> &lt;@U0EVIL&gt; <#C0CHAN> <!date^1^{date}|x>',
          },
        },
        { type: 'context', elements: [{ type: 'mrkdwn', text: '<@U0B>' }] },
      ],
    });
    expect(m.text).toBe('<@U0B> <!subteam^S0C> <!here> <@U0A> hello');
  });

  it('returns a message whose text has them all as it is', () => {
    const m: SlackMessage = {
      text: '<@U0A> hi',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '<@U0A>' } }],
    };
    expect(withMentionsInText(m)).toBe(m);
  });
});
