// Every renderer in src/render, driven with hostile input, against every Block Kit limit Slack enforces.
// One message over a limit is refused whole (`invalid_blocks`): an approval request that cannot be posted is a
// prod change that can never be approved. So each renderer is checked on what it actually produces, measured
// as Slack counts it: after escaping (`&` is sent as the five characters `&amp;`).
//
// The limits, from Slack's reference (docs.slack.dev):
//   blocks per message ≤ 50                    reference/block-kit/blocks ("up to 50 blocks in each message")
//   section text 1‥3,000; fields ≤ 10, each ≤ 2,000      reference/block-kit/blocks/section-block
//   header text (plain_text) ≤ 150             reference/block-kit/blocks/header-block
//   context elements 1‥10                      reference/block-kit/blocks/context-block
//   a text object 1‥3,000                      reference/block-kit/composition-objects/text-object
//     (context lines are held to 2,000 here: the bot's own budget, stricter than the documented 3,000)
//   button text ≤ 75, value ≤ 2,000, url ≤ 3,000, action_id ≤ 255   reference/block-kit/block-elements/button-element
//   static_select placeholder ≤ 150, options ≤ 100, option text ≤ 75, option value ≤ 150
//                                              reference/block-kit/block-elements/select-menu-element, …/option-object
//   external_select: min_query_length ≥ 0; the options it loads: ≤ 100 options or ≤ 100 groups, a group's label
//     (plain_text) ≤ 75                        …/select-menu-element#external_select, …/option-group-object
//   block_id ≤ 255                             every block's reference page
//   actions elements ≤ 25                      reference/block-kit/blocks/actions-block
//   top-level text: Slack truncates past 40,000 (api.slack.com/changelog/2018-04-truncating-really-long-messages);
//     the bot keeps it under 4,000, as the other render tests always have.
// And what no limit names but Slack still misreads: an entity cut in two (`&am…`), a mention or link cut in two
// (`<@U1…`), a code fence left open.

import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OpenEpisode } from '../../src/actions/alerts/episodes.js';
import type { ApprovalRequest } from '../../src/actions/approvals/request-store.js';
import type { WorkspaceConfig } from '../../src/config/file-schema.js';
import type { Classification } from '../../src/diagnosis/classify-failure.js';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';
import type { Job } from '../../src/pai/dlc-types.js';
import type { DswInstance } from '../../src/pai/dsw-types.js';
import type { Service, ServiceEvent, ServiceInstance } from '../../src/pai/eas-types.js';
import type { DlcSubmitJob } from '../../src/actions/action-jobs.js';
import type { ServiceSnapshot, TrackedService } from '../../src/actions/watchers/tracked-services.js';
import type { CostEstimate } from '../../src/actions/costs/price-book.js';
import type { CostItem, CostPart } from '../../src/actions/costs/cost-lines.js';
import { pendingRequest } from '../support/approval-request.js';
import * as alertControls from '../../src/render/alert-controls.js';
import * as alertList from '../../src/render/alert-list.js';
import * as approvalBody from '../../src/render/approval-body.js';
import * as approvalRequest from '../../src/render/approval-request.js';
import * as appHome from '../../src/render/app-home.js';
import * as homeNotice from '../../src/render/home-notice.js';
import type { TrackedJob } from '../../src/actions/watchers/tracked-jobs.js';
import * as consoleLinks from '../../src/render/console-links.js';
import * as costReport from '../../src/render/cost-report.js';
import * as easConfirm from '../../src/render/eas-confirm.js';
import * as failureCause from '../../src/render/failure-cause.js';
import * as galleryList from '../../src/render/gallery-list.js';
import * as jobCard from '../../src/render/job-card.js';
import * as jobDetails from '../../src/render/job-details.js';
import * as jobList from '../../src/render/job-list.js';
import * as jobLogs from '../../src/render/job-logs.js';
import * as jobTransition from '../../src/render/job-transition.js';
import * as notebookDigest from '../../src/render/notebook-digest.js';
import * as mrkdwn from '../../src/render/mrkdwn.js';
import * as notebookChange from '../../src/render/notebook-change.js';
import * as notebookList from '../../src/render/notebook-list.js';
import * as notebookStatus from '../../src/render/notebook-status.js';
import * as ossCheck from '../../src/render/oss-check.js';
import * as sections from '../../src/render/sections.js';
import * as serviceCard from '../../src/render/service-card.js';
import * as serviceDetails from '../../src/render/service-details.js';
import * as serviceMessages from '../../src/render/service-messages.js';
import * as serviceForms from '../../src/render/service-forms.js';
import * as submitForm from '../../src/render/submit-form.js';
import * as instanceOptions from '../../src/render/instance-options.js';
import { machineSpecToEcsSpec } from '../../src/actions/inference/refresh-eas-specs.js';
import type { EcsSpec } from '../../src/pai/dlc-types.js';
import * as workspaceList from '../../src/render/workspace-list.js';

// ---------------------------------------------------------------------------------------------------------------------
// The checks.

const LIMIT = {
  blocks: 50,
  homeBlocks: 100,
  sectionText: 3_000,
  fields: 10,
  fieldText: 2_000,
  headerText: 150,
  contextElements: 10,
  contextText: 2_000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2_000,
  buttonUrl: 3_000,
  actionId: 255,
  blockId: 255,
  modalText: 24,
  privateMetadata: 3_000,
  inputLabel: 2_000,
  selectPlaceholder: 150,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  messageText: 40_000,
  botMessageText: 4_000,
} as const;

