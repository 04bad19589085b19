// Minimal Block Kit / message checks: enough to catch what real Slack would reject for a status card,
// not a full schema. Each returns a Slack error code (plus details) or undefined when the message is acceptable.

import { inputBlockProblems } from './select-menus.js';

export const MAX_TEXT = 40_000;

export interface ValidationError {
  error: string;
  errors?: string[];
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function textOf(v: unknown): string | undefined {
  return isObj(v) && typeof v.text === 'string' ? v.text : undefined;
}

function checkBlock(block: unknown, i: number): string[] {
  if (!isObj(block) || typeof block.type !== 'string') return [`block ${i}: missing type`];
  const problems: string[] = [];
  const at = `block ${i} (${block.type})`;
  switch (block.type) {
    case 'header': {
      const t = block.text;
      if (!isObj(t) || t.type !== 'plain_text' || typeof t.text !== 'string')
        problems.push(`${at}: text must be plain_text`);
      else if (t.text.length > 150) problems.push(`${at}: text longer than 150`);
      break;
    }
    case 'section': {
      const t = textOf(block.text);
      const fields = block.fields;
      if (t === undefined && !Array.isArray(fields)) problems.push(`${at}: needs text or fields`);
      if (t !== undefined && t.length > 3000) problems.push(`${at}: text longer than 3000`);
      if (Array.isArray(fields)) {
        if (fields.length > 10) problems.push(`${at}: more than 10 fields`);
        fields.forEach((f, j) => {
          const ft = textOf(f);
          if (ft === undefined) problems.push(`${at}: field ${j} has no text`);
          else if (ft.length > 2000) problems.push(`${at}: field ${j} longer than 2000`);
        });
      }
      break;
    }
    case 'context':
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 10)
        problems.push(`${at}: needs 1-10 elements`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0 || block.elements.length > 25)
        problems.push(`${at}: needs 1-25 elements`);
      else
        block.elements.forEach((el, j) => {
          if (!isObj(el) || el.type !== 'button') return;
          const label = textOf(el.text);
          if (label === undefined || label.length > 75)
            problems.push(`${at}: button ${j} text missing or longer than 75`);
        });
      break;
    case 'input':
      problems.push(...inputBlockProblems(block, at));
      break;
  }
  if (typeof block.block_id === 'string' && block.block_id.length > 255)
    problems.push(`${at}: block_id longer than 255`);
  return problems;
}

/** `blocks` is already parsed; a non-array (e.g. unparseable JSON kept as a string) is a format error. */
export function validateBlocks(blocks: unknown): ValidationError | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks_format' };
  if (blocks.length > 50) return { error: 'invalid_blocks', errors: ['more than 50 blocks'] };
  const errors = blocks.flatMap(checkBlock);
  return errors.length > 0 ? { error: 'invalid_blocks', errors } : undefined;
}

/** A view's blocks (the count, up to 100, is checked by the caller): the same per-block checks as a message's. */
export function validateViewBlocks(blocks: readonly unknown[]): ValidationError | undefined {
  const errors = blocks.flatMap(checkBlock);
  return errors.length > 0 ? { error: 'invalid_blocks', errors } : undefined;
}

export function validateText(text: unknown): ValidationError | undefined {
  if (text !== undefined && typeof text !== 'string')
    return { error: 'invalid_arguments', errors: ['text must be a string'] };
  if (typeof text === 'string' && text.length > MAX_TEXT) return { error: 'msg_too_long' };
  return undefined;
}
