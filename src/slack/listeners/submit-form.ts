// The submit form: `/pai dlc submit` with no arguments, or the global shortcut, opens a modal
// (render/submit-form.ts); its submission is turned back into the very command a user would type, quoted, and parsed
// by the grammar, so the checks are the typed command's. A refused value is shown on its field and nothing is queued;
// a good one goes through answerPaiCommand like a typed command (its key is the view's id, so a submission delivered
// twice queues once), and the answer is posted privately in the channel the command came from.

import type { App, SlackCommandMiddlewareArgs, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { FileConfig } from '../../config/file-schema.js';
import { codeBlock } from '../../render/mrkdwn.js';
import {
  renderSubmitForm,
  SUBMIT_FORM_ACTION_ID,
  SUBMIT_FORM_CALLBACK_ID,
  SUBMIT_FORM_FIELDS,
  type SubmitFormField,
} from '../../render/submit-form.js';
import { truncate } from '../../render/truncate.js';
import { parseCommand } from '../grammar/parse.js';
import { resolveWorkspace } from '../resolve-workspace.js';
import { answerPaiCommand, type CommandDeps } from './handle-pai-command.js';

type FormDeps = CommandDeps & { log: Logger };

/** `/pai dlc submit` and nothing else opens the form. */
export function isBareSubmit(text: string | undefined): boolean {
  return /^\s*dlc\s+submit\s*$/i.test(text ?? '');
}

function formView(config: FileConfig, channelId: string | undefined) {
  const resolved = channelId ? resolveWorkspace(undefined, channelId, config.workspaces) : undefined;
  return renderSubmitForm({
    workspaces: config.workspaces,
    ...(resolved?.ok ? { defaultWorkspace: resolved.workspace.name } : {}),
    perHour: config.pricing?.per_hour ?? {},
    currency: config.pricing?.currency ?? 'CNY',
    privateMetadata: JSON.stringify({ c: channelId ?? '' }),
  });
}

/** The slash command's side: the modal is opened before the ack, within the trigger id's 3 s. */
export async function openFormFromCommand(
  { command, ack, client }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'> & { client: WebClient },
  deps: FormDeps,
): Promise<void> {
  const parsed = parseCommand(command.text);
  const usage = parsed.ok ? '' : `\n*Usage*\n${codeBlock(parsed.error.usage)}`;
  try {
    await client.views.open({ trigger_id: command.trigger_id, view: formView(deps.config, command.channel_id) });
    await ack({ response_type: 'ephemeral', text: `:memo: Opened the submit form. To type it instead:${usage}` });
  } catch (err) {
    deps.log.warn({ err, user: command.user_id }, 'could not open the submit form');
    await ack({
      response_type: 'ephemeral',
      text: `:warning: Could not open the submit form; type the command instead.${usage}`,
    });
  }
}

type Fields = Record<SubmitFormField, string>;

function readFields(values: ViewOutput['state']['values']): Fields {
  const out = {} as Fields;
  for (const f of SUBMIT_FORM_FIELDS) {
    const v = values[f]?.[SUBMIT_FORM_ACTION_ID];
    out[f] = (v?.type === 'static_select' ? v.selected_option?.value : v?.value) ?? '';
  }
  return out;
}

/** A value as one word of the command: what Slack escapes is escaped, then quoted as the tokenizer reads quotes. */
function word(v: string): string {
  const slack = v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return `"${slack.replace(/["\u201C\u201D\\]/g, '\\$&')}"`;
}

const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The command the form stands for, as a user would type it after `/pai`. */
export function formCommandText(f: Fields): string {
  return [
    'dlc submit',
    word(f.name.trim()),
    `--image ${word(f.image)}`,
    `--command ${word(f.command)}`,
    ...(f.workers.trim() ? [`--workers ${word(f.workers.trim())}`] : []),
    ...(f.instance ? [`--instance ${word(f.instance)}`] : []),
    ...lines(f.data).map((l) => `--data ${word(l)}`),
    ...lines(f.env).map((l) => `--env ${word(l)}`),
    ...(f.workspace ? [`-w ${word(f.workspace)}`] : []),
  ].join(' ');
}

const FLAG_FIELDS: [RegExp, SubmitFormField][] = [
  [/--image\b/, 'image'],
  [/--command\b/, 'command'],
  [/--workers\b/, 'workers'],
  [/--instance\b/, 'instance'],
  [/--data\b|\bmount\b|\bbucket\b/i, 'data'],
  [/--env\b/, 'env'],
  [/(?:^|\s)-w\b|--workspace\b|\bworkspace\b/i, 'workspace'],
  [/\bjob name\b/, 'name'],
];

/** The field a grammar message is about; the command field when it names none (a control character, the length). */
export function fieldOfError(message: string): SubmitFormField {
  return FLAG_FIELDS.find(([re]) => re.test(message))?.[1] ?? 'command';
}

const METADATA_CHANNEL = /^[CGD][A-Z0-9]{2,}$/;

function channelOf(privateMetadata: string): string | undefined {
  try {
    const c = (JSON.parse(privateMetadata) as { c?: unknown }).c;
    return typeof c === 'string' && METADATA_CHANNEL.test(c) ? c : undefined;
  } catch {
    return undefined;
  }
}

const errors = (field: SubmitFormField, message: string) => ({
  response_action: 'errors' as const,
  errors: { [field]: truncate(message, 300) },
});

export function registerSubmitForm(app: App, deps: FormDeps): void {
  app.shortcut(SUBMIT_FORM_CALLBACK_ID, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views
      .open({ trigger_id: shortcut.trigger_id, view: formView(deps.config, undefined) })
      .catch((err: unknown) => deps.log.warn({ err, user: shortcut.user.id }, 'could not open the submit form'));
  });
  app.view<SlackViewAction>(SUBMIT_FORM_CALLBACK_ID, async ({ ack, body, view }) => {
    const fields = readFields(view.state.values);
    const text = formCommandText(fields);
    const parsed = parseCommand(text);
    if (!parsed.ok) {
      await ack(errors(fieldOfError(parsed.error.message), parsed.error.message));
      return;
    }
    const ws = deps.config.workspaces.find((w) => w.name === fields.workspace);
    if (fields.workspace && !ws) {
      await ack(errors('workspace', `There is no workspace "${fields.workspace}" in the bot's config any more.`));
      return;
    }
    // From the shortcut there is no channel: the answer and the card go to the chosen workspace's channel.
    const channelId = channelOf(view.private_metadata) ?? ws?.channels[0];
    if (!channelId) {
      await ack(
        errors(
          'workspace',
          `Workspace ${fields.workspace} has no channel for the job’s card; run /pai dlc submit in a channel instead.`,
        ),
      );
      return;
    }
    await ack();
    const user = body.user.id;
    const answer = await answerPaiCommand(
      {
        text,
        user_id: user,
        channel_id: channelId,
        ...(body.team?.id ? { team_id: body.team.id } : {}),
        trigger_id: `form:${view.id}`,
      },
      deps,
    ).catch((err: unknown) => {
      deps.log.error({ err, user }, 'submit form failed');
      return undefined;
    });
    deps.log.info({ user, outcome: answer?.outcome ?? 'error' }, 'submit form answered');
    const said =
      answer?.reply.text ?? ':warning: Something went wrong in the bot; check the channel before you submit again.';
    await deps.slack
      .tell({ channelId, userId: user }, { text: said })
      .catch((err: unknown) => deps.log.warn({ err, user }, 'could not answer the submit form'));
  });
}
