// Terminal rendering of what the bot posted: Block Kit and mrkdwn flattened into readable plain text.
// Pure functions; the sandbox console prints their output as the transcript.

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const DIVIDER = '─'.repeat(24);

function decodeEntities(s: string): string {
  // &amp; last so '&amp;lt;' stays the literal text '&lt;'
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function controlSequence(inner: string): string {
  const bar = inner.indexOf('|');
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? decodeEntities(inner.slice(bar + 1)) : undefined;
  if (target.startsWith('@')) return label ? `@${label.replace(/^@/, '')}` : target;
  if (target.startsWith('#')) return label ? `#${label.replace(/^#/, '')}` : target;
  if (target.startsWith('!subteam^'))
    return label ? `@${label.replace(/^@/, '')}` : `@${target.slice('!subteam^'.length)}`;
  if (target.startsWith('!date^')) return label ?? target.split('^')[1] ?? target;
  if (target.startsWith('!')) return label ?? `@${target.slice(1)}`; // <!here>, <!channel>, <!everyone>
  const url = decodeEntities(target);
  return label && label !== url ? `${label} (${url})` : url;
}

/** Slack mrkdwn → plain text: control sequences resolved, entities decoded, emphasis markers left as typed. */
export function mrkdwnToText(s: string): string {
  // Escaped user text never contains a raw '<', so every <…> is a control sequence.
  let out = '';
  let last = 0;
  for (const m of s.matchAll(/<([^<>]*)>/g)) {
    out += decodeEntities(s.slice(last, m.index)) + controlSequence(m[1] ?? '');
    last = m.index + m[0].length;
  }
  return out + decodeEntities(s.slice(last));
}

function textObject(v: unknown): string {
  if (!isObj(v) || typeof v.text !== 'string') return '';
  return v.type === 'mrkdwn' ? mrkdwnToText(v.text) : v.text;
}

/** A field like "*Status*\nRunning" reads best on one line as "Status: Running". */
function fieldLine(field: unknown): string {
  const [head = '', ...rest] = textObject(field).split('\n');
  if (rest.length === 0) return head;
  const label = head.replace(/^\*(.+)\*$/, '$1').replace(/:$/, '');
  return `${label}: ${rest.join(' ')}`;
}

function element(el: unknown): string {
  if (!isObj(el)) return '';
  switch (el.type) {
    case 'button':
      return `[${textObject(el.text)}]`;
    case 'overflow':
      return '[…]';
    case 'image':
      return `[image${typeof el.alt_text === 'string' ? `: ${el.alt_text}` : ''}]`;
    case 'mrkdwn':
    case 'plain_text':
      return textObject(el);
    default: {
      const shown = textObject(el.placeholder) || textObject(el.text) || String(el.type ?? '?');
      return `[${shown} ▾]`; // selects, date pickers and other inputs
    }
  }
}

function richText(v: unknown): string {
  if (Array.isArray(v)) return v.map(richText).join('');
  if (!isObj(v)) return '';
  if (typeof v.text === 'string') return v.text;
  if (v.type === 'user') return `@${String(v.user_id)}`;
  if (v.type === 'usergroup') return `@${String(v.usergroup_id)}`;
  if (v.type === 'channel') return `#${String(v.channel_id)}`;
  if (v.type === 'link') return String(v.url);
  if (v.type === 'emoji') return `:${String(v.name)}:`;
  const inner = richText(v.elements);
  return v.type === 'rich_text_section' || v.type === 'rich_text_preformatted' || v.type === 'rich_text_quote'
    ? `${inner}\n`
    : inner;
}

function block(b: unknown): string[] {
  if (!isObj(b)) return [];
  switch (b.type) {
    case 'header':
      return [`== ${textObject(b.text)} ==`];
    case 'section': {
      const lines: string[] = [];
      const text = textObject(b.text);
      const accessory = isObj(b.accessory) ? element(b.accessory) : '';
      if (text) lines.push(...text.split('\n'));
      if (accessory) {
        if (lines.length > 0) lines[lines.length - 1] += `  ${accessory}`;
        else lines.push(accessory);
      }
      if (Array.isArray(b.fields)) lines.push(...b.fields.map(fieldLine));
      return lines;
    }
    case 'context':
      return Array.isArray(b.elements) ? [b.elements.map(element).filter(Boolean).join('  ·  ')] : [];
    case 'divider':
      return [DIVIDER];
    case 'actions':
      return Array.isArray(b.elements) ? [b.elements.map(element).filter(Boolean).join(' ')] : [];
    case 'image':
      return [element(b)];
    case 'rich_text':
      return richText(b.elements).replace(/\n+$/, '').split('\n');
    default:
      return [`[${String(b.type)} block]`];
  }
}

export function blocksToText(blocks: unknown[] | undefined, fallback: string): string {
  if (!Array.isArray(blocks) || blocks.length === 0) return mrkdwnToText(fallback);
  return blocks.flatMap(block).join('\n');
}

function indentRest(prefix: string, body: string): string {
  const pad = ' '.repeat([...prefix].length);
  return prefix + body.split('\n').join(`\n${pad}`);
}

const field = (item: Obj, key: string): string => (typeof item[key] === 'string' ? (item[key] as string) : '');

function responseLine(body: unknown): string {
  if (!isObj(body)) return indentRest('(response) ', JSON.stringify(body));
  if (body.delete_original === true) return '(response) deleted the original message';
  const text = blocksToText(Array.isArray(body.blocks) ? body.blocks : undefined, field(body, 'text'));
  const who = body.response_type === 'in_channel' ? 'in channel' : 'only visible to the caller';
  const how = body.replace_original === true ? ', replacing the original' : '';
  return indentRest(`(response, ${who}${how}) `, text);
}

/** One console entry per Slack activity recorded by the fake (multi-line bodies are indented under their prefix). */
export function formatActivity(kind: 'message' | 'update' | 'ephemeral' | 'response', item: unknown): string {
  const it = isObj(item) ? item : {};
  const text = () => blocksToText(Array.isArray(it.blocks) ? it.blocks : undefined, field(it, 'text'));
  const inThread = field(it, 'thread_ts') !== '';
  switch (kind) {
    case 'message':
      return inThread
        ? indentRest('  ↳ thread reply: ', text())
        : indentRest(`#${field(it, 'channel')}  bot: `, text());
    case 'update':
      return inThread
        ? indentRest('  ↳ (edited reply) ', text())
        : indentRest(`#${field(it, 'channel')}  (edited card) `, text());
    case 'ephemeral':
      return indentRest(`(only visible to ${field(it, 'user')}) `, text());
    case 'response':
      return responseLine(it.body);
  }
}
