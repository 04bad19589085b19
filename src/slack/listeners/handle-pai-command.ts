// `/pai …`: parse, check, queue, and produce the ephemeral answer. Never calls PAI: anything that
// needs PAI becomes a queued action. Pure apart from the injected enqueuer, so it is testable alone.

import { changeRefusal } from '../../approvals/change-policy.js';
import type { FileConfig, WorkspaceConfig } from '../../config/file-schema.js';
import type { ActionJob, Requester } from '../../queue/action-jobs.js';
import { describeAction } from '../../queue/describe-action.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { MUTATING_KINDS, type Command } from '../grammar/commands.js';
import { parseCommand } from '../grammar/parse.js';
import { helpText } from '../grammar/usage.js';
import { codeBlock, escapeMrkdwn } from '../render/mrkdwn.js';
import { resolveWorkspace } from '../resolve-workspace.js';

export interface SlashCommandInput {
  text: string;
  user_id: string;
  channel_id: string;
  team_id?: string;
  trigger_id?: string;
  response_url?: string;
}

export interface EphemeralReply {
  response_type: 'ephemeral';
  text: string;
}

export interface CommandDeps {
  config: FileConfig;
  enqueuer: Enqueuer;
  /** Redis must answer within this, or the user is told to retry (Slack gives us 3 s in all). */
  enqueueTimeoutMs?: number;
}

const reply = (text: string): EphemeralReply => ({ response_type: 'ephemeral', text });

export async function handlePaiCommand(input: SlashCommandInput, deps: CommandDeps): Promise<EphemeralReply> {
  const parsed = parseCommand(input.text ?? '');
  if (!parsed.ok) return reply(`:warning: ${escapeMrkdwn(parsed.error.message)}\n*Usage*\n${codeBlock(parsed.error.usage)}`);
  const command = parsed.command;
  if (command.kind === 'help') return reply(helpText(command.topic));

  const requester: Requester = {
    userId: input.user_id,
    channelId: input.channel_id,
    ...(input.team_id ? { teamId: input.team_id } : {}),
    ...(input.response_url ? { responseUrl: input.response_url } : {}),
  };
  // The trigger id is unique per invocation, so a re-delivered request maps to the same key.
  const key = idempotencyKey(input.team_id, input.user_id, input.channel_id, input.trigger_id ?? input.response_url, input.text);
  const built = toActionJob(command, requester, deps.config, key);
  if ('error' in built) return reply(`:warning: ${escapeMrkdwn(built.error)}`);
  let queued: boolean;
  try {
    queued = await withTimeout(deps.enqueuer.enqueue(built.job, key), deps.enqueueTimeoutMs ?? 2_000);
  } catch {
    return reply(':warning: The bot could not queue this right now (its Redis did not answer). Nothing was run; please try again in a moment.');
  }
  if (!queued) return reply(`This request was already received; \`${escapeMrkdwn(describeAction(built.job))}\` is queued once.`);
  return reply(receipt(built.job));
}

function toActionJob(command: Exclude<Command, { kind: 'help' }>, requester: Requester, config: FileConfig, key: string): { job: ActionJob } | { error: string } {
  const inWorkspace = (alias: string | undefined, make: (ws: WorkspaceConfig) => ActionJob): { job: ActionJob } | { error: string } => {
    const resolved = resolveWorkspace(alias, requester.channelId, config.workspaces);
    if (!resolved.ok) return { error: resolved.message };
    const refusal = MUTATING_KINDS.includes(command.kind) ? changeRefusal(resolved.workspace, requester.userId) : undefined;
    return refusal ? { error: `${refusal} Nothing was queued.` } : { job: make(resolved.workspace) };
  };
  switch (command.kind) {
    case 'ws':
      return { job: { type: 'ws.list', requester } };
    case 'dlc.submit':
      return inWorkspace(command.workspace, (ws) => {
        const { workspace: _alias, ...cmd } = command;
        return { type: 'dlc.submit', requester, workspace: { name: ws.name, id: ws.id }, command: cmd, requestKey: key };
      });
    case 'dlc.list':
      return inWorkspace(command.workspace, (ws) => ({ type: 'dlc.list', requester, workspace: { name: ws.name, id: ws.id }, mine: command.mine, ...(command.status ? { status: command.status } : {}) }));
    case 'dlc.status':
      return { job: { type: 'dlc.status', requester, jobId: command.jobId } };
    case 'dlc.stop':
      return { job: { type: 'dlc.stop', requester, jobId: command.jobId } };
    case 'dlc.logs':
      return { job: { type: 'dlc.logs', requester, jobId: command.jobId, tail: command.tail, ...(command.pod ? { pod: command.pod } : {}) } };
    default:
      return { error: `/pai ${command.kind.replace('.', ' ')} is not available in this version of the bot yet.` };
  }
}

function receipt(job: ActionJob): string {
  switch (job.type) {
    case 'dlc.submit':
      return `:inbox_tray: Queued \`${escapeMrkdwn(describeAction(job))}\` in workspace *${escapeMrkdwn(job.workspace.name)}*. Its status card will appear in this channel.`;
    case 'dlc.stop':
      return `:inbox_tray: Queued \`${escapeMrkdwn(describeAction(job))}\`.`;
    default:
      return `:mag: Looking that up (\`${escapeMrkdwn(describeAction(job))}\`)…`;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), ms)))]).finally(() => clearTimeout(timer));
}