// The bot's own mentions in these drivers; hostile input uses others (U0VICTIM, S0ALL, …) that must never get through.
const OWN_USERS = ['U0REQ', 'U0APPR1', 'U0APPR2', 'U0ACK', 'U0VOTER'];
const OWN_GROUPS = ['S0LEADS', 'S0ONCALL'];
const ALERTS_CHANNEL = 'C0ALERTS';
/** Channels the App Home drivers name (cards and workspaces); a channel mention notifies nobody. */
const HOME_CHANNELS = ['C0DEV', 'C0PROD'];
const ALLOWED_TOKENS = [
  new RegExp(`^<@(?:${OWN_USERS.join('|')})>$`),
  new RegExp(`^<!subteam\\^(?:${OWN_GROUPS.join('|')})>$`),
  /^<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>$/,
  new RegExp(`^<#(?:${[ALERTS_CHANNEL, ...HOME_CHANNELS].join('|')})>$`),
  // Console links the bot builds (console-links.ts), every part percent-encoded.
  /^<https:\/\/pai\.console\.aliyun\.com\/\?[^<>|\s]*\|(?:Open in the PAI console|console|The workspace's DLC jobs in the PAI console)>$/,
  // A notebook's own page as PAI gives it, only to Alibaba Cloud hosts (console-links.ts notebookUrl).
  /^<https:\/\/(?:[a-z0-9-]+\.)+(?:aliyun|aliyuncs)\.com(?:\/[^\s<>|`]*)?\|open the notebook>$/i,
  // Links to a card or an alert in the App Home (app-home.ts messageLink).
  /^<https:\/\/slack\.com\/archives\/[CG][A-Z0-9]+\/p\d+\|(?:card|alert)>$/,
];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a piece of mrkdwn the bot sends (block text or a message's top-level text). */
function mrkdwnProblems(text: string, where: string): string[] {
  const problems: string[] = [];
  const tokens = text.match(/<[^<>]*>/g) ?? [];
  for (const t of tokens)
    if (!ALLOWED_TOKENS.some((re) => re.test(t)))
      problems.push(`${where}: a mention or link the bot did not mean: ${t.slice(0, 80)}`);
  const outside = text.replace(/<[^<>]*>/g, '');
  if (/[<>]/.test(outside))
    problems.push(
      `${where}: a bare < or > (a mention or link cut in two?) near ${JSON.stringify(outside.slice(Math.max(0, outside.search(/[<>]/) - 20), outside.search(/[<>]/) + 20))}`,
    );
  const badAmp = outside.search(/&(?!amp;|lt;|gt;)/);
  if (badAmp >= 0)
    problems.push(
      `${where}: an & that is not an entity (one cut in two?) near ${JSON.stringify(outside.slice(Math.max(0, badAmp - 20), badAmp + 20))}`,
    );
  if (text.split('```').length % 2 === 0) problems.push(`${where}: a code block left open`);
  if (LONE_SURROGATE.test(text)) problems.push(`${where}: half a character (a surrogate pair cut in two)`);
  return problems;
}

function plainProblems(text: unknown, max: number, where: string): string[] {
  if (typeof text !== 'string' || text.length === 0) return [`${where}: empty or missing`];
  const problems: string[] = [];
  if (text.length > max) problems.push(`${where}: ${text.length} > ${max}`);
  if (LONE_SURROGATE.test(text)) problems.push(`${where}: half a character`);
  return problems;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A text object: its type, its length within max, and, for mrkdwn, what Slack would misread. */
function textObjectProblems(t: unknown, max: number, where: string): string[] {
  if (!isObj(t) || typeof t.text !== 'string') return [`${where}: not a text object`];
  const problems = plainProblems(t.text, max, where);
  if (t.type === 'mrkdwn') problems.push(...mrkdwnProblems(t.text, where));
  else if (t.type !== 'plain_text') problems.push(`${where}: text type ${String(t.type)}`);
  return problems;
}

function elementProblems(el: unknown, where: string): string[] {
  if (!isObj(el)) return [`${where}: not an object`];
  const problems: string[] = [];
  if (typeof el.action_id === 'string' && el.action_id.length > LIMIT.actionId)
    problems.push(`${where}: action_id ${el.action_id.length} > ${LIMIT.actionId}`);
  if (el.type === 'button') {
    if (!isObj(el.text) || el.text.type !== 'plain_text') problems.push(`${where}: button text must be plain_text`);
    else problems.push(...plainProblems(el.text.text, LIMIT.buttonText, `${where} text`));
    if (typeof el.value === 'string' && el.value.length > LIMIT.buttonValue)
      problems.push(`${where}: value ${el.value.length} > ${LIMIT.buttonValue}`);
    if (typeof el.url === 'string' && el.url.length > LIMIT.buttonUrl)
      problems.push(`${where}: url ${el.url.length} > ${LIMIT.buttonUrl}`);
  } else if (el.type === 'static_select') {
    if (el.placeholder !== undefined)
      problems.push(...plainProblems((el.placeholder as Obj).text, LIMIT.selectPlaceholder, `${where} placeholder`));
    const options = el.options;
    if (!Array.isArray(options) || options.length === 0 || options.length > LIMIT.selectOptions)
      problems.push(`${where}: 1‥${LIMIT.selectOptions} options`);
    else
      options.forEach((o: Obj, i) => {
        problems.push(...plainProblems((o.text as Obj | undefined)?.text, LIMIT.optionText, `${where} option ${i}`));
        if (typeof o.value !== 'string' || o.value.length > LIMIT.optionValue)
          problems.push(`${where} option ${i}: value missing or > ${LIMIT.optionValue}`);
      });
  } else if (el.type === 'external_select') {
    if (el.placeholder !== undefined)
      problems.push(...plainProblems((el.placeholder as Obj).text, LIMIT.selectPlaceholder, `${where} placeholder`));
    if (el.options !== undefined || el.option_groups !== undefined) problems.push(`${where}: options of its own`);
    const min = el.min_query_length;
    if (min !== undefined && !(Number.isInteger(min) && (min as number) >= 0))
      problems.push(`${where}: min_query_length ${String(min)}`);
    if (el.initial_option !== undefined) problems.push(...optionProblems(el.initial_option, `${where} initial_option`));
  } else if (el.type === 'plain_text_input') {
    if (el.placeholder !== undefined)
      problems.push(...plainProblems((el.placeholder as Obj).text, LIMIT.selectPlaceholder, `${where} placeholder`));
  } else problems.push(`${where}: element type ${String(el.type)} not checked here`);
  return problems;
}

function optionProblems(o: unknown, where: string): string[] {
  if (!isObj(o)) return [`${where}: not an object`];
  const text = o.text;
  const problems =
    isObj(text) && text.type === 'plain_text'
      ? plainProblems(text.text, LIMIT.optionText, where)
      : [`${where}: text must be plain_text`];
  if (typeof o.value !== 'string' || o.value === '' || o.value.length > LIMIT.optionValue)
    problems.push(`${where}: value missing or > ${LIMIT.optionValue}`);
  return problems;
}

/** What Slack takes back for an external_select's block_suggestion: options, or labelled groups of them. */
function optionsAnswerProblems(answer: unknown): string[] {
  if (!isObj(answer)) return ['not an object'];
  const groups = answer.option_groups;
  const options = answer.options;
  if ((groups === undefined) === (options === undefined)) return ['exactly one of options and option_groups'];
  if (Array.isArray(options)) {
    if (options.length > LIMIT.selectOptions) return [`${options.length} options > ${LIMIT.selectOptions}`];
    return options.flatMap((o, i) => optionProblems(o, `option ${i}`));
  }
  if (!Array.isArray(groups) || groups.length === 0 || groups.length > LIMIT.selectOptions) return ['1‥100 groups'];
  const problems: string[] = [];
  let total = 0;
  for (const [i, g] of (groups as unknown[]).entries()) {
    if (!isObj(g) || !isObj(g.label) || g.label.type !== 'plain_text') {
      problems.push(`group ${i}: no label`);
      continue;
    }
    problems.push(...plainProblems(g.label.text, LIMIT.optionText, `group ${i} label`));
    const list = Array.isArray(g.options) ? g.options : [];
    if (list.length === 0) problems.push(`group ${i}: no options`);
    total += list.length;
    for (const [j, o] of list.entries()) problems.push(...optionProblems(o, `group ${i} option ${j}`));
  }
  if (total > LIMIT.selectOptions) problems.push(`${total} options in all > ${LIMIT.selectOptions}`);
  const values = groups.flatMap((g) => ((g as Obj).options as Obj[]).map((o) => o.value));
  if (new Set(values).size !== values.length) problems.push('the same value twice');
  return problems;
}

function blockProblems(block: unknown, i: number): string[] {
  if (!isObj(block)) return [`block ${i}: not an object`];
  const at = `block ${i} (${String(block.type)})`;
  const problems: string[] = [];
  if (block.block_id !== undefined && (typeof block.block_id !== 'string' || block.block_id.length > LIMIT.blockId))
    problems.push(`${at}: block_id longer than ${LIMIT.blockId}`);
  switch (block.type) {
    case 'header':
      if (!isObj(block.text) || block.text.type !== 'plain_text') problems.push(`${at}: text must be plain_text`);
      else problems.push(...plainProblems(block.text.text, LIMIT.headerText, at));
      break;
    case 'section': {
      const fields = block.fields;
      if (block.text === undefined && !Array.isArray(fields)) problems.push(`${at}: needs text or fields`);
      if (block.text !== undefined) problems.push(...textObjectProblems(block.text, LIMIT.sectionText, `${at} text`));
      if (Array.isArray(fields)) {
        if (fields.length === 0 || fields.length > LIMIT.fields)
          problems.push(`${at}: ${fields.length} fields (1‥${LIMIT.fields})`);
        for (const [j, f] of fields.entries())
          problems.push(...textObjectProblems(f, LIMIT.fieldText, `${at} field ${j}`));
      }
      break;
    }
    case 'context': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMIT.contextElements)
        problems.push(`${at}: 1‥${LIMIT.contextElements} elements`);
      else
        for (const [j, e] of elements.entries())
          problems.push(...textObjectProblems(e, LIMIT.contextText, `${at} element ${j}`));
      break;
    }
    case 'actions': {
      const elements = block.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > LIMIT.actionsElements)
        problems.push(`${at}: 1‥${LIMIT.actionsElements} elements`);
      else for (const [j, e] of elements.entries()) problems.push(...elementProblems(e, `${at} element ${j}`));
      break;
    }
    case 'divider':
      break;
    case 'input':
      problems.push(...textObjectProblems(block.label, LIMIT.inputLabel, `${at} label`));
      if (block.hint !== undefined) problems.push(...textObjectProblems(block.hint, LIMIT.inputLabel, `${at} hint`));
      problems.push(...elementProblems(block.element, `${at} element`));
      break;
    default:
      problems.push(`${at}: a block type this test does not know`);
  }
  return problems;
}

function blocksProblems(blocks: readonly unknown[], max: number = LIMIT.blocks): string[] {
  const problems = blocks.length > max ? [`${blocks.length} blocks > ${max}`] : [];
  return [...problems, ...blocks.flatMap(blockProblems)];
}

function messageProblems(m: SlackMessage): string[] {
  const problems: string[] = [];
  if (typeof m.text !== 'string' || m.text.trim() === '') problems.push('text: empty');
  else {
    if (m.text.length > LIMIT.messageText)
      problems.push(`text: ${m.text.length} > ${LIMIT.messageText} (Slack truncates it)`);
    if (m.text.length > LIMIT.botMessageText)
      problems.push(`text: ${m.text.length} > ${LIMIT.botMessageText} (the bot's own cap)`);
    problems.push(...mrkdwnProblems(m.text, 'text'));
  }
  if (m.blocks !== undefined) problems.push(...blocksProblems(m.blocks));
  return problems;
}

/** A section text on its own (renderers that hand section texts to a caller). */
function sectionTextProblems(text: string, where = 'section text'): string[] {
  return [...plainProblems(text, LIMIT.sectionText, where), ...mrkdwnProblems(text, where)];
}

/** The largest section text seen, for the report. */
function longestSection(m: SlackMessage): number {
  let longest = 0;
  for (const b of (m.blocks ?? []) as unknown as Obj[])
    if (isObj(b.text) && typeof b.text.text === 'string') longest = Math.max(longest, b.text.text.length);
  return longest;
}

// ---------------------------------------------------------------------------------------------------------------------
// Hostile input.

const PIECES = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@U0VICTIM>',
  '<!subteam^S0ALL>',
  '<#C0SECRET>',
  '<https://evil.example|click>',
  '&',
  '&amp;',
  '&lt;',
  '<',
  '>',
  '`',
  '```',
  '*',
  '_',
  '~',
  '|',
  '\\',
  '"',
  '😀',
  '👨‍👩‍👧',
  '🇯🇵',
  '中文',
  '𠀀',
  'é',
  'e\u0301',
  '\n',
  '\r\n',
  '\u2028',
  ' ',
  '\t',
  'a',
  'Z',
  '9',
  '-',
];
const piece = fc.constantFrom(...PIECES);
const mixed = (maxLength: number) => fc.array(piece, { maxLength }).map((a) => a.join(''));
const run = (max: number) => fc.tuple(piece, fc.integer({ min: 1, max })).map(([p, n]) => p.repeat(n));

