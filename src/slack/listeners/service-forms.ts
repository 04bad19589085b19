// A service card's *Scale…* and *Traffic…* buttons (render/service-card.ts) open a small modal
// (render/service-forms.ts), prefilled with the replica count or the traffic weight the watcher last saw. A submission is
// the typed `eas scale <svc> <n>` / `eas traffic <svc> <w>`, parsed by the grammar: a refused value is shown on the
// field and nothing is queued; a good one runs through the typed command's path (operator check, prod approval,
// once-only per view: form-answer.ts). A click on a service that is gone or being deleted says so and opens nothing.

import type { App, BlockButtonAction, SlackViewAction } from '@slack/bolt';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { createTrackedServiceStore, type TrackedService } from '../../actions/watchers/tracked-services.js';
import type { KeySpace } from '../../redis/redis.js';
import {
  parseServiceButtonValue,
  SERVICE_CARD_SCALE_ACTION_ID,
  SERVICE_CARD_TRAFFIC_ACTION_ID,
} from '../../render/service-card.js';
import {
  renderScaleForm,
  renderTrafficForm,
  SCALE_FORM_CALLBACK_ID,
  SCALE_FORM_FIELD,
  TRAFFIC_FORM_CALLBACK_ID,
  TRAFFIC_FORM_FIELD,
} from '../../render/service-forms.js';
import { SUBMIT_FORM_ACTION_ID } from '../../render/submit-form.js';
import { parseCommand } from '../grammar/parse.js';
import { answerForm, channelOfMetadata, formErrors, word } from './form-answer.js';
import type { CommandDeps } from './handle-pai-command.js';

type Deps = CommandDeps & { log: Logger; redis: Redis; keys: KeySpace };

/** What a service name may hold to be put into a command line (as card-buttons.ts): no spaces, flags or quotes. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,199}$/;
const GONE = new Set(['Deleting', 'Deleted']);

const FORMS = [
  { callbackId: SCALE_FORM_CALLBACK_ID, field: SCALE_FORM_FIELD, verb: 'eas scale' },
  { callbackId: TRAFFIC_FORM_CALLBACK_ID, field: TRAFFIC_FORM_FIELD, verb: 'eas traffic' },
] as const;

/** Why the service's modal does not open, from what the watcher last recorded; undefined to open it. */
export function goneReason(service: string, tracked: TrackedService | undefined): string | undefined {
  if (!tracked) return `Service ${service} is no longer followed by the bot (deleted?); its card is not updated yet.`;
  const status = tracked.last.status;
  if (GONE.has(status)) return `Service ${service} is ${status.toLowerCase()}; there is nothing left to change.`;
  return undefined;
}

function serviceOfMetadata(privateMetadata: string): string | undefined {
  try {
    const s = (JSON.parse(privateMetadata) as { s?: unknown }).s;
    return typeof s === 'string' && NAME.test(s) ? s : undefined;
  } catch {
    return undefined;
  }
}

export function registerServiceForms(app: App, deps: Deps): void {
  const services = createTrackedServiceStore(deps.redis, deps.keys);
  const buttons = new RegExp(`^(?:${SERVICE_CARD_SCALE_ACTION_ID}|${SERVICE_CARD_TRAFFIC_ACTION_ID})$`);
  app.action<BlockButtonAction>(buttons, async ({ ack, body, action, respond, client }) => {
    await ack();
    const say = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const v = parseServiceButtonValue(action.value);
    const channelId = body.channel?.id ?? body.container?.channel_id;
    if (!v || !NAME.test(v.s) || !channelId) {
      await say('That button is not valid any more; use /pai eas scale or /pai eas traffic.');
      return;
    }
    // Redis not answering is no reason to refuse: the command path checks the service with PAI.
    const got = await services.get(v.s).then(
      (t) => ({ t }),
      () => undefined,
    );
    const gone = got && goneReason(v.s, got.t);
    if (gone) {
      deps.log.info({ user: body.user.id, service: v.s, outcome: 'stale' }, 'service form button clicked');
      await say(`${gone} Nothing was opened.`);
      return;
    }
    const d = { service: v.s, privateMetadata: JSON.stringify({ c: channelId, s: v.s }) };
    const { total: replicas, weight } = got?.t?.last ?? {};
    const scale = action.action_id === SERVICE_CARD_SCALE_ACTION_ID;
    const view = scale
      ? renderScaleForm(replicas === undefined ? d : { ...d, replicas })
      : renderTrafficForm(weight === undefined ? d : { ...d, weight });
    await client.views.open({ trigger_id: body.trigger_id, view }).catch(async (err: unknown) => {
      deps.log.warn({ err, user: body.user.id }, 'could not open the service form');
      await say(`:warning: Could not open the form; type /pai ${scale ? 'eas scale' : 'eas traffic'} instead.`);
    });
  });
  for (const form of FORMS)
    app.view<SlackViewAction>(form.callbackId, async ({ ack, body, view }) => {
      const service = serviceOfMetadata(view.private_metadata);
      const channelId = channelOfMetadata(view.private_metadata);
      if (!service || !channelId) {
        await ack(formErrors(form.field, `This form has lost its service; type /pai ${form.verb} instead.`));
        return;
      }
      const value = view.state.values[form.field]?.[SUBMIT_FORM_ACTION_ID]?.value ?? '';
      const text = `${form.verb} ${service} ${word(value.trim())}`;
      const parsed = parseCommand(text);
      if (!parsed.ok) {
        await ack(formErrors(form.field, parsed.error.message));
        return;
      }
      await ack();
      const team = body.team?.id ? { teamId: body.team.id } : {};
      await answerForm({ text, user: body.user.id, ...team, viewId: view.id, channelId, form: form.verb }, deps);
    });
}
