// The gallery verbs' grammar: `/pai gallery list [--task <task>] [--search <text>]` and
// `/pai gallery deploy <model-id> <service> [--instance <type>] [--replicas N] [-w <workspace>]`.

import { describe, expect, it } from 'vitest';
import { MUTATING_KINDS } from '../../src/slack/grammar/commands.js';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { GALLERY_EXAMPLES, groupUsage, helpText, usageFor } from '../../src/slack/grammar/usage.js';
import { command, failure, itRejectsEachMalformed, type MalformedCase } from '../support/grammar.js';

const QWEN = 'model-qwen27binstruct0001';
const LIST = '/pai gallery list [--task <task>] [--search <text>]';
const DEPLOY = '/pai gallery deploy <model-id> <service> [--instance <type>] [--replicas N] [-w <workspace>]';

describe('parseCommand: gallery list', () => {
  it('reads no filter, --task, --search (quoted, trimmed) or both', () => {
    expect(command('gallery list')).toEqual({ kind: 'gallery.list' });
    expect(command('gallery list --task text-generation')).toEqual({ kind: 'gallery.list', task: 'text-generation' });
    expect(command('gallery list --search "  qwen 7b "')).toEqual({ kind: 'gallery.list', search: 'qwen 7b' });
    expect(command('GALLERY LIST --search bge --task sentence-embedding')).toEqual({
      kind: 'gallery.list',
      task: 'sentence-embedding',
      search: 'bge',
    });
  });

  it('is a read: not among the mutating kinds', () => {
    expect(MUTATING_KINDS).not.toContain('gallery.list');
  });
});

describe('parseCommand: gallery deploy', () => {
  it('reads the model id and service; --instance, --replicas and -w are optional and absent when not given', () => {
    expect(command(`gallery deploy ${QWEN} qwen_chat`)).toEqual({
      kind: 'gallery.deploy',
      modelId: QWEN,
      service: 'qwen_chat',
    });
    expect(
      command(`gallery deploy ${QWEN} qwen_chat --instance ecs.gn7i-c8g1.2xlarge --replicas 100 --workspace prod`),
    ).toEqual({
      kind: 'gallery.deploy',
      modelId: QWEN,
      service: 'qwen_chat',
      instance: 'ecs.gn7i-c8g1.2xlarge',
      replicas: 100,
      workspace: 'prod',
    });
  });

  it('is a change: among the mutating kinds', () => {
    expect(MUTATING_KINDS).toContain('gallery.deploy');
  });

  it('checks the service name, --instance and --replicas exactly as eas deploy does', () => {
    for (const [gallery, eas] of [
      [`gallery deploy ${QWEN} Bad-Name`, 'eas deploy Bad-Name --image x'],
      [`gallery deploy ${QWEN} s${'x'.repeat(70)}`, `eas deploy s${'x'.repeat(70)} --image x`],
      [`gallery deploy ${QWEN} svc --replicas 0`, 'eas deploy svc --image x --replicas 0'],
      [`gallery deploy ${QWEN} svc --replicas 101`, 'eas deploy svc --image x --replicas 101'],
      [`gallery deploy ${QWEN} svc --instance gpu`, 'eas deploy svc --image x --instance gpu'],
    ] as const) {
      expect(failure(parseCommand(gallery)).message, gallery).toBe(failure(parseCommand(eas)).message);
    }
  });
});

const MALFORMED: ReadonlyArray<MalformedCase> = [
  ['gallery', /\/pai gallery needs a command: one of list, deploy/, groupUsage('gallery')],
  ['gallery lst', /unknown gallery command "lst"; did you mean list\?/, groupUsage('gallery')],
  ['gallery list --task', /--task needs a value/, LIST],
  ['gallery list --task "text generation"', /--task is one task name .*; did you mean text-generation\?/, LIST],
  ['gallery list --task -bad', /--task/, LIST],
  ['gallery list --search ""', /--search must not be empty/, LIST],
  [`gallery list --search ${'q'.repeat(101)}`, /--search is at most 100 characters \(got 101\)/, LIST],
  ['gallery list qwen', /unexpected argument "qwen".*quote a --search text/, LIST],
  ['gallery list --model x', /--model/, LIST],
  ['gallery deploy', /missing the model id: \/pai gallery deploy <model-id> <service>/, DEPLOY],
  [
    `gallery deploy ${QWEN}`,
    /missing the service name after the model id, e.g. \/pai gallery deploy model-qwen27/,
    DEPLOY,
  ],
  ['gallery deploy qwen2-7b-instruct qwen_chat', /looks like model-qwen27binstruct0001, not a model name/, DEPLOY],
  ['gallery deploy MODEL-QWEN27BINSTRUCT0001 qwen_chat', /model ids are lowercase: did you mean model-qwen27/, DEPLOY],
  ['gallery deploy model-qwen_2 qwen_chat', /a model id is "model-" then lowercase letters and digits/, DEPLOY],
  [`gallery deploy model-${'a'.repeat(70)} qwen_chat`, /a model id is at most 70 characters/, DEPLOY],
  [
    `gallery deploy qwen_chat ${QWEN}`,
    /the model id comes first: \/pai gallery deploy model-qwen27binstruct0001 qwen_chat/,
    DEPLOY,
  ],
  [`gallery deploy ${QWEN} qwen-chat`, /did you mean qwen_chat\?/, DEPLOY],
  [`gallery deploy ${QWEN} qwen_chat extra`, /unexpected argument "extra"/, DEPLOY],
  [`gallery deploy ${QWEN} qwen_chat --replicas two`, /--replicas must be a whole number from 1 to 100/, DEPLOY],
  [`gallery deploy ${QWEN} qwen_chat --image x:1`, /--image/, DEPLOY],
  [`gallery deploy ${QWEN} qwen_chat -w`, /-w needs a value|workspace/, DEPLOY],
];

describe('malformed gallery commands', () => {
  itRejectsEachMalformed(MALFORMED, 20);
});

describe('usage and help of gallery', () => {
  it('has its usage lines, derived from the verb table', () => {
    expect(usageFor('gallery.list')).toBe(LIST);
    expect(usageFor('gallery.deploy')).toBe(DEPLOY);
    expect(groupUsage('gallery')).toBe(`${LIST}\n${DEPLOY}`);
  });

  it('/pai help gallery (and /pai gallery help) explains both verbs, escaped, under 3000 characters', () => {
    expect(command('help gallery')).toEqual({ kind: 'help', topic: 'gallery' });
    expect(command('gallery help')).toEqual({ kind: 'help', topic: 'gallery' });
    const text = helpText('gallery');
    expect(text).toMatch(/^\*Model Gallery\*/);
    for (const words of ['latest version', 'labelled with the model and version', '--task', '--search', '1 to 100'])
      expect(text).toContain(words);
    expect(text).not.toMatch(/[<>]/);
    expect(text.length).toBeLessThan(3000);
  });

  it('gives examples that appear in the help and parse', () => {
    const text = helpText('gallery');
    expect(GALLERY_EXAMPLES.length).toBeGreaterThanOrEqual(3);
    for (const example of GALLERY_EXAMPLES) {
      expect(text).toContain(`\`${example}\``);
      expect(parseCommand(example.replace(/^\/pai /, '')).ok, example).toBe(true);
    }
  });

  it('the top-level help lists them under Model Gallery, and the approvals help counts gallery deploy as a change', () => {
    expect(helpText()).toContain('*Model Gallery*');
    expect(helpText()).toContain('/pai help gallery');
    expect(helpText('approvals')).toContain('`gallery deploy`');
  });
});