/** Any text a user, PAI or a pod may hand the bot: short, long, full of & < >, emoji, CJK, code fences, mentions. */
const text: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: mixed(30) },
  { weight: 2, arbitrary: mixed(400) },
  { weight: 2, arbitrary: run(3_000) },
  { weight: 1, arbitrary: fc.tuple(mixed(40), run(1_500), mixed(40)).map((a) => a.join('')) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 200 }) },
);
/** Text that may be empty or absent. */
const maybe = fc.option(text, { nil: undefined });
/** Many lines (logs, events, explanations): a few long ones or many short ones. */
const lines = fc.oneof(fc.array(text, { maxLength: 8 }), fc.array(mixed(60), { maxLength: 400 }));
/** A ListModels item as PAI might send it: any text in the names, a version or none. */
const model = fc.record(
  {
    ModelId: text,
    ModelName: text,
    Task: maybe,
    LatestVersion: fc.option(fc.record({ VersionName: text }), { nil: undefined }),
  },
  { requiredKeys: ['ModelId', 'ModelName'] },
);
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1_000_000 }));

/** A bare id would be rendered as a mention by design; hostile ids must not look like one by chance. */
const notAnId = text.filter((s) => !/^[UWS][A-Z0-9]+$/.test(s));
const userId = fc.oneof(fc.constantFrom(...OWN_USERS), notAnId);
const mentionIds = fc.array(fc.oneof(fc.constantFrom(...OWN_USERS, ...OWN_GROUPS), notAnId), { maxLength: 6 });
const episodeId = fc.string({ maxLength: 200 }).filter((s) => !LONE_SURROGATE.test(s));
const when = fc.integer({ min: 0, max: 4_000_000_000_000 });

/** Any figure: a hostile instance type and currency, prices and amounts from nothing to absurd. */
const estimate: fc.Arbitrary<CostEstimate> = fc
  .record({
    instanceType: text,
    currency: text,
    perHour: fc.double({ min: 0, max: 1e9, noNaN: true }),
    source: fc.constantFrom('config' as const, 'pai-list-price' as const),
    per: fc.constantFrom('hour' as const, 'total' as const),
    units: fc.double({ min: 0, max: 1e6, noNaN: true }),
  })
  .map(({ instanceType, currency, perHour, source, per, units }) => ({
    amount: perHour * units,
    currency,
    per,
    units,
    price: { instanceType, perHour, currency, source },
  }));
const spot = fc.option(fc.record({ bidPercent: fc.option(fc.nat(100), { nil: undefined }) }, { requiredKeys: [] }), {
  nil: undefined,
});
const costItem: fc.Arbitrary<CostItem> = fc
  .record({
    name: text,
    id: maybe,
    detail: text,
    estimates: fc.array(estimate, { maxLength: 4 }),
    unpriced: maybe,
    spot,
  })
  .map(({ id, unpriced, spot: s, ...i }) => ({
    ...i,
    ...(id !== undefined ? { id } : {}),
    ...(unpriced !== undefined ? { unpriced } : {}),
    ...(s !== undefined ? { spot: s } : {}),
  }));
const costPart: fc.Arbitrary<CostPart> = fc.oneof(
  fc.record({ error: text }),
  fc.record(
    {
      items: fc.oneof(fc.array(costItem, { maxLength: 4 }), fc.array(costItem, { minLength: 30, maxLength: 120 })),
      more: text,
    },
    { requiredKeys: ['items'] },
  ),
);
const totals = fc.array(fc.record({ currency: text, amount: fc.double({ min: 0, max: 1e12, noNaN: true }) }), {
  maxLength: 4,
});

const job: fc.Arbitrary<Job> = fc.record(
  {
    JobId: text,
    DisplayName: text,
    JobType: text,
    Status: fc.oneof(fc.constantFrom('Running', 'Failed', 'Succeeded', 'Queuing'), text),
    SubStatus: text,
    ReasonCode: text,
    ReasonMessage: text,
    WorkspaceName: text,
    WorkspaceId: text,
    GmtCreateTime: text,
    Duration: fc.nat(),
    Pods: fc.array(fc.record({ PodId: text, Status: maybe }), { maxLength: 14 }),
  },
  { requiredKeys: ['JobId', 'DisplayName', 'Status'] },
) as fc.Arbitrary<Job>;

const service: fc.Arbitrary<Service> = fc.record(
  {
    ServiceName: text,
    Status: text,
    Reason: text,
    Message: text,
    RunningInstance: fc.nat(),
    PendingInstance: fc.nat(),
    TotalInstance: fc.nat(),
    InternetEndpoint: text,
    IntranetEndpoint: text,
    Weight: fc.nat(),
    AutoscalerEnabled: fc.boolean(),
    Image: text,
  },
  { requiredKeys: ['ServiceName', 'Status'] },
) as fc.Arbitrary<Service>;

const culler = fc.record(
  {
    CpuPercentThreshold: fc.nat(100),
    GpuPercentThreshold: fc.nat(100),
    MaxIdleTimeInMinutes: fc.oneof(fc.constant(0), fc.nat(20_000)),
    IdleTimeInMinutes: fc.nat(1_000_000),
  },
  { requiredKeys: [] },
);
const notebook: fc.Arbitrary<DswInstance> = fc.record(
  {
    InstanceId: text,
    InstanceName: text,
    WorkspaceId: text,
    Status: fc.oneof(fc.constantFrom('Running', 'Stopped', 'Failed', 'Saving', 'SomethingNew', ''), text),
    ReasonCode: text,
    ReasonMessage: text,
    EcsSpec: text,
    RequestedResource: fc.record({ CPU: text, GPU: text, GPUType: text, Memory: text }, { requiredKeys: [] }),
    AccumulatedRunningTimeInMs: fc.oneof(fc.nat(), fc.integer({ min: 0, max: 10 ** 15 })),
    IdleInstanceCuller: culler,
    UserName: text,
    UserId: text,
    GmtCreateTime: text,
  },
  { requiredKeys: ['InstanceId', 'Status'] },
) as fc.Arbitrary<DswInstance>;
const idlePolicy = fc.record(
  { maxIdleMinutes: fc.nat(20_000), cpuPercent: fc.nat(100), gpuPercent: fc.nat(100) },
  { requiredKeys: ['maxIdleMinutes'] },
);
const notebookChangeDone: fc.Arbitrary<notebookChange.NotebookChangeDone> = fc.oneof(
  fc.record({ verb: fc.constant('stop' as const), from: text, saveImage: fc.boolean() }),
  fc.record({ verb: fc.constant('start' as const), from: text }),
  fc.record(
    { verb: fc.constant('idle-stop' as const), policy: idlePolicy, previous: idlePolicy },
    { requiredKeys: ['verb', 'policy'] },
  ),
);

