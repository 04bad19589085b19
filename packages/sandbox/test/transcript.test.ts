import { describe, expect, it } from 'vitest';
import { blocksToText, formatActivity, mrkdwnToText } from '../src/transcript.js';

describe('mrkdwnToText', () => {
  it('resolves control sequences and decodes the three entities', () => {
    expect(mrkdwnToText('<@U123> and <!subteam^S1> see <https://pai.console/job/1|dlc-1> &amp; &lt;b&gt;')).toBe(
      '@U123 and @S1 see dlc-1 (https://pai.console/job/1) & <b>',
    );
  });

  it('handles labels, channels, specials, dates and bare links', () => {
    expect(mrkdwnToText('<@U1|alice> <#C0DEV> <#C0DEV|dev> <!subteam^S0MLLEADS|@ml-leads> <!here>')).toBe(
      '@alice #C0DEV #dev @ml-leads @here',
    );
    expect(mrkdwnToText('<!date^1700000000^{date_short}|Nov 14> <https://x.test/a?b=1&amp;c=2>')).toBe(
      'Nov 14 https://x.test/a?b=1&c=2',
    );
  });

  it('does not double-decode', () => {
    expect(mrkdwnToText('&amp;lt;')).toBe('&lt;');
  });
});

describe('blocksToText', () => {
  it('uses the fallback text when there are no blocks', () => {
    expect(blocksToText(undefined, 'hi <@U1>')).toBe('hi @U1');
    expect(blocksToText([], 'plain')).toBe('plain');
  });

  it('renders a status card readably', () => {
    const blocks = [
      { type: 'header', text: { type: 'plain_text', text: 'train-bert' } },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: 'Job *dlc-123* by <@U1>' },
        fields: [
          { type: 'mrkdwn', text: '*Status*\nRunning' },
          { type: 'mrkdwn', text: '*Workspace*\ndev' },
        ],
      },
      {
        type: 'context',
        elements: [
          { type: 'mrkdwn', text: 'updated 10:00' },
          { type: 'plain_text', text: 'cn-shanghai' },
        ],
      },
      { type: 'divider' },
      {
        type: 'actions',
        elements: [
          { type: 'button', text: { type: 'plain_text', text: 'Stop' }, action_id: 'stop', style: 'danger' },
          { type: 'button', text: { type: 'plain_text', text: 'Logs' }, action_id: 'logs' },
        ],
      },
    ];
    expect(blocksToText(blocks, 'ignored')).toBe(
      [
        '== train-bert ==',
        'Job *dlc-123* by @U1',
        'Status: Running',
        'Workspace: dev',
        'updated 10:00  ·  cn-shanghai',
        '─'.repeat(24),
        '[Stop] [Logs]',
      ].join('\n'),
    );
  });

  it('shows section accessories and unknown blocks without crashing', () => {
    const blocks = [
      {
        type: 'section',
        text: { type: 'plain_text', text: 'Approve?' },
        accessory: { type: 'button', text: { type: 'plain_text', text: 'Yes' } },
      },
      { type: 'video' },
      'garbage',
    ];
    expect(blocksToText(blocks, '')).toBe('Approve?  [Yes]\n[video block]');
  });
});

describe('formatActivity', () => {
  const card = { channel: 'C0DEV', ts: '1.000100', text: 'dlc-1 *queued*', blocks: undefined };

  it('formats channel messages, edits and thread replies', () => {
    expect(formatActivity('message', card)).toBe('#C0DEV  bot: dlc-1 *queued*');
    expect(formatActivity('update', { ...card, text: 'dlc-1 running' })).toBe('#C0DEV  (edited card) dlc-1 running');
    expect(
      formatActivity('message', { ...card, ts: '1.000200', thread_ts: '1.000100', text: 'Queuing → Running' }),
    ).toBe('  ↳ thread reply: Queuing → Running');
  });

  it('indents multi-line bodies under their prefix', () => {
    const out = formatActivity('message', { channel: 'C1', text: 'a\nb' });
    expect(out).toBe('#C1  bot: a\n          b');
  });

  it('formats ephemerals and response_url posts', () => {
    expect(formatActivity('ephemeral', { channel: 'C0DEV', user: 'U1', text: 'usage: …' })).toBe(
      '(only visible to U1) usage: …',
    );
    expect(formatActivity('response', { id: 'r1', body: { text: 'queued' } })).toBe(
      '(response, only visible to the caller) queued',
    );
    expect(
      formatActivity('response', {
        id: 'r1',
        body: { response_type: 'in_channel', replace_original: true, text: 'done' },
      }),
    ).toBe('(response, in channel, replacing the original) done');
    expect(formatActivity('response', { id: 'r1', body: { delete_original: true } })).toBe(
      '(response) deleted the original message',
    );
  });
});
