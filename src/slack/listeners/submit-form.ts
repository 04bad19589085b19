// The forms: `/pai dlc submit` with no arguments, or the global shortcut, opens the submit modal, and `/pai eas deploy`
// with no arguments the deploy modal (render/submit-form.ts). A submission is turned back into the very command a user
// would type, quoted, and parsed by the grammar, so the checks are the typed command's. A refused value is shown on its
// field and nothing is queued; a good one goes through answerPaiCommand like a typed command (its key is the view's
// id, so a submission delivered twice queues once), and the answer is posted privately in the channel the command came
// from.

import type { App, SlackCommandMiddlewareArgs, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { View, WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { FileConfig } from '../../config/file-schema.js';
import { codeBlock } from '../../render/mrkdwn.js';
import { DEFAULT_EAS_INSTANCE } from '../../actions/inference/build-service-config.js';
import {
  DEPLOY_FORM_CALLBACK_ID,
  DEPLOY_FORM_FIELDS,
  renderDeployForm,
  renderSubmitForm,
  SUBMIT_FORM_ACTION_ID,
  SUBMIT_FORM_CALLBACK_ID,
  SUBMIT_FORM_FIELDS,
} from '../../render/submit-form.js';
import { parseCommand } from '../grammar/parse.js';
import { resolveWorkspace } from '../resolve-workspace.js';
import { answerForm, channelOfMetadata, formErrors, word } from './form-answer.js';
import type { CommandDeps } from './handle-pai-command.js';

type FormDeps = CommandDeps & { log: Logger; ackBudgetMs?: number };

interface FormSpec {
  callbackId: string;
  /** The command the form stands for, without its arguments. */
  verb: string;
  fields: readonly string[];
  /** The field that is the command's positional argument. */
  arg: string;
  /** The flag each other field stands for (the workspace is -w). */
  flags: Readonly<Record<string, string>>;
  /** Fields holding one value per line, each its own flag. */
  perLine: readonly string[];
  /** What a grammar message names, in order, and the field it is then about; `fallback` when it names none. */
  about: readonly [RegExp, string][];
  fallback: string;
  render(config: FileConfig, defaultWorkspace: string | undefined, privateMetadata: string): View;
}

const WORKSPACE_WORDS: [RegExp, string] = [/(?:^|\s)-w\b|--workspace\b|\bworkspace\b/i, 'workspace'];
const flagWords = (flags: Record<string, string>): [RegExp, string][] =>
  Object.entries(flags).map(([field, flag]) => [new RegExp(`${flag}\\b`), field]);
const pricing = (config: FileConfig) => ({
  workspaces: config.workspaces,
  perHour: config.pricing?.per_hour ?? {},
  currency: config.pricing?.currency ?? 'CNY',
});

const DLC_FLAGS = {
  image: '--image',
  command: '--command',
  workers: '--workers',
  instance: '--instance',
  data: '--data',
  env: '--env',
};
const EAS_FLAGS = {
  image: '--image',
  instance: '--instance',
  replicas: '--replicas',
  port: '--port',
  command: '--command',
  model: '--model',
};

export const FORMS: readonly FormSpec[] = [
  {
    callbackId: SUBMIT_FORM_CALLBACK_ID,
    verb: 'dlc submit',
    fields: SUBMIT_FORM_FIELDS,
    arg: 'name',
    flags: DLC_FLAGS,
    perLine: ['data', 'env'],
    about: [...flagWords(DLC_FLAGS), [/\bmount\b|\bbucket\b/i, 'data'], WORKSPACE_WORDS, [/\bjob name\b/, 'name']],
    fallback: 'command',
    render: (config, defaultWorkspace, privateMetadata) =>
      renderSubmitForm({ ...pricing(config), ...(defaultWorkspace ? { defaultWorkspace } : {}), privateMetadata }),
  },
  {
    callbackId: DEPLOY_FORM_CALLBACK_ID,
    verb: 'eas deploy',
    fields: DEPLOY_FORM_FIELDS,
    arg: 'service',
    flags: EAS_FLAGS,
    perLine: [],
    about: [...flagWords(EAS_FLAGS), WORKSPACE_WORDS, [/\bservice\b/, 'service']],
    fallback: 'image',
    render: (config, defaultWorkspace, privateMetadata) =>
      renderDeployForm({
        ...pricing(config),
        ...(defaultWorkspace ? { defaultWorkspace } : {}),
        privateMetadata,
        defaultInstance: DEFAULT_EAS_INSTANCE,
      }),
  },
];

/** The form a command opens: its verb and nothing else (`/pai dlc submit`, `/pai eas deploy`). */
export function formOfCommand(text: string | undefined): FormSpec | undefined {
  const words = (text ?? '').trim().toLowerCase().split(/\s+/).join(' ');
  return FORMS.find((f) => f.verb === words);
}

function formView(form: FormSpec, config: FileConfig, channelId: string | undefined): View {
  const resolved = channelId ? resolveWorkspace(undefined, channelId, config.workspaces) : undefined;
  return form.render(
    config,
    resolved?.ok ? resolved.workspace.name : undefined,
    JSON.stringify({ c: channelId ?? '' }),
  );
}

/** The slash command's side: the modal is opened before the ack, within the trigger id's 3 s. */
export async function openFormFromCommand(
  form: FormSpec,
  { command, ack, client }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'> & { client: WebClient },
  deps: FormDeps,
): Promise<void> {
  const parsed = parseCommand(command.text);
  const usage = parsed.ok ? '' : `\n*Usage*\n${codeBlock(parsed.error.usage)}`;
  const opening = client.views.open({
    trigger_id: command.trigger_id,
    view: formView(form, deps.config, command.channel_id),
  });
  // Slack slow to answer must not make the ack late: past the budget, the ack goes out and the form may still come.
  const opened = await within(
    opening.then(
      () => 'opened' as const,
      (err: unknown) => {
        deps.log.warn({ err, user: command.user_id }, 'could not open the form');
        return 'failed' as const;
      },
    ),
    deps.ackBudgetMs ?? FORM_ACK_BUDGET_MS,
  );
  const text =
    opened === 'opened'
      ? `:memo: Opened the form. To type it instead:${usage}`
      : opened === 'failed'
        ? `:warning: Could not open the form; type the command instead.${usage}`
        : `:hourglass_flowing_sand: Slack is slow to open the form; if it does not appear, type the command.${usage}`;
  await ack({ response_type: 'ephemeral', text });
}

const FORM_ACK_BUDGET_MS = 2_000;

async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

type Fields = Record<string, string>;

function readFields(form: FormSpec, values: ViewOutput['state']['values']): Fields {
  const out: Fields = {};
  for (const f of form.fields) {
    const v = values[f]?.[SUBMIT_FORM_ACTION_ID];
    out[f] = (v?.type === 'static_select' ? v.selected_option?.value : v?.value) ?? '';
  }
  return out;
}

const lines = (v: string) =>
  v
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');

/** The command a form stands for, as a user would type it after `/pai`; an empty field is left out. */
export function formCommandText(form: FormSpec, f: Fields): string {
  const words = [form.verb, word((f[form.arg] ?? '').trim())];
  for (const [field, flag] of Object.entries(form.flags)) {
    const v = f[field] ?? '';
    if (form.perLine.includes(field)) for (const l of lines(v)) words.push(`${flag} ${word(l)}`);
    else if (v.trim() !== '') words.push(`${flag} ${word(v)}`);
  }
  if (f.workspace) words.push(`-w ${word(f.workspace)}`);
  return words.join(' ');
}

/** The field a grammar message is about; the form's fallback when it names none (a control character, the length). */
export function fieldOfError(form: FormSpec, message: string): string {
  return form.about.find(([re]) => re.test(message))?.[1] ?? form.fallback;
}

export function registerSubmitForm(app: App, deps: FormDeps): void {
  app.shortcut(SUBMIT_FORM_CALLBACK_ID, async ({ ack, shortcut, client }) => {
    await ack();
    await client.views
      .open({ trigger_id: shortcut.trigger_id, view: formView(FORMS[0]!, deps.config, undefined) })
      .catch((err: unknown) => deps.log.warn({ err, user: shortcut.user.id }, 'could not open the submit form'));
  });
  for (const form of FORMS)
    app.view<SlackViewAction>(form.callbackId, async ({ ack, body, view }) => {
      const fields = readFields(form, view.state.values);
      const text = formCommandText(form, fields);
      const parsed = parseCommand(text);
      if (!parsed.ok) {
        await ack(formErrors(fieldOfError(form, parsed.error.message), parsed.error.message));
        return;
      }
      const ws = deps.config.workspaces.find((w) => w.name === fields.workspace);
      if (fields.workspace && !ws) {
        await ack(formErrors('workspace', `There is no workspace "${fields.workspace}" in the bot's config any more.`));
        return;
      }
      // From the shortcut there is no channel: the answer and the card go to the chosen workspace's channel.
      const channelId = channelOfMetadata(view.private_metadata) ?? ws?.channels[0];
      if (!channelId) {
        await ack(
          formErrors(
            'workspace',
            `Workspace ${fields.workspace} has no channel for the card; run /pai ${form.verb} in a channel instead.`,
          ),
        );
        return;
      }
      await ack();
      const team = body.team?.id ? { teamId: body.team.id } : {};
      await answerForm({ text, user: body.user.id, ...team, viewId: view.id, channelId, form: form.verb }, deps);
    });
}