const serviceEvent: fc.Arbitrary<ServiceEvent> = fc.record({
  Time: text,
  Type: fc.oneof(fc.constantFrom('Normal', 'Warning'), text),
  Reason: text,
  Message: text,
});
const serviceEvents = fc.oneof(
  fc.array(serviceEvent, { maxLength: 8 }),
  fc.array(fc.record({ Time: mixed(10), Type: fc.constant('Warning'), Reason: mixed(10), Message: mixed(40) }), {
    maxLength: 300,
  }),
);
const instance: fc.Arbitrary<ServiceInstance> = fc.record(
  {
    InstanceName: text,
    Status: fc.oneof(fc.constantFrom('Running', 'Pending'), text),
    Reason: text,
    RestartCount: fc.nat(),
    ReadyProcesses: fc.nat(3),
    TotalProcesses: fc.nat(3),
  },
  { requiredKeys: ['InstanceName', 'Status'] },
) as fc.Arbitrary<ServiceInstance>;
const diagnosis = fc.array(
  fc.record({ Error: text, Causes: fc.array(text, { maxLength: 4 }), Advices: fc.array(text, { maxLength: 6 }) }),
  { maxLength: 5 },
);
const snapshot: fc.Arbitrary<ServiceSnapshot> = fc.record(
  { status: text, running: fc.nat(), pending: fc.nat(), total: fc.nat(), reason: text, endpoint: text },
  { requiredKeys: ['status', 'running', 'pending', 'total'] },
) as fc.Arbitrary<ServiceSnapshot>;
const episodeKind = fc.constantFrom('deploy' as const, 'start' as const, 'restart' as const, 'scale-up' as const);

const classification: fc.Arbitrary<Classification> = fc.record(
  {
    cause: fc.constantFrom('oss_permission' as const, 'out_of_memory' as const, 'unknown' as const),
    title: text,
    evidence: fc.array(
      fc.record({
        source: fc.constantFrom(
          'reason' as const,
          'event' as const,
          'log' as const,
          'diagnosis' as const,
          'instance' as const,
        ),
        line: text,
      }),
      { maxLength: 5 },
    ),
    nextStep: text,
    bucket: text,
  },
  { requiredKeys: ['cause', 'title', 'evidence', 'nextStep'] },
) as fc.Arbitrary<Classification>;
const ossExplanation = fc.record({ title: text, lines });
const origin = fc.option(
  fc.record({
    creator: maybe,
    consoleUrl: fc.oneof(
      fc.tuple(text, text, text).map(([r, w, j]) => consoleLinks.dlcConsoleUrl(r, w, j)),
      fc.tuple(text, text).map(([r, w]) => consoleLinks.dlcJobListConsoleUrl(r, w)),
    ),
    launched: fc.boolean(),
    jobList: fc.option(fc.boolean(), { nil: undefined }),
  }),
  { nil: undefined },
);

const SUBMIT: DlcSubmitJob = {
  type: 'dlc.submit',
  requester: { userId: 'U0REQ', channelId: 'C0PROD' },
  workspace: { name: 'prod', id: '100002' },
  command: {
    kind: 'dlc.submit',
    name: 'job',
    image: 'img',
    command: 'run',
    jobType: 'PyTorchJob',
    workers: 1,
    data: [],
    env: {},
    spot: false,
    skipPreflight: false,
  },
  requestKey: 'rk',
};
const approval: fc.Arbitrary<ApprovalRequest> = fc
  .record({
    id: fc.stringMatching(/^ar-[a-z0-9]{8}$/),
    title: text,
    details: lines,
    keyFields: fc.option(
      fc.array(
        fc.record({ label: fc.oneof(fc.constantFrom('Workspace', 'Image', 'Command (as typed)'), text), value: text }),
        { maxLength: 10 },
      ),
      { nil: undefined },
    ),
    requester: userId,
    workspace: fc.record({ name: text, id: text }),
    approvers: mentionIds,
    status: fc.constantFrom<ApprovalRequest['status']>(
      'pending',
      'approved',
      'executing',
      'executed',
      'failed',
      'rejected',
      'expired',
      'cancelled',
    ),
    required: fc.integer({ min: 1, max: 9 }),
    expiresAt: when,
    votes: fc.array(
      fc.record({ user: userId, at: when, via: fc.constantFrom('reaction' as const, 'button' as const) }),
      { maxLength: 12 },
    ),
    decidedBy: fc.option(userId, { nil: undefined }),
    outcome: maybe,
    estimate: maybe,
    version: fc.nat(),
  })
  .map(({ keyFields, decidedBy, outcome, estimate: e, ...r }) => ({
    ...r,
    action: SUBMIT,
    actionHash: 'h',
    channelId: 'C0PROD',
    createdAt: 0,
    ...(keyFields !== undefined ? { keyFields } : {}),
    ...(decidedBy !== undefined ? { decidedBy } : {}),
    ...(outcome !== undefined ? { outcome } : {}),
    ...(e !== undefined ? { estimate: e } : {}),
  }));

const episode: fc.Arbitrary<OpenEpisode> = fc.record(
  {
    id: episodeId,
    resource: text,
    kind: fc.constantFrom('oss_403' as const, 'cold_start' as const, 'failed' as const),
    workspaceId: text,
    title: text,
    channel: fc.oneof(fc.constant(ALERTS_CHANNEL), text),
    ts: fc.constant('1.2'),
    openedAt: when,
    ackedBy: userId,
    ackedAt: when,
    mutedUntil: when,
    mutedBy: userId,
  },
  { requiredKeys: ['id', 'resource', 'kind', 'workspaceId', 'title', 'channel', 'ts', 'openedAt'] },
) as fc.Arbitrary<OpenEpisode>;

const trackedService: fc.Arbitrary<TrackedService> = fc
  .record({
    service: text,
    workspace: fc.record({ name: text, id: text }),
    requester: userId,
    image: maybe,
    last: snapshot,
    episode: fc.option(fc.record({ kind: episodeKind, startedAt: when }), { nil: undefined }),
    readyTimes: fc.array(fc.record({ kind: episodeKind, ms: fc.nat(), at: when }), { maxLength: 10 }),
  })
  .map(({ image, episode: e, ...s }) => ({
    ...s,
    channelId: 'C0DEV',
    rev: 1,
    ...(image !== undefined ? { image } : {}),
    ...(e !== undefined ? { episode: e } : {}),
  }));

const alertContext = fc
  .record({
    service: text,
    workspace: text,
    mention: mentionIds,
    snapshot,
    external: fc.boolean(),
    createdBy: maybe,
    region: text,
    workspaceId: text,
  })
  .map(({ region, workspaceId, createdBy, ...a }) => ({
    ...a,
    consoleUrl: consoleLinks.easConsoleUrl(region, workspaceId, a.service),
    ...(createdBy !== undefined ? { createdBy } : {}),
  }));
const diag = fc.record({ instances: fc.array(instance, { maxLength: 12 }), warnings: serviceEvents, diagnosis });

const workspaceConfig: fc.Arbitrary<WorkspaceConfig> = fc.record({
  name: text,
  id: text,
  env: fc.constantFrom('dev' as const, 'prod' as const),
  channels: fc.array(fc.constantFrom('C0DEV', 'C0PROD'), { maxLength: 2 }),
  approvers: fc.constant([]),
  approvals_required: fc.integer({ min: 1, max: 5 }),
}) as unknown as fc.Arbitrary<WorkspaceConfig>;

/** Blocks an alert may come back with in a click's payload: whatever the bot posted, up to the 50 allowed. */
const postedAlertBlocks = fc.tuple(episodeId, fc.array(text, { maxLength: 49 })).map(([id, texts]) => ({
  id,
  blocks: [
    ...texts
      .slice(0, 49)
      .map((t) => ({ type: 'section', text: { type: 'mrkdwn', text: mrkdwn.escapeWithin(t, 3_000) || ' ' } })),
    alertControls.alertControlsBlock(id),
  ],
}));

/** mrkdwn as renderers build it (escaped text, code, fences, the bot's mentions, dates, links): what the block builders get. */
const built: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      text.map(mrkdwn.escapeMrkdwn),
      text.map(mrkdwn.code),
      text.map(mrkdwn.codeBlock),
      fc.constantFrom('<@U0REQ>', '<!subteam^S0ONCALL>', `<#${ALERTS_CHANNEL}>`, '*', '_', '\n', ' · ', ':x: '),
      when.map(alertControls.slackDate),
      fc.tuple(text, text, text).map(([r, w, j]) => `<${consoleLinks.dlcConsoleUrl(r, w, j)}|Open in the PAI console>`),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const homeChannel = fc.oneof(fc.constantFrom(...HOME_CHANNELS), notAnId);
const trackedJob: fc.Arbitrary<TrackedJob> = fc
  .record({
    jobId: text,
    name: text,
    workspace: fc.record({ name: text, id: text }),
    channelId: homeChannel,
    cardTs: fc.option(fc.oneof(fc.constant('1700000000.000100'), text), { nil: undefined }),
    requester: userId,
    status: fc.oneof(fc.constantFrom('Running', 'Queuing'), text),
    submittedAt: when,
  })
  .map(({ cardTs, ...j }) => ({
    ...j,
    jobType: 'PyTorchJob',
    workers: 1,
    image: 'img:1',
    misses: 0,
    rev: 1,
    ...(cardTs !== undefined ? { cardTs } : {}),
  }));
