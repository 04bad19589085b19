// What the App Home says at its top after an Approve or Reject pressed on it (src/render/home-notice.ts), and what the
// refresh compares of a Home view (src/actions/home/view-hash.ts): the view without its "Updated" time and notice.

import { describe, expect, it } from 'vitest';
import type { HomeData } from '../../src/actions/home/build-home.js';
import { homeViewHash } from '../../src/actions/home/view-hash.js';
import { renderAppHome } from '../../src/render/app-home.js';
import { voteNotice, type VoteNoticeInput } from '../../src/render/home-notice.js';

type Request = NonNullable<VoteNoticeInput['request']>;
const request = (fields: Partial<Request> = {}): Request => ({
  id: 'ar-7k2m9xq1',
  title: 'dlc submit train-<x>',
  status: 'pending',
  required: 2,
  votes: [],
  ...fields,
});
const vote = (user: string) => ({ user, at: 1, via: 'button' as const });

describe('voteNotice', () => {
  it('says a vote counted, and where the request stands', () => {
    const one = request({ votes: [vote('U0APPR1')] });
    expect(voteNotice({ intent: 'approve', user: 'U0APPR1', request: one })).toBe(
      ':white_check_mark: Your approval of `dlc submit train-&lt;x&gt;` counted: 1 of 2.',
    );
    const approved = request({ status: 'approved', votes: [vote('U0APPR2'), vote('U0APPR1')] });
    expect(voteNotice({ intent: 'approve', user: 'U0APPR1', request: approved })).toBe(
      ':white_check_mark: Your approval of `dlc submit train-&lt;x&gt;` counted: 2 of 2, so it is approved and queued to run.',
    );
    // Pressed again once approved: castVote says "already approved", but this approver's vote is the one that counted.
    expect(
      voteNotice({
        intent: 'approve',
        user: 'U0APPR1',
        ignored: 'Request ar-7k2m9xq1 is already executed.',
        request: { ...approved, status: 'executed' },
      }),
    ).toBe(
      ':white_check_mark: Your approval of `dlc submit train-&lt;x&gt;` counted: 2 of 2; the request is now executed.',
    );
    const rejected = request({ status: 'rejected', decidedBy: 'U0APPR1' });
    expect(voteNotice({ intent: 'reject', user: 'U0APPR1', request: rejected })).toBe(
      ':x: You rejected `dlc submit train-&lt;x&gt;`; nothing will run.',
    );
  });

  it('says why a vote did not count', () => {
    const own = 'You asked for this change, so your approval does not count; another approver must approve it.';
    expect(voteNotice({ intent: 'approve', user: 'U0ALICE', ignored: own, request: request() })).toBe(
      `:warning: Your approval of \`dlc submit train-&lt;x&gt;\` did not count. ${own}`,
    );
    const decided = request({ status: 'rejected', decidedBy: 'U0APPR2' });
    expect(
      voteNotice({
        intent: 'reject',
        user: 'U0APPR1',
        ignored: 'Request ar-7k2m9xq1 is already rejected.',
        request: decided,
      }),
    ).toBe(
      ':warning: Your rejection of `dlc submit train-&lt;x&gt;` did not count. Request ar-7k2m9xq1 is already rejected.',
    );
    expect(voteNotice({ intent: 'approve', user: 'U0APPR1', request: request({ status: 'expired' }) })).toBe(
      ':hourglass: Request `ar-7k2m9xq1` (`dlc submit train-&lt;x&gt;`) had expired, so your vote did not count; nothing was run.',
    );
    expect(voteNotice({ intent: 'approve', user: 'U0APPR1', ignored: 'There is no such approval request.' })).toBe(
      ':warning: There is no such approval request.',
    );
  });
});

describe('homeViewHash', () => {
  const data: HomeData = {
    user: 'U0ALICE',
    region: 'cn-shanghai',
    now: Date.UTC(2025, 0, 1),
    jobs: [],
    services: [],
    decidable: [],
    alerts: [],
    workspaces: [{ name: 'dev', id: '100001', env: 'dev', channels: ['C0DEV'] }],
  };

  it('is the same for a view rendered again later, or with a notice: neither is a change', () => {
    const first = renderAppHome(data);
    const later = renderAppHome({ ...data, now: data.now + 3_600_000 });
    expect(JSON.stringify(later)).not.toBe(JSON.stringify(first)); // the "Updated" time moved
    expect(homeViewHash(later)).toBe(homeViewHash(first));
    expect(homeViewHash(renderAppHome(data, { notice: 'Your approval counted: 1 of 2.' }))).toBe(homeViewHash(first));
  });

  it('differs when what the view shows differs', () => {
    const renamed = { ...data, workspaces: [{ ...data.workspaces[0]!, channels: ['C0OTHER'] }] };
    expect(homeViewHash(renderAppHome(renamed))).not.toBe(homeViewHash(renderAppHome(data)));
    expect(homeViewHash(renderAppHome(data))).toMatch(/^[A-Za-z0-9_-]{22}$/); // no "|": it is stored as "<hash>|<token>"
  });
});
