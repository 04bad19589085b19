// `/pai …`: parse, check, queue, and produce the ephemeral answer. Never calls PAI: anything that
// needs PAI becomes a queued action. Pure apart from the injected enqueuer and output, so it is testable alone.
//
// A change is answered "Queued" only once it is queued, so "Queued" is always true (when that takes longer
// than Slack waits, the listener acks first and sends this answer after: pai-command.ts). A lookup is acknowledged
// first and queued right after (`queueAfterAck`): running it twice or not at all harms nothing, and if
// Redis refuses it the requester is told through the response_url that nothing was run.

import type { KnownBlock } from '@slack/web-api';
import type { ApprovalDeps } from '../../actions/approvals/approval-deps.js';
import { operatorRefusal } from '../../actions/approvals/change-policy.js';
import { cancelRequest, listPending } from '../../actions/approvals/local-commands.js';
import type { FileConfig } from '../../config/file-schema.js';
import { isMutatingJob, type Requester } from '../../actions/action-jobs.js';
import { idempotencyKey, type Enqueuer } from '../../queue/enqueue-action.js';
import { parseCommand } from '../grammar/parse.js';
import { helpText } from '../grammar/usage.js';
import { renderConfirmation } from '../../render/eas-confirm.js';
import { codeBlock, escapeMrkdwn } from '../../render/mrkdwn.js';
import { commandToJob } from './command-to-job.js';
import { helpSettings } from './help-settings.js';
import { listOpenAlerts } from './alert-controls.js';
import type { AlertEpisodes } from '../../actions/alerts/episodes.js';
import type { SlackOutput } from '../../slack-out/slack-output.js';
import { lookupReceipt, queueWithReceipt, REDIS_UNAVAILABLE, TimeoutError, withTimeout } from './queue-with-receipt.js';

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
  blocks?: KnownBlock[];
}

export interface CommandDeps {
  config: FileConfig;
  enqueuer: Enqueuer;
  approvals: ApprovalDeps;
  /** How long a queue write may take; the ack does not wait for it (src/slack/listeners/pai-command.ts). Tests shorten it. */
  enqueueTimeoutMs?: number;
  /** Tells a requester that a lookup acknowledged earlier could not be queued. */
  slack: Pick<SlackOutput, 'tell'>;
  /** On-call episodes, for `/pai alerts`; without it the command says alerts are not tracked. */
  episodes?: AlertEpisodes;
}

/** The answer, and for metrics the verb and how it went. */
export interface Answer {
  reply: EphemeralReply;
  verb: string;
  outcome:
    | 'invalid'
    | 'help'
    | 'answered'
    | 'refused'
    | 'confirm'
    | 'queued'
    | 'duplicate'
    | 'unavailable'
    | 'unconfirmed'
    | 'error';
  /** Lookups: queues the action once the reply has been sent, and resolves to how that went. */
  queueAfterAck?: () => Promise<Answer['outcome']>;
}

const ephemeral = (text: string): EphemeralReply => ({ response_type: 'ephemeral', text });