/** One user's App Home: short lists, or lists far longer than a view holds. */
const homeData = fc
  .record({
    user: userId,
    region: text,
    now: when,
    jobs: fc.oneof(fc.array(trackedJob, { maxLength: 3 }), fc.array(trackedJob, { minLength: 40, maxLength: 80 })),
    services: fc.oneof(
      fc.array(trackedService, { maxLength: 3 }),
      fc.array(trackedService, { minLength: 40, maxLength: 80 }),
    ),
    decidable: fc.oneof(fc.array(approval, { maxLength: 3 }), fc.array(approval, { minLength: 20, maxLength: 40 })),
    alerts: fc.oneof(fc.array(episode, { maxLength: 3 }), fc.array(episode, { minLength: 20, maxLength: 40 })),
    workspaces: fc.array(
      fc.record({
        name: text,
        id: text,
        env: fc.constantFrom('dev' as const, 'prod' as const),
        channels: fc.array(fc.oneof(fc.constantFrom(...HOME_CHANNELS), notAnId), { maxLength: 30 }),
      }),
      { maxLength: 40 },
    ),
  })
  .map((d) => ({ ...d, decidable: d.decidable.map((r) => ({ ...r, messageTs: '1700000000.000200' })) }));

// ---------------------------------------------------------------------------------------------------------------------
// One driver per renderer: what it is given and what it returns. Each is run on hostile input and every result checked.

type Output =
  | { message: SlackMessage }
  | { homeView: { type: string; blocks: readonly unknown[] } }
  | { modalView: ModalView }
  | { list: readonly SlackMessage[] }
  | { blocks: readonly unknown[] }
  | { sections: readonly string[] }
  | { problems: string[] };
interface Driver {
  /** The renderer's arguments; a failure reports these, not the (long) rendering. */
  input: fc.Arbitrary<unknown[]>;
  render(...args: never[]): Output;
  runs?: number;
}
const drive = <A extends unknown[]>(input: fc.Arbitrary<A>, render: (...args: A) => Output, runs?: number): Driver => ({
  input,
  render: render as unknown as Driver['render'],
  ...(runs ? { runs } : {}),
});
const message = (m: SlackMessage): Output => ({ message: m });
const only = <T>(v: T | undefined, key: string) => (v === undefined ? {} : { [key]: v });

type ModalView = { type: string; blocks: readonly unknown[]; private_metadata: string } & Record<string, unknown>;
const named = text.filter((s) => s !== '');
const formData = fc.record({
  workspaces: fc.array(fc.record({ name: named, env: fc.constantFrom('dev', 'prod') }), { maxLength: 120 }),
  defaultWorkspace: fc.option(named, { nil: undefined }),
  perHour: fc.dictionary(named, fc.double({ min: 0.0001, max: 1e9, noNaN: true }), { maxKeys: 120 }),
  currency: fc.constantFrom('CNY', 'USD'),
  privateMetadata: fc.oneof(text, fc.constant('{"c":"C0DEV"}')),
});

const ecsSpec: fc.Arbitrary<EcsSpec> = fc.record(
  {
    InstanceType: fc.oneof(
      { weight: 8, arbitrary: fc.stringMatching(/^ecs\.[a-z0-9-]{1,30}\.[a-z0-9]{1,12}$/) },
      { weight: 1, arbitrary: named },
      { weight: 1, arbitrary: fc.constantFrom('ecs.g6.xlarge', `ecs.${'x'.repeat(70)}`, `ecs.${'x'.repeat(160)}`) },
    ),
    AcceleratorType: fc.constantFrom('GPU', 'CPU', 'gpu', ''),
    Cpu: fc.double({ min: 0, max: 1e6, noNaN: true }),
    Memory: fc.double({ min: 0, max: 1e7, noNaN: true }),
    Gpu: fc.integer({ min: 0, max: 64 }),
    GpuType: text,
    IsAvailable: fc.boolean(),
  },
  { requiredKeys: ['InstanceType'] },
);

/** EAS's DescribeMachineSpec items, as the deploy form's menu gets them (refresh-eas-specs.ts puts them in EcsSpec's shape). */
const easSpec: fc.Arbitrary<EcsSpec> = fc
  .record(
    {
      InstanceType: fc.oneof(fc.stringMatching(/^(ecs|ml)\.[a-z0-9-]{1,30}\.[a-z0-9.-]{1,20}$/), named),
      CPU: fc.double({ min: 0, max: 1e6, noNaN: true }),
      Memory: fc.double({ min: 0, max: 1e7, noNaN: true }),
      GPU: text,
      GPUAmount: fc.integer({ min: 0, max: 64 }),
      IsAvailable: fc.boolean(),
      StockStatus: fc.constantFrom('WithStock', 'ClosedWithStock', 'NoStock', ''),
    },
    { requiredKeys: ['InstanceType'] },
  )
  .map(machineSpecToEcsSpec);

