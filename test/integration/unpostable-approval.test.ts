// An approval request Slack will not take (the bot is not in the private channel, or the channel is archived)
// can never be approved. The requester is told what to do, the request is withdrawn at once (it does not sit
// in their pending limit until it expires), and nothing runs.

import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('an approval request that cannot be posted', () => {
  it.each(['not_in_channel', 'is_archived', 'channel_not_found'])(
    'on %s: the requester is told what to do, the request is withdrawn, nothing runs',
    async (error) => {
      h = await startHarness();
      h.slack.failNext(1, error, 'chat.postMessage');
      const reply = await h.command('dlc submit hidden-1 --image img:1 --command run', { channel: 'C0PROD' });
      expect(reply.body).toContain('Queued');

      const told = JSON.stringify(
        await h.slack.waitFor(() =>
          h!.slack.responses(reply.responseId).find((r) => JSON.stringify(r).includes('withdrawn')),
        ),
      );
      expect(told).toContain(error);
      expect(told).toContain(error === 'is_archived' ? 'unarchive it' : '/invite @pai-bot');

      const pending = await eventually(
        async () => {
          const answer = await h!.command('approvals', { channel: 'C0PROD' });
          return answer.body.includes('hidden-1') ? undefined : answer;
        },
        5_000,
        'the request withdrawn',
      );
      expect(pending.body).not.toContain('hidden-1');
      expect(h.sim.jobs().filter((j) => j.DisplayName === 'hidden-1')).toEqual([]);
      expect(h.slack.messages('C0PROD')).toEqual([]);
    },
  );
});
