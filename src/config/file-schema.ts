// The YAML config file, validated strictly: unknown keys are errors because a typo such as
// `approvals_requried` must not silently turn approvals off.

import { z } from 'zod';
import { parseDuration } from './duration.js';

const duration = (example: string) =>
  z
    .string({ error: `must be a duration such as ${example} (units ms, s, m, h)` })
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `must be a duration such as ${example} (units ms, s, m, h), got "${text}"` });
        return z.NEVER;
      }
      return ms;
    });

const slackId = (what: string) =>
  z.string().regex(/^[UWS][A-Z0-9]{2,}$/, `must be a Slack ${what} id such as U0123ABCD or a user-group id such as S0123ABCD`);

const channelId = z.string().regex(/^[CGD][A-Z0-9]{2,}$/, 'must be a Slack channel id such as C0123ABCD (not a #name)');

const workspace = z.strictObject({
  name: z
    .string({ error: 'is required: the alias users type after -w' })
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, "_" or "-"'),
  id: z
    .string({ error: 'must be the PAI workspace id as a quoted string, e.g. id: "100001"' })
    .regex(/^[A-Za-z0-9-]{1,64}$/, 'must be the PAI workspace id, e.g. "100001"'),
  env: z.enum(['dev', 'prod'], { error: 'must be dev or prod' }),
  channels: z.array(channelId).default([]),
  operators: z.array(slackId('user')).optional(),
  approvers: z.array(slackId('user')).default([]),
  approvals_required: z.number().int('must be a whole number').min(1, 'must be at least 1').default(1),
});

const emojiName = z.string().regex(/^[a-z0-9_+'-]{1,100}$/, 'must be an emoji name without colons, e.g. white_check_mark');

export const fileSchema = z
  .strictObject({
    region: z.string({ error: 'is required, e.g. region: cn-shanghai' }).regex(/^[a-z]{2}-[a-z0-9-]+$/, 'must be a region id such as cn-shanghai'),
    poll_interval: duration('30s').default(30_000),
    workspaces: z.array(workspace).min(1, 'must list at least one workspace'),
    approvals: z
      .strictObject({
        approve_reactions: z.array(emojiName).min(1).default(['white_check_mark']),
        reject_reactions: z.array(emojiName).min(1).default(['x']),
        expire_after: duration('4h').default(4 * 3_600_000),
      })
      .default({ approve_reactions: ['white_check_mark'], reject_reactions: ['x'], expire_after: 4 * 3_600_000 }),
    alerts: z
      .strictObject({
        channel: channelId,
        mention: z.array(slackId('user')).default([]),
        cold_start_after: duration('5m').default(5 * 60_000),
      })
      .optional(),
  })
  .superRefine((file, ctx) => {
    const names = new Set<string>();
    const channelOwner = new Map<string, string>();
    file.workspaces.forEach((ws, i) => {
      if (names.has(ws.name)) ctx.addIssue({ code: 'custom', path: ['workspaces', i, 'name'], message: `"${ws.name}" is used by two workspaces; aliases must be unique` });
      names.add(ws.name);
      for (const channel of ws.channels) {
        const owner = channelOwner.get(channel);
        if (owner) ctx.addIssue({ code: 'custom', path: ['workspaces', i, 'channels'], message: `${channel} is already the default channel of workspace "${owner}"; a channel can default to one workspace only` });
        channelOwner.set(channel, ws.name);
      }
      if (ws.env === 'prod' && ws.approvers.length === 0) {
        ctx.addIssue({ code: 'custom', path: ['workspaces', i, 'approvers'], message: 'a prod workspace needs approvers (user or user-group ids); without them nothing could ever be approved' });
      }
      const onlyUsers = ws.approvers.every((id) => !id.startsWith('S'));
      if (onlyUsers && ws.approvers.length > 0 && ws.approvals_required > new Set(ws.approvers).size) {
        ctx.addIssue({ code: 'custom', path: ['workspaces', i, 'approvals_required'], message: `is ${ws.approvals_required} but only ${new Set(ws.approvers).size} approvers are listed` });
      }
    });
    const approve = new Set(file.approvals.approve_reactions);
    for (const emoji of file.approvals.reject_reactions) {
      if (approve.has(emoji)) ctx.addIssue({ code: 'custom', path: ['approvals', 'reject_reactions'], message: `"${emoji}" is both an approve and a reject reaction` });
    }
  });

export type FileConfigInput = z.input<typeof fileSchema>;
export type FileConfig = z.output<typeof fileSchema>;
export type WorkspaceConfig = FileConfig['workspaces'][number];