const DRIVERS: Record<string, Driver> = {
  'submit-form/renderSubmitForm': drive(
    fc.tuple(formData),
    (d) => {
      const { defaultWorkspace, ...rest } = d;
      const data = { ...rest, ...only(defaultWorkspace, 'defaultWorkspace'), defaultInstance: 'ecs.g6.xlarge' };
      return { modalView: submitForm.renderSubmitForm(data) };
    },
    30,
  ),
  'submit-form/renderFormRefusal': drive(fc.tuple(named, named), (title, why) => ({
    modalView: { private_metadata: '', ...submitForm.renderFormRefusal(title, why) },
  })),
  'submit-form/renderDeployForm': drive(
    fc.tuple(formData, named),
    (d, defaultInstance) => {
      const { defaultWorkspace, ...rest } = d;
      const data = { ...rest, ...only(defaultWorkspace, 'defaultWorkspace'), defaultInstance };
      return { modalView: submitForm.renderDeployForm(data) };
    },
    30,
  ),
  'instance-options/renderInstanceOptions': drive(
    fc.tuple(
      fc.option(
        fc.oneof(
          fc.array(ecsSpec),
          fc.array(ecsSpec, { minLength: 150, maxLength: 300 }),
          fc.array(easSpec, { maxLength: 150 }),
        ),
        { nil: undefined },
      ),
      fc.dictionary(named, fc.double({ min: 0.0001, max: 1e9, noNaN: true }), { maxKeys: 150 }),
      fc.oneof(text, fc.constantFrom('', 'gpu', 'a10 8', 'ecs.')),
      named,
    ),
    (specs, perHour, query, defaultInstance) => ({
      problems: optionsAnswerProblems(
        instanceOptions.renderInstanceOptions({ specs, perHour, currency: 'CNY', query, defaultInstance }),
      ),
    }),
  ),
  'service-forms/renderScaleForm': drive(
    fc.tuple(text, fc.option(fc.nat(), { nil: undefined }), fc.oneof(text, fc.constant('{"c":"C0DEV","s":"x"}'))),
    (service, replicas, privateMetadata) => ({
      modalView: { ...serviceForms.renderScaleForm({ service, privateMetadata, ...only(replicas, 'replicas') }) },
    }),
  ),
  'service-forms/renderTrafficForm': drive(fc.tuple(text, text), (service, privateMetadata) => ({
    modalView: { ...serviceForms.renderTrafficForm({ service, privateMetadata }) },
  })),
  'app-home/renderAppHome': drive(
    fc.tuple(homeData, maybe),
    // A notice is mrkdwn its maker escaped (home-notice.ts).
    (d, notice) => ({
      homeView: appHome.renderAppHome(d, notice === undefined ? {} : { notice: mrkdwn.escapeMrkdwn(notice) }),
    }),
    20,
  ),
  'home-notice/voteNotice': drive(
    fc.tuple(
      fc.constantFrom('approve' as const, 'reject' as const),
      userId,
      maybe,
      fc.option(approval, { nil: undefined }),
    ),
    (intent, user, ignored, request) => ({
      sections: [homeNotice.voteNotice({ intent, user, ...only(ignored, 'ignored'), ...only(request, 'request') })],
    }),
  ),
  'alert-controls/alertControlsBlock': drive(fc.tuple(episodeId, fc.boolean()), (id, acknowledged) => ({
    blocks: [alertControls.alertControlsBlock(id, { acknowledged })],
  })),
  'alert-controls/acknowledgementBlock': drive(fc.tuple(userId, when), (u, at) => ({
    blocks: [alertControls.acknowledgementBlock(u, at)],
  })),
  'alert-controls/acknowledgedBlocks': drive(fc.tuple(postedAlertBlocks, userId, when), (p, u, at) => ({
    blocks: alertControls.acknowledgedBlocks(p.blocks, p.id, u, at),
  })),
  'alert-controls/acknowledgedFallback': drive(fc.tuple(text, episodeId, userId, when), (t, id, u, at) => ({
    blocks: alertControls.acknowledgedFallback(t, id, u, at),
  })),
  'alert-list/renderAlertList': drive(
    fc.tuple(
      fc.oneof(fc.array(episode, { maxLength: 5 }), fc.array(episode, { minLength: 40, maxLength: 60 })),
      when,
      maybe,
    ),
    (es, now, ws) =>
      message(
        alertList.renderAlertList(es, {
          now,
          workspaceNames: new Map(es.map((e) => [e.workspaceId, e.title])),
          ...only(ws, 'workspace'),
        }),
      ),
    30,
  ),
  'approval-body/keyFieldSections': drive(
    fc.tuple(fc.array(fc.record({ label: text, value: text }), { maxLength: 8 })),
    (fs) => ({ sections: approvalBody.keyFieldSections(fs) }),
    40,
  ),
  'approval-request/renderApprovalRequest': drive(
    fc.tuple(
      approval,
      when,
      fc.option(
        fc.record({
          url: fc.oneof(
            fc.tuple(text, text, text).map(([r, w, s]) => consoleLinks.easConsoleUrl(r, w, s)),
            fc.tuple(text, text).map(([r, w]) => consoleLinks.dlcJobListConsoleUrl(r, w)),
          ),
          list: fc.boolean(),
        }),
        { nil: undefined },
      ),
    ),
    (r, now, consoleLink) =>
      message(
        approvalRequest.renderApprovalRequest(r, {
          approveEmoji: 'white_check_mark',
          rejectEmoji: 'x',
          now,
          ...(consoleLink ? { consoleLink } : {}),
        }),
      ),
    40,
  ),
  'approval-request/renderApprovalThreadParts': drive(
    fc.tuple(approval),
    (r) => ({ list: approvalRequest.renderApprovalThreadParts(r) }),
    40,
  ),
  'approval-request/renderPendingList': drive(
    fc.tuple(
      fc.oneof(fc.array(approval, { maxLength: 3 }), fc.array(approval, { minLength: 25, maxLength: 70 })),
      fc.nat(50),
      when,
    ),
    (rs, hidden, now) => message(approvalRequest.renderPendingList(rs, hidden, now)),
    25,
  ),
  'eas-confirm/renderConfirmation': drive(
    fc.tuple(
      fc.oneof(
        fc.record({
          verb: fc.constantFrom('stop' as const, 'delete' as const),
          service: fc.oneof(fc.stringMatching(/^[a-z][a-z0-9_]{0,63}$/), text),
        }),
        fc.record({
          verb: fc.constant('dsw-stop' as const),
          instanceId: fc.oneof(fc.stringMatching(/^dsw-[a-z0-9]{4,60}$/), text),
          saveImage: fc.boolean(),
          workspace: fc.record({ name: fc.oneof(fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/), text), id: text }),
        }),
      ),
    ),
    (v) => message(easConfirm.renderConfirmation(v)),
  ),
  'failure-cause/renderCause': drive(fc.tuple(classification), (c) => ({ sections: [failureCause.renderCause(c)] })),
  'failure-cause/renderJobFailedAlert': drive(
    fc.tuple(mentionIds, fc.record({ name: text, jobId: text }), text, classification, origin),
    (m, j, ws, c, o) => message(failureCause.renderJobFailedAlert(m, j, ws, c, o)),
  ),
  'failure-cause/renderOssAlert': drive(fc.tuple(mentionIds, text, text, ossExplanation, origin), (m, r, ws, e, o) =>
    message(failureCause.renderOssAlert(m, r, ws, e, o)),
  ),
  'failure-cause/renderServiceFailedReply': drive(fc.tuple(text, userId, classification), (svc, u, c) =>
    message(failureCause.renderServiceFailedReply(svc, u, c)),
  ),
  'failure-cause/renderRepeat': drive(fc.tuple(text, text), (r, w) => message(failureCause.renderRepeat(r, w))),
  'job-card/renderJobCard': drive(
    fc.tuple(
      fc.record({
        name: text,
        jobId: maybe,
        workspace: text,
        status: fc.oneof(text, fc.constantFrom('Succeeded', 'Failed', 'Stopped')),
        requester: userId,
        jobType: text,
        workers: fc.nat(1_000),
        instance: maybe,
        image: text,
        reason: maybe,
        elapsedMs: fc.option(fc.nat(), { nil: undefined }),
        cost: fc.option(
          fc.record({ estimates: fc.array(estimate, { maxLength: 8 }), spot }, { requiredKeys: ['estimates'] }),
          {
            nil: undefined,
          },
        ),
        place: fc.option(fc.record({ region: text, workspaceId: text }), { nil: undefined }),
        rerun: fc.option(fc.boolean(), { nil: undefined }),
      }),
    ),
    (v) => message(jobCard.renderJobCard(v as Parameters<typeof jobCard.renderJobCard>[0])),
  ),
  'gallery-list/renderGalleryList': drive(
    fc.tuple(
      fc.record(
        {
          task: maybe,
          search: maybe,
          models: fc.oneof(fc.array(model, { maxLength: 4 }), fc.array(model, { minLength: 20, maxLength: 60 })),
          total: count,
          tasks: fc.option(fc.array(text, { maxLength: 60 }), { nil: undefined }),
        },
        { requiredKeys: ['models', 'total'] },
      ),
    ),
    (v) => message(galleryList.renderGalleryList(v as Parameters<typeof galleryList.renderGalleryList>[0])),
    30,
  ),
  'job-details/renderJobDetails': drive(fc.tuple(job, lines), (j, es) => message(jobDetails.renderJobDetails(j, es))),
  'job-list/renderJobList': drive(
    fc.tuple(
      fc.record({
        workspace: text,
        status: maybe,
        mine: fc.boolean(),
        jobs: fc.oneof(fc.array(job, { maxLength: 4 }), fc.array(job, { maxLength: 40 })),
        total: count,
      }),
    ),
    (v) => message(jobList.renderJobList(v as Parameters<typeof jobList.renderJobList>[0])),
    30,
  ),
  'notebook-digest/renderNotebookDigest': drive(
    fc.tuple(
      fc.constantFrom('dev', 'prod', 'a'.repeat(64)),
      fc.oneof(
        fc.array(
          fc.record({
            instanceId: text,
            name: text,
            ecsSpec: maybe,
            runningMs: when,
            idleMinutes: fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
            reason: fc.constantFrom('idle' as const, 'no-policy' as const),
            price: fc.option(fc.tuple(text, fc.double({ min: 0.001, max: 1e6, noNaN: true })), { nil: undefined }),
            // Hostile text, and links as PAI gives them with hostile text in their path or query.
            url: fc.option(
              fc.oneof(
                text,
                text.map((t) => `https://dsw-cn-shanghai.data.aliyun.com/notebook.htm?instance=${t}`),
                text.map((t) => `https://evil.example.com/${t}`),
              ),
              { nil: undefined },
            ),
          }),
          { maxLength: 40 },
        ),
      ),
      when,
    ),
    (workspace, notebooks, every) =>
      message(
        notebookDigest.renderNotebookDigest({
          workspace,
          idleAfterMs: every,
          digestEveryMs: every,
          notebooks: notebooks.map(({ price, ...n }) => ({
            ...n,
            ...(price
              ? {
                  costSoFar: {
                    amount: price[1] * (n.runningMs / 3_600_000),
                    currency: 'CNY',
                    per: 'total' as const,
                    units: n.runningMs / 3_600_000,
                    price: { instanceType: price[0], perHour: price[1], currency: 'CNY', source: 'config' as const },
                  },
                }
              : {}),
          })),
        }),
      ),
    30,
  ),
  'job-logs/renderJobLogs': drive(fc.tuple(text, text, lines), (j, p, ls) => message(jobLogs.renderJobLogs(j, p, ls))),
  'job-transition/renderTransition': drive(
    fc.tuple(
      fc.record({
        name: text,
        jobId: text,
        from: text,
        to: fc.oneof(fc.constantFrom('Running', 'Failed', 'Succeeded', 'Stopped'), text),
        requester: userId,
        reasonCode: maybe,
        reasonMessage: maybe,
        elapsedMs: fc.option(fc.nat(), { nil: undefined }),
      }),
    ),
    (t) => message(jobTransition.renderTransition(t as Parameters<typeof jobTransition.renderTransition>[0])),
  ),
  'notebook-change/renderNotebookChange': drive(
    fc.tuple(
      fc.record({ requester: userId, instanceId: text, name: maybe, workspace: text, change: notebookChangeDone }),
    ),
    (v) => message(notebookChange.renderNotebookChange(v as notebookChange.NotebookChangeView)),
  ),
  'notebook-list/renderNotebookList': drive(
    fc.tuple(
      fc.record({
        workspace: text,
        status: maybe,
        idle: fc.boolean(),
        idleAfterMs: fc.nat(),
        notebooks: fc.oneof(fc.array(notebook, { maxLength: 4 }), fc.array(notebook, { maxLength: 60 })),
      }),
    ),
    (v) => message(notebookList.renderNotebookList(v as notebookList.NotebookListView)),
    30,
  ),
  'notebook-status/renderNotebookStatus': drive(fc.tuple(notebook, text), (i, ws) =>
    message(notebookStatus.renderNotebookStatus(i, ws)),
  ),
  'oss-check/renderOssCheck': drive(fc.tuple(fc.boolean(), ossExplanation), (ok, e) =>
    message(ossCheck.renderOssCheck(ok, e)),
  ),
  'service-card/renderServiceCard': drive(
    fc.tuple(trackedService, when, fc.option(estimate, { nil: undefined }), fc.option(text, { nil: undefined })),
    (s, now, burn, region) => message(serviceCard.renderServiceCard(s, now, burn, region)),
  ),
  'cost-report/renderCostReport': drive(
    fc.tuple(
      fc.record({
        workspace: text,
        sinceMs: fc.integer({ min: 3_600_000, max: 30 * 86_400_000 }),
        services: costPart,
        notebooks: costPart,
        jobs: costPart,
        hourly: totals,
        ended: totals,
      }),
    ),
    (v) => message(costReport.renderCostReport(v)),
    30,
  ),
  'service-details/renderServiceDetails': drive(
    fc.tuple(
      service,
      fc.array(instance, { maxLength: 14 }),
      serviceEvents,
      fc.array(fc.record({ kind: episodeKind, ms: fc.nat(), at: when }), { maxLength: 10 }),
    ),
    (s, is, ws, rt) => message(serviceDetails.renderServiceDetails(s, is, ws, rt)),
  ),
  'service-details/renderServiceList': drive(
    fc.tuple(text, fc.oneof(fc.array(service, { maxLength: 4 }), fc.array(service, { maxLength: 70 })), count),
    (ws, ss, total) => message(serviceDetails.renderServiceList(ws, ss, total)),
    30,
  ),
  'service-details/renderServiceEvents': drive(fc.tuple(text, serviceEvents), (s, es) =>
    message(serviceDetails.renderServiceEvents(s, es)),
  ),
  'service-messages/renderServiceTransition': drive(fc.tuple(snapshot, snapshot), (a, b) =>
    message(serviceMessages.renderServiceTransition(a, b)),
  ),
  'service-messages/renderReadyReply': drive(
    fc.tuple(text, userId, episodeKind, fc.nat(), snapshot),
    (s, u, k, ms, snap) => message(serviceMessages.renderReadyReply(s, u, k, ms, snap)),
  ),
  'service-messages/renderColdStartAlert': drive(fc.tuple(alertContext, episodeKind, fc.nat(), diag), (a, k, ms, d) =>
    message(serviceMessages.renderColdStartAlert(a, k, ms, d)),
  ),
  'service-messages/renderFailedAlert': drive(fc.tuple(alertContext, diag), (a, d) =>
    message(serviceMessages.renderFailedAlert(a, d)),
  ),
  'service-messages/renderAlertReadyReply': drive(fc.tuple(text, fc.nat()), (s, ms) =>
    message(serviceMessages.renderAlertReadyReply(s, ms)),
  ),
  'service-messages/renderAlertHeldNote': drive(
    fc.tuple(
      fc.record({
        noun: fc.constantFrom('service' as const, 'job' as const),
        name: text,
        workspace: text,
        reason: fc.constantFrom('episode_alerted' as const, 'dev_hourly_cap' as const),
        recent: fc.nat(),
        maxPerHour: fc.nat(5),
        episode: maybe,
      }),
    ),
    (h) => message(serviceMessages.renderAlertHeldNote(h as Parameters<typeof serviceMessages.renderAlertHeldNote>[0])),
  ),
  'sections/section': drive(fc.tuple(built), (t) => ({ blocks: [sections.section(t)] })),
  'sections/fieldsSection': drive(
    fc.tuple(fc.array(built, { maxLength: 14 })),
    (fs) => ({ blocks: [sections.fieldsSection(fs)] }),
    30,
  ),
  'sections/contextBlock': drive(fc.tuple(built), (t) => ({ blocks: [sections.contextBlock(t)] })),
  'sections/headerBlock': drive(fc.tuple(text), (t) => ({ blocks: [sections.headerBlock(t)] })),
  'sections/messageText': drive(
    fc.tuple(
      fc.oneof(
        built,
        fc.array(built, { maxLength: 30 }).map((a) => a.join('\n')),
      ),
    ),
    (t) => message({ text: sections.messageText(t) }),
  ),
  'sections/withMentionsInText': drive(
    fc.tuple(fc.array(built, { maxLength: 50 }), built),
    (ts, t) =>
      message(sections.withMentionsInText({ text: sections.messageText(t), blocks: ts.map(sections.section) })),
    25,
  ),
  'sections/packWithin': drive(
    fc.tuple(fc.array(built, { maxLength: 120 }), fc.integer({ min: 1, max: 50 }), fc.nat(1_000)),
    (ls, n, hidden) => ({
      blocks: sections.packWithin(ls, n, (k) => `…and ${k} more.`, { hidden }).map(sections.section),
    }),
    25,
  ),
  'mrkdwn/fitMrkdwn': drive(fc.tuple(built, fc.integer({ min: 1, max: 3_000 })), (t, max) => {
    const out = mrkdwn.fitMrkdwn(t, max);
    const kept = out.replace(/…(?:`|```)?$/, '');
    return {
      problems: [
        ...(out.length > max ? [`${out.length} > ${max}`] : []),
        ...(t.length <= max && out !== t ? ['changed text that fitted'] : []),
        ...(t.startsWith(kept) ? [] : ['not a start of the text']),
        ...mrkdwnProblems(out, 'fitted'),
      ],
    };
  }),
  'workspace-list/renderWorkspaceList': drive(
    fc.tuple(
      fc.oneof(fc.array(workspaceConfig, { maxLength: 4 }), fc.array(workspaceConfig, { maxLength: 300 })),
      fc.array(fc.record({ WorkspaceName: text, Status: maybe }), { maxLength: 10 }),
    ),
    (cs, ps) =>
      message(
        workspaceList.renderWorkspaceList(
          cs,
          ps.map((p, i) => ({ ...p, WorkspaceId: cs[i]?.id ?? 'none' }) as never),
          'C0DEV',
        ),
      ),
    20,
  ),
};

