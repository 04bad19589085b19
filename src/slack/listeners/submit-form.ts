// The forms: `/pai dlc submit` with no arguments, or the global shortcut, opens the submit modal, and `/pai eas deploy`
// with no arguments the deploy modal (render/submit-form.ts). Its workspace menu lists only the workspaces the user may
// make changes in (change-policy.ts, the typed command's rule); one who may use none gets no form but the reason. A
// submission is turned back into the very command a user would type, quoted, and parsed by the grammar, so the checks
// are the typed command's, the operator check included (the menu is a convenience, not the gate). A refused value is
// shown on its field and nothing is queued; a good one goes through answerPaiCommand like a typed command (its key is
// the view's id, so a submission delivered twice queues once), and the answer is posted privately in the channel the
// command came from.

import type { App, SlackCommandMiddlewareArgs, SlackViewAction, ViewOutput } from '@slack/bolt';
import type { View, WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import { workspacesOpenTo } from '../../actions/approvals/change-policy.js';
import type { FileConfig, WorkspaceConfig } from '../../config/file-schema.js';
import { codeBlock } from '../../render/mrkdwn.js';
import { DEFAULT_EAS_INSTANCE } from '../../actions/inference/build-service-config.js';
import { DEFAULT_ECS_SPEC } from '../../actions/training/build-create-job.js';
import {
  DEPLOY_FORM_CALLBACK_ID,
  DEPLOY_FORM_FIELDS,
  renderDeployForm,
  renderFormRefusal,
  renderSubmitForm,
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
  /** Its modal's title, also that of the small modal that says why it does not open. */
  title: string;
  render(d: FormData): View;
}

/** What a form is opened with: the workspaces the user may use, the one preselected, where to answer. */
interface FormData {
  config: FileConfig;
  workspaces: readonly WorkspaceConfig[];
  defaultWorkspace: string | undefined;
  privateMetadata: string;
}

const WORKSPACE_WORDS: [RegExp, string] = [/(?:^|\s)-w\b|--workspace\b|\bworkspace\b/i, 'workspace'];
const flagWords = (flags: Record<string, string>): [RegExp, string][] =>
  Object.entries(flags).map(([field, flag]) => [new RegExp(`${flag}\\b`), field]);
const formData = ({ config, workspaces, defaultWorkspace, privateMetadata }: FormData) => ({
  workspaces,
  perHour: config.pricing?.per_hour ?? {},
  currency: config.pricing?.currency ?? 'CNY',
  ...(defaultWorkspace ? { defaultWorkspace } : {}),
  privateMetadata,
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
    title: 'Submit a training job',
    render: (d) => renderSubmitForm({ ...formData(d), defaultInstance: DEFAULT_ECS_SPEC }),
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
    title: 'Deploy a service',
    render: (d) => renderDeployForm({ ...formData(d), defaultInstance: DEFAULT_EAS_INSTANCE }),
  },
];

/** The form a command opens: its verb and nothing else (`/pai dlc submit`, `/pai eas deploy`). */
export function formOfCommand(text: string | undefined): FormSpec | undefined {
  const words = (text ?? '').trim().toLowerCase().split(/\s+/).join(' ');
  return FORMS.find((f) => f.verb === words);
}

/** How long the workspace menu's operator checks may take: part of the 3 s a trigger id lives. */
const WORKSPACE_CHECK_MS = 1_000;

type Opening = { ok: true; view: View } | { ok: false; text: string };

/** The form for `user`, or why there is none: they may use no workspace (or that could not be checked in time). */
async function openingFor(
  form: FormSpec,
  deps: FormDeps,
  user: string,
  channelId: string | undefined,
): Promise<Opening> {
  const all = deps.config.workspaces;
  const { open, unchecked } = await workspacesOpenTo(all, user, deps.approvals.directory, WORKSPACE_CHECK_MS);
  if (open.length === 0) return { ok: false, text: noWorkspaceText(form, all, unchecked) };
  const resolved = channelId ? resolveWorkspace(undefined, channelId, all) : undefined;
  const ofChannel = resolved?.ok && open.includes(resolved.workspace) ? resolved.workspace.name : undefined;
  const defaultWorkspace = ofChannel ?? (open.length === 1 ? open[0]!.name : undefined);
  const privateMetadata = JSON.stringify({ c: channelId ?? '' });
  return { ok: true, view: form.render({ config: deps.config, workspaces: open, defaultWorkspace, privateMetadata }) };
}

function noWorkspaceText(form: FormSpec, all: readonly WorkspaceConfig[], unchecked: number): string {
  if (unchecked > 0)
    return `:warning: Could not check which workspaces you may use (Slack did not answer a user-group lookup in time), so the form did not open; try again in a moment.`;
  const names = all.map((w) => w.name).join(', ');
  return `:no_entry: No form: you may not run /pai ${form.verb} in any workspace. Each of them (${names}) has operators (listed under operators: in the bot's config) and you are not one of them; ask one of them to run it, or to add you.`;
}

/** The slash command's side: the modal is opened before the ack, within the trigger id's 3 s. */
export async function openFormFromCommand(
  form: FormSpec,
  { command, ack, client }: Pick<SlackCommandMiddlewareArgs, 'command' | 'ack'> & { client: WebClient },
  deps: FormDeps,
): Promise<void> {
  const started = Date.now();
  const budgetMs = deps.ackBudgetMs ?? FORM_ACK_BUDGET_MS;
  const parsed = parseCommand(command.text);
  const usage = parsed.ok ? '' : `\n*Usage*\n${codeBlock(parsed.error.usage)}`;
  const opening = await openingFor(form, deps, command.user_id, command.channel_id);
  if (!opening.ok) {
    await ack({ response_type: 'ephemeral', text: opening.text });
    return;
  }
  const opened = await within(
    client.views.open({ trigger_id: command.trigger_id, view: opening.view }).then(
      () => 'opened' as const,
      (err: unknown) => {
        deps.log.warn({ err, user: command.user_id }, 'could not open the form');
        return 'failed' as const;
      },
    ),
    // Slack slow to answer must not make the ack late: past the budget, the ack goes out and the form may still come.
    Math.max(0, budgetMs - (Date.now() - started)),
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

/** Each field's value, whatever its input's action_id (the instance menu has its own): a select's chosen option. */
function readFields(form: FormSpec, values: ViewOutput['state']['values']): Fields {
  const out: Fields = {};
  for (const f of form.fields) {
    const v = Object.values(values[f] ?? {})[0];
    const select = v?.type === 'static_select' || v?.type === 'external_select';
    out[f] = (select ? v.selected_option?.value : v?.value) ?? '';
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
    const form = FORMS[0]!;
    const opening = await openingFor(form, deps, shortcut.user.id, undefined);
    // A shortcut has no channel to answer in: a small modal says why there is no form.
    const view = opening.ok ? opening.view : (renderFormRefusal(form.title, opening.text) as View);
    await client.views
      .open({ trigger_id: shortcut.trigger_id, view })
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
