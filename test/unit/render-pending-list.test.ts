// `/pai approvals`: every pending request the viewer may see is listed or counted, and approvers are named as
// mentions (users and user groups), so a reader sees who can unblock a request.

import { describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/actions/approvals/request-store.js';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';
import type { DlcSubmitJob } from '../../src/actions/action-jobs.js';
import { renderPendingList } from '../../src/render/approval-request.js';
import { pendingRequest } from '../support/approval-request.js';

const SUBMIT = {
  type: 'dlc.submit',
  requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
  workspace: { name: 'prod', id: '2' },
  requestKey: 'k',
} as unknown as DlcSubmitJob;

const request = (i: number, over: Partial<ApprovalRequest> = {}): ApprovalRequest =>
  pendingRequest({
    id: `ar-${String(i).padStart(8, '0')}`,
    action: SUBMIT,
    title: `dlc submit job-${i}`,
    details: ['CreateJob  POST /api/v1/jobs'],
    keyFields: [
      { label: 'Workspace', value: 'prod (2)' },
      { label: 'Image', value: 'registry.example.com/team/image:1' },
    ],
    workspace: { name: 'prod', id: '2' },
    ...over,
  });

type Any = Record<string, unknown>;
const blocksOf = (m: SlackMessage) => (m.blocks ?? []) as unknown as Any[];
const allText = (m: SlackMessage) =>
  blocksOf(m)
    .map((b) => JSON.stringify(b))
    .join('\n');

/** How many requests the list shows, and how many it says it left out. */
function shownAndCounted(m: SlackMessage, rs: readonly ApprovalRequest[]): { shown: number; more: number } {
  const text = allText(m);
  const shown = rs.filter((r) => text.includes(r.id)).length;
  const more = Number(/…and (\d+) more you may see/.exec(text)?.[1] ?? 0);
  return { shown, more };
}

describe('renderPendingList', () => {
  it('names approvers as mentions, user groups too', () => {
    const m = renderPendingList([request(1)], 0, 0);
    const text = allText(m);
    expect(text).toContain('approvers: <@U0APPR1>, <!subteam^S0LEADS>');
  });

  it('escapes an approver that is not an id instead of letting it mention anyone', () => {
    const text = allText(renderPendingList([request(1, { approvers: ['<!channel>', 'U0APPR1'] })], 0, 0));
    expect(text).toContain('&lt;!channel&gt;, <@U0APPR1>');
    expect(text).not.toContain('<!channel>');
  });

  it('lists every request or counts it, within 50 blocks, however many and however long', () => {
    const long = (i: number) =>
      request(i, {
        title: `dlc submit ${'&'.repeat(400)}`,
        approvers: Array.from({ length: 40 }, (_, k) => `U0APPROVER${k}`),
        keyFields: Array.from({ length: 14 }, (_, k) => ({
          label: `Field ${k} ${'<'.repeat(50)}`,
          value: '&'.repeat(200),
        })),
      });
    for (const rs of [
      Array.from({ length: 70 }, (_, i) => request(i)),
      Array.from({ length: 70 }, (_, i) => long(i)),
      Array.from({ length: 3 }, (_, i) => long(i)),
    ]) {
      const m = renderPendingList(rs, 2, 0);
      expect(blocksOf(m).length).toBeLessThanOrEqual(50);
      for (const b of blocksOf(m))
        if (b.type === 'section') expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(3_000);
      const { shown, more } = shownAndCounted(m, rs);
      expect(shown + more, `${rs.length} requests: ${shown} shown, ${more} counted`).toBe(rs.length);
      expect(allText(m)).toContain('2 more pending request(s) in channels you may not see');
    }
  });

  it('shows many short requests rather than cutting at a fixed row count', () => {
    const rs = Array.from({ length: 45 }, (_, i) => request(i));
    const { shown, more } = shownAndCounted(renderPendingList(rs, 0, 0), rs);
    expect(shown).toBe(45);
    expect(more).toBe(0);
  });
});