/**
 * Exported functions that are not renderers, and why they need no driver here: each builds a piece the renderers
 * above put into blocks (so the blocks' checks cover it), parses input back, or answers a question. Anything exported
 * from src/render that is in neither table fails the coverage test below.
 */
const NOT_RENDERERS: Record<string, string> = {
  'notebook-digest/parseDigestButtonValue': 'parses a button value back',
  'notebook-digest/hours': 'a duration inside the digest lines',
  'cost-text/money': 'an amount, embedded in the estimate lines',
  'cost-text/costText': 'a one-line plain-text estimate that a card or request embeds',
  'cost-text/noPriceText': 'a one-line plain-text notice that a card or request embeds',
  'cost-text/noEstimateText': 'a one-line plain-text notice that a request or the cost report embeds',
  'cost-text/spotText': 'a one-line plain-text note that follows an estimate on a card, request or the cost report',
  'alert-controls/slackDate': 'a <!date> token inside texts (checked as an allowed token)',
  'alert-controls/episodeIdOfBlock': 'parses a block_id back',
  'alert-controls/isMuteChoice': 'a predicate',
  'approval-body/fence': 'a code block piece of keyFieldSections and the approval card',
  'approval-body/headWithin': 'a piece of keyFieldSections',
  'approval-body/splitEscaped': 'a piece of bodyPieces',
  'approval-body/bodyPieces': 'the body pieces of the approval card and thread',
  'approval-body/cutOf': 'says where the card cut the body',
  'approval-request/approvalButtons': 'the buttons of the request card and the App Home (driven inside both)',
  'console-links/easConsoleUrl':
    'a link target (driven inside the alerts; its token must match the allowed console link)',
  'console-links/dlcConsoleUrl': 'a link target (driven inside the alerts)',
  'console-links/dlcJobListConsoleUrl': 'a link target (driven inside the alerts)',
  'console-links/notebookUrl': 'a link check (driven inside the idle digest)',
  'app-home/messageLink': 'a link target (driven inside the App Home; its token must match the allowed card link)',
  'console-links/consoleLinkBlock': 'the link line of the job and service cards (driven inside them)',
  'instance-options/instanceLabel': 'an option’s text (driven inside renderInstanceOptions)',
  'instance-options/instanceOption': 'one option (driven inside renderInstanceOptions and both forms)',
  'service-card/parseServiceButtonValue': 'parses a button value back',
  'eas-confirm/parseConfirmValue': 'parses a button value back',
  'job-status-style/statusEmoji': 'an emoji name',
  'job-status-style/isFinal': 'a predicate',
  'notebook-status/notebookEmoji': 'an emoji name',
  'notebook-status/notebookDuration': 'a duration, embedded in the notebook status and list',
  'notebook-status/instanceTypeText': 'plain text the notebook status and list escape and embed',
  'mrkdwn/notifyingMentions': 'finds mentions; test/unit/render-mentions.test.ts',
  'mrkdwn/escapeMrkdwn': 'escaping; test/unit/render-mrkdwn.test.ts',
  'mrkdwn/escapedLength': 'a measure',
  'mrkdwn/escapeWithin': 'a piece; test/unit/render-mrkdwn.test.ts',
  'mrkdwn/code': 'a piece; test/unit/render-mrkdwn.test.ts',
  'mrkdwn/codeWithin': 'a piece; test/unit/render-mrkdwn.test.ts',
  'mrkdwn/codeBlock': 'a piece; test/unit/render-mrkdwn.test.ts',
  'mrkdwn/mention': 'a mention token',
  'mrkdwn/groupMention': 'a mention token',
  'sections/packLines': 'packs lines for packWithin (driven)',
  'service-status-style/serviceEmoji': 'an emoji name',
  'truncate/cutIndex': 'the cutting core under fitMrkdwn (driven) and truncateTo',
  'truncate/truncateTo': 'the cutting core; test/unit/render-mrkdwn.test.ts',
  'truncate/truncate': 'plain text cut; test/unit/render-mrkdwn.test.ts',
  'truncate/lastLinesFitting': 'picks log lines; test/unit/render-mrkdwn.test.ts',
  'truncate/lastLinesWithin': 'picks log lines; test/unit/render-mrkdwn.test.ts',
};