export async function answerPaiCommand(input: SlashCommandInput, deps: CommandDeps): Promise<Answer> {
  const parsed = parseCommand(input.text ?? '');
  if (!parsed.ok)
    return {
      verb: 'invalid',
      outcome: 'invalid',
      reply: ephemeral(`:warning: ${escapeMrkdwn(parsed.error.message)}\n*Usage*\n${codeBlock(parsed.error.usage)}`),
    };
  const command = parsed.command;
  const verb = command.kind;
  const answer = (outcome: Answer['outcome'], reply: EphemeralReply): Answer => ({ verb, outcome, reply });
  if (command.kind === 'help') return answer('help', ephemeral(helpText(command.topic, helpSettings(deps.config))));
  // Reads and the withdrawal are bounded, so the answer (late or not) always comes and says what is known.
  if (command.kind === 'approvals') {
    const list = await withTimeout(
      listPending(deps.approvals, { userId: input.user_id, channelId: input.channel_id }),
      READ_TIMEOUT_MS,
    ).catch((err: unknown) => {
      if (err instanceof TimeoutError) return undefined;
      throw err;
    });
    if (!list)
      return answer(
        'unavailable',
        ephemeral(
          ':warning: Could not read the pending requests (the bot’s Redis or Slack did not answer in time); try again in a moment.',
        ),
      );
    return answer('answered', {
      response_type: 'ephemeral',
      text: list.text,
      ...(list.blocks ? { blocks: list.blocks as KnownBlock[] } : {}),
    });
  }
  if (command.kind === 'cancel') {
    const said = await withTimeout(
      cancelRequest(deps.approvals, command.requestId, input.user_id),
      READ_TIMEOUT_MS,
    ).catch((err: unknown) => {
      if (!(err instanceof TimeoutError)) throw err;
      return `:warning: Could not confirm that ${command.requestId} was withdrawn (the bot’s Redis did not answer in time). /pai approvals shows whether it is still pending.`;
    });
    return answer('answered', ephemeral(said));
  }
  if (command.kind === 'alerts') {
    const list = await listOpenAlerts(command, deps.config, deps.episodes, deps.approvals.clock.now());
    return answer('answered', {
      response_type: 'ephemeral',
      text: list.text,
      ...(list.blocks ? { blocks: list.blocks as KnownBlock[] } : {}),
    });
  }

  const requester = requesterOf(input);
  // The trigger id is unique per invocation, so a re-delivered request maps to the same key.
  const key = idempotencyKey(
    input.team_id,
    input.user_id,
    input.channel_id,
    input.trigger_id ?? input.response_url,
    input.text,
  );
  const built = commandToJob(command, requester, deps.config, key);
  if ('error' in built) return answer('refused', ephemeral(`:warning: ${escapeMrkdwn(built.error)}`));
  // A change that names its workspace (a submit, a deploy, a DSW change, its confirmation) is refused here already
  // when its requester is not an operator there; the gate checks again, and checks the rest once PAI has said where
  // they land.
  const changeWorkspace =
    'job' in built
      ? isMutatingJob(built.job) && 'workspace' in built.job
        ? built.job.workspace
        : undefined
      : 'workspace' in built.confirm
        ? built.confirm.workspace
        : undefined;
  if (changeWorkspace) {
    const ws = deps.config.workspaces.find((w) => w.id === changeWorkspace.id)!;
    // Failing closed: a user-group lookup Slack does not answer in time refuses, and nothing is queued.
    const refusal = await withTimeout(
      operatorRefusal(ws, input.user_id, deps.approvals.directory),
      READ_TIMEOUT_MS,
    ).catch(
      () =>
        `Could not check that you are an operator of workspace ${ws.name} (Slack did not answer the user-group lookup in time); try again in a moment.`,
    );
    if (refusal) return answer('refused', ephemeral(`:warning: ${escapeMrkdwn(refusal)} Nothing was queued.`));
  }
  if ('confirm' in built) {
    const message = renderConfirmation(built.confirm);
    return answer('confirm', {
      response_type: 'ephemeral',
      text: message.text,
      blocks: message.blocks as KnownBlock[],
    });
  }
  if (isMutatingJob(built.job)) {
    // A double-submitted change (the same text twice in a row, each with its own trigger id) runs once.
    const recent = idempotencyKey(
      'recent',
      input.team_id,
      input.user_id,
      input.channel_id,
      input.text.trim().replace(/\s+/g, ' '),
    );
    let owner: string;
    try {
      owner = await withTimeout(deps.enqueuer.claim(recent, DOUBLE_SUBMIT_WINDOW_S, key), CLAIM_TIMEOUT_MS);
    } catch {
      // Nothing was queued; a claim that lands late must not block the user's retry (the release runs after it).
      void deps.enqueuer.release(recent).catch(() => undefined);
      return answer('unavailable', ephemeral(REDIS_UNAVAILABLE));
    }
    // The same request again (a redelivery) is answered by the queue below; another request with the same text is a
    // double submit.
    if (owner !== key)
      return answer(
        'duplicate',
        ephemeral(
          `You sent this exact command less than ${DOUBLE_SUBMIT_WINDOW_S} seconds ago; it runs once. To run it again on purpose, wait a minute.`,
        ),
      );
    const receipt = await queueWithReceipt(deps.enqueuer, built.job, key, deps.enqueueTimeoutMs);
    if (receipt.outcome === 'unavailable' || receipt.outcome === 'refused')
      await deps.enqueuer.release(recent).catch(() => undefined);
    const job = built.job;
    const prod = 'workspace' in job && deps.config.workspaces.find((w) => w.id === job.workspace.id)?.env === 'prod';
    const note =
      prod && receipt.outcome === 'queued'
        ? ' Workspace is prod: nothing runs until the approval request posted here is approved.'
        : '';
    return answer(receipt.outcome, ephemeral(receipt.text + note));
  }
  const job = built.job;
  return {
    ...answer('queued', ephemeral(lookupReceipt(job))),
    queueAfterAck: async () => {
      const receipt = await queueWithReceipt(deps.enqueuer, job, key, deps.enqueueTimeoutMs);
      if (receipt.outcome === 'unavailable') await deps.slack.tell(requester, { text: receipt.text });
      return receipt.outcome;
    },
  };
}

/** Who sent the command, and where to answer them (the response_url when Slack gave one). */
export function requesterOf(input: SlashCommandInput): Requester {
  return {
    userId: input.user_id,
    channelId: input.channel_id,
    ...(input.team_id ? { teamId: input.team_id } : {}),
    ...(input.response_url ? { responseUrl: input.response_url } : {}),
  };
}

const DOUBLE_SUBMIT_WINDOW_S = 60;
const CLAIM_TIMEOUT_MS = 4_000;
/** Lookups the answer needs (Redis reads, user groups); it follows the ack when slower than Slack's 3 s. */
const READ_TIMEOUT_MS = 10_000;
