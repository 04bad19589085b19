// What Slack refuses about the select menus of an input block and about the options an external_select loads, from
// Slack's Block Kit reference (docs.slack.dev reference/block-kit/block-elements/select-menu-element, …/blocks/input-block,
// …/composition-objects/option-object and option-group-object):
//   input: label plain_text ≤ 2000, hint plain_text ≤ 2000, an element with an action_id ≤ 255;
//   static_select: 1‥100 options or 1‥100 option_groups, an initial_option that is one of them;
//   external_select: no options of its own, min_query_length a whole number ≥ 0, initial_option well-formed;
//   an option: text plain_text 1‥75, value 1‥150; a group: label plain_text ≤ 75, 1‥100 options;
//   the answer to a block_suggestion: `options` (≤ 100) or `option_groups` (≤ 100), not both.
// The fake Slack sends no block_suggestion itself: the test harness and the sandbox console play that part of Slack
// and check the bot's answer with checkOptionsAnswer.

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const MAX_OPTIONS = 100;
const OPTION_TEXT = 75;
const OPTION_VALUE = 150;
const LABEL = 2_000;
const PLACEHOLDER = 150;
const ACTION_ID = 255;

function plainText(v: unknown, max: number, where: string): string[] {
  if (!isObj(v) || v.type !== 'plain_text' || typeof v.text !== 'string') return [`${where} must be plain_text`];
  if (v.text.length === 0) return [`${where} is empty`];
  return v.text.length > max ? [`${where} longer than ${max}`] : [];
}

function optionProblems(o: unknown, where: string): string[] {
  if (!isObj(o)) return [`${where}: not an option object`];
  const problems = plainText(o.text, OPTION_TEXT, `${where} text`);
  if (typeof o.value !== 'string' || o.value.length === 0 || o.value.length > OPTION_VALUE)
    problems.push(`${where} value missing or longer than ${OPTION_VALUE}`);
  return problems;
}

/** A list of options (≤ 100) or of groups (≤ 100, each with a label and 1‥100 options); `where` names it. */
function listProblems(options: unknown, groups: unknown, where: string, allowEmpty: boolean): string[] {
  if ((options === undefined) === (groups === undefined)) return [`${where}: exactly one of options and option_groups`];
  if (options !== undefined) {
    if (!Array.isArray(options)) return [`${where}: options must be a list`];
    if (options.length > MAX_OPTIONS) return [`${where}: more than ${MAX_OPTIONS} options`];
    if (options.length === 0 && !allowEmpty) return [`${where}: no options`];
    return options.flatMap((o, i) => optionProblems(o, `${where} option ${i}`));
  }
  if (!Array.isArray(groups)) return [`${where}: option_groups must be a list`];
  if (groups.length > MAX_OPTIONS) return [`${where}: more than ${MAX_OPTIONS} option_groups`];
  if (groups.length === 0 && !allowEmpty) return [`${where}: no option_groups`];
  return groups.flatMap((g, i) => {
    if (!isObj(g)) return [`${where} group ${i}: not an object`];
    const problems = plainText(g.label, OPTION_TEXT, `${where} group ${i} label`);
    if (!Array.isArray(g.options) || g.options.length === 0 || g.options.length > MAX_OPTIONS)
      return [...problems, `${where} group ${i}: 1‥${MAX_OPTIONS} options`];
    return [...problems, ...g.options.flatMap((o, j) => optionProblems(o, `${where} group ${i} option ${j}`))];
  });
}

const optionsOf = (el: Obj): Obj[] =>
  [
    ...(Array.isArray(el.options) ? el.options : []),
    ...(Array.isArray(el.option_groups)
      ? el.option_groups.flatMap((g) => (isObj(g) && Array.isArray(g.options) ? g.options : []))
      : []),
  ].filter(isObj);

function elementProblems(el: unknown, at: string): string[] {
  if (!isObj(el) || typeof el.type !== 'string') return [`${at}: element needs a type`];
  const where = `${at} ${el.type}`;
  const problems: string[] = [];
  if (typeof el.action_id === 'string' && el.action_id.length > ACTION_ID)
    problems.push(`${where}: action_id longer than ${ACTION_ID}`);
  if (el.placeholder !== undefined) problems.push(...plainText(el.placeholder, PLACEHOLDER, `${where} placeholder`));
  if (el.type === 'static_select') {
    problems.push(...listProblems(el.options, el.option_groups, where, false));
    if (el.initial_option !== undefined) {
      problems.push(...optionProblems(el.initial_option, `${where} initial_option`));
      const init = el.initial_option as Obj;
      if (
        !optionsOf(el).some(
          (o) => o.value === init.value && isObj(o.text) && isObj(init.text) && o.text.text === init.text.text,
        )
      )
        problems.push(`${where}: initial_option is not one of its options`);
    }
  } else if (el.type === 'external_select') {
    if (el.options !== undefined || el.option_groups !== undefined)
      problems.push(`${where}: an external_select loads its options; it has none of its own`);
    const min = el.min_query_length;
    if (min !== undefined && !(typeof min === 'number' && Number.isInteger(min) && min >= 0))
      problems.push(`${where}: min_query_length must be a whole number >= 0`);
    if (el.initial_option !== undefined) problems.push(...optionProblems(el.initial_option, `${where} initial_option`));
  }
  return problems;
}

/** An input block's problems (its label, hint and element). */
export function inputBlockProblems(block: Obj, at: string): string[] {
  const problems = plainText(block.label, LABEL, `${at}: label`);
  if (block.hint !== undefined) problems.push(...plainText(block.hint, LABEL, `${at}: hint`));
  problems.push(...elementProblems(block.element, at));
  return problems;
}

/** What Slack would refuse in the bot's answer to a block_suggestion; [] when it would show it. */
export function checkOptionsAnswer(answer: unknown): string[] {
  if (!isObj(answer)) return ['the answer is not a JSON object'];
  return listProblems(answer.options, answer.option_groups, 'answer', true);
}