function problemsOf(out: Output): { problems: string[]; longest: number } {
  const o = out as Partial<{
    message: SlackMessage;
    blocks: readonly unknown[];
    sections: readonly string[];
    list: readonly SlackMessage[];
    problems: string[];
    homeView: { type: string; blocks: readonly unknown[] };
    modalView: ModalView;
  }>;
  if (o.problems) return { problems: o.problems, longest: 0 };
  if (o.homeView)
    return {
      problems: [
        ...(o.homeView.type === 'home' ? [] : [`view type ${o.homeView.type}`]),
        ...blocksProblems(o.homeView.blocks, LIMIT.homeBlocks),
      ],
      longest: longestSection({ text: 'x', blocks: o.homeView.blocks as never }),
    };
  if (o.modalView) {
    const v = o.modalView;
    return {
      problems: [
        ...(v.type === 'modal' ? [] : [`view type ${v.type}`]),
        // A modal without inputs may have no submit button.
        ...(['title', 'submit', 'close'] as const)
          .filter((k) => k === 'title' || v[k] !== undefined)
          .flatMap((k) => textObjectProblems(v[k], LIMIT.modalText, `modal ${k}`)),
        ...(v.private_metadata.length > LIMIT.privateMetadata ? ['private_metadata too long'] : []),
        ...blocksProblems(v.blocks, LIMIT.homeBlocks),
      ],
      longest: 0,
    };
  }
  if (o.list) {
    const each = o.list.map((m, i) => ({
      problems: messageProblems(m).map((p) => `message ${i}: ${p}`),
      longest: longestSection(m),
    }));
    return { problems: each.flatMap((e) => e.problems), longest: Math.max(0, ...each.map((e) => e.longest)) };
  }
  if (o.message) return { problems: messageProblems(o.message), longest: longestSection(o.message) };
  if (o.blocks)
    return { problems: blocksProblems(o.blocks), longest: longestSection({ text: 'x', blocks: o.blocks as never }) };
  const sections = o.sections ?? [];
  return {
    problems: sections.flatMap((s, i) => sectionTextProblems(s, `section ${i}`)),
    longest: Math.max(0, ...sections.map((s) => s.length)),
  };
}

// ---------------------------------------------------------------------------------------------------------------------

describe('every renderer within every Slack limit, on hostile input (property)', () => {
  for (const [name, driver] of Object.entries(DRIVERS)) {
    it(name, () => {
      fc.assert(
        fc.property(driver.input, (args) => {
          const { problems } = problemsOf(driver.render(...(args as never[])));
          expect(problems.slice(0, 5)).toEqual([]);
        }),
        // Bounded so the whole file stays within a few seconds on two busy cores.
        { numRuns: driver.runs ?? 50 },
      );
    });
  }
});

describe('the cases the issue names', () => {
  const approvalFull = (command: string): ApprovalRequest =>
    pendingRequest({
      action: SUBMIT,
      title: `dlc submit ${command}`,
      details: ['CreateJob  POST /api/v1/jobs', command],
      keyFields: [{ label: 'Command (as typed)', value: command }],
      requester: 'U0REQ',
    });

  it('an approval request for a command full of &', () => {
    for (const command of ['&'.repeat(3_990), `python x.py ${'&&<>'.repeat(990)}`]) {
      const m = approvalRequest.renderApprovalRequest(approvalFull(command), {
        approveEmoji: 'a',
        rejectEmoji: 'b',
        now: 0,
      });
      expect(messageProblems(m)).toEqual([]);
      for (const part of approvalRequest.renderApprovalThreadParts(approvalFull(command)))
        expect(messageProblems(part)).toEqual([]);
    }
  });

  it('failure causes, EAS events, status and alerts full of & < >', () => {
    const amp = '&<>'.repeat(1_000);
    const cause: Classification = {
      cause: 'unknown',
      title: amp,
      evidence: Array.from({ length: 5 }, () => ({ source: 'log' as const, line: amp.slice(0, 300) })),
      nextStep: amp,
    };
    const events: ServiceEvent[] = Array.from({ length: 30 }, () => ({
      Time: '2024-01-01T00:00:00Z',
      Type: 'Warning',
      Reason: 'X',
      Message: amp.slice(0, 390),
    }));
    const snap: ServiceSnapshot = { status: 'Failed', running: 0, pending: 1, total: 1, reason: amp };
    const ctx = { service: 'svc', workspace: 'dev', mention: ['S0ONCALL'], snapshot: snap };
    const d = { instances: [], warnings: events, diagnosis: [] };
    const outputs: [string, Output][] = [
      ['renderCause', { sections: [failureCause.renderCause(cause)] }],
      ['renderServiceEvents', message(serviceDetails.renderServiceEvents('svc', events))],
      [
        'renderServiceDetails',
        message(serviceDetails.renderServiceDetails({ ServiceName: 'svc', Status: 'Failed' }, [], events, [])),
      ],
      ['renderColdStartAlert', message(serviceMessages.renderColdStartAlert(ctx, 'deploy', 60_000, d))],
      ['renderFailedAlert', message(serviceMessages.renderFailedAlert(ctx, d))],
      [
        'renderOssAlert',
        message(
          failureCause.renderOssAlert(['S0ONCALL'], 'oss://b/p', 'dev', {
            title: 'Denied',
            lines: Array.from({ length: 10 }, () => amp.slice(0, 600)),
          }),
        ),
      ],
    ];
    for (const [name, out] of outputs) expect(problemsOf(out).problems, name).toEqual([]);
  });
});

describe('coverage', () => {
  it('drives every renderer exported from src/render, or says why a function there is not one', async () => {
    const dir = fileURLToPath(new URL('../../src/render/', import.meta.url));
    const exported: string[] = [];
    for (const file of readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .sort()) {
      const mod = (await import(`${dir}${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod))
        if (typeof value === 'function') exported.push(`${file.replace(/\.ts$/, '')}/${name}`);
    }
    const known = new Set([...Object.keys(DRIVERS), ...Object.keys(NOT_RENDERERS)]);
    expect(
      exported.filter((e) => !known.has(e)),
      'exported from src/render but neither driven here nor listed in NOT_RENDERERS',
    ).toEqual([]);
    expect(
      [...known].filter((k) => !exported.includes(k)),
      'listed here but no longer exported',
    ).toEqual([]);
  });
});
