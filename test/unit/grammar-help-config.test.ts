import { describe, expect, it } from 'vitest';
import { fileSchema } from '../../src/config/file-schema.js';
import { DEFAULT_HELP_SETTINGS, helpText } from '../../src/slack/grammar/usage.js';
import { helpSettings } from '../../src/slack/listeners/help-settings.js';

const WORKSPACES = [{ name: 'dev', id: '100001', env: 'dev' }];

describe('help filled with the config', () => {
  it('the defaults of the config schema read as the built-in help, on every page', () => {
    const config = fileSchema.parse({ region: 'cn-shanghai', workspaces: WORKSPACES });
    expect(helpSettings(config)).toEqual(DEFAULT_HELP_SETTINGS);
    for (const topic of [undefined, 'dlc', 'eas', 'oss', 'approvals'] as const) {
      expect(helpText(topic, helpSettings(config))).toBe(helpText(topic));
    }
  });

  it('other reactions, expiry and limit are the ones the approvals help shows', () => {
    const config = fileSchema.parse({
      region: 'cn-shanghai',
      workspaces: WORKSPACES,
      approvals: {
        approve_reactions: ['rocket', '+1'],
        reject_reactions: ['no_entry'],
        expire_after: '2h',
        max_pending_per_user: 3,
      },
    });
    const text = helpText('approvals', helpSettings(config));
    expect(text).toContain(
      'reacting with :rocket: or :+1: (or pressing *Approve*) and reject with :no_entry: (or *Reject*)',
    );
    expect(text).not.toContain(':white_check_mark:');
    expect(text).not.toContain(':x:');
    expect(text).toContain('expires (after 2 hours) and nothing is run');
    expect(text).toContain('waiting at once (3); withdraw one');
  });
});
