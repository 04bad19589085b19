import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { createScrubber, redactSecretFields } from '../../src/log/scrub.js';

const BOT_TOKEN = 'xoxb-1111-2222-BotTokenSecretValue';
const APP_TOKEN = 'xapp-1-A0123-4567-AppTokenSecretValue';
const USER_TOKEN = 'xoxp-3333-4444-UserTokenSecretValue';
const SIGNING_SECRET = 'signing-secret-9f8e7d6c5b4a';
const AK_ID = 'LTAI5tAbCdEfGhIjKlMnOp';
const STS_ID = 'STS.NUgYrLnoC37mZZCNnAbCdEf';
const AK_SECRET = 'AkSecretNotShapedLikeAnything0123';
const STS_TOKEN = 'CAIS8wF1q6Ft5B2yfSjIr5bSecurityTokenValue';
const ODD_SECRET = 'quote"and\\backslash-secret';

const ALL_SECRETS = [BOT_TOKEN, APP_TOKEN, USER_TOKEN, SIGNING_SECRET, AK_ID, STS_ID, AK_SECRET, STS_TOKEN, ODD_SECRET];
// Fragments that would show a secret leaked in part (a token cut at a dash, say).
const FRAGMENTS = [
  'SecretValue',
  'BotToken',
  'AbCdEfGhIj',
  'NUgYrLno',
  'AkSecretNot',
  'SecurityTokenValue',
  'backslash-secret',
];

/** A logger writing to memory, the way the harness does it. */
function memoryLogger(
  level = 'trace',
  secrets: readonly (string | undefined)[] = [SIGNING_SECRET, AK_SECRET, STS_TOKEN, ODD_SECRET, undefined],
) {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, secrets, destination });
  const raw = () => chunks.join('');
  const lines = () =>
    raw()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, raw, lines };
}

function expectNoSecrets(raw: string): void {
  // Check the raw bytes and the decoded JSON: a secret must not survive in escaped form either.
  const decoded = raw
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.stringify(JSON.parse(l), null, 0).replace(/\\"/g, '"').replace(/\\\\/g, '\\'))
    .join('\n');
  for (const text of [raw, decoded]) {
    for (const secret of [...ALL_SECRETS, ...FRAGMENTS]) expect(text, `leaked ${secret}`).not.toContain(secret);
    expect(text).not.toMatch(/xox[a-z]-|xapp-|LTAI[A-Za-z0-9]{12}|STS\.[A-Za-z0-9]{10}/);
  }
}

describe('createLogger: structured fields', () => {
  it('redacts secret fields at the top level', () => {
    const { log, raw, lines } = memoryLogger();
    log.info(
      {
        token: BOT_TOKEN,
        botToken: BOT_TOKEN,
        appToken: APP_TOKEN,
        signingSecret: SIGNING_SECRET,
        accessKeySecret: AK_SECRET,
        securityToken: STS_TOKEN,
        jobId: 'dlc1',
      },
      'top',
    );
    expectNoSecrets(raw());
    expect(lines()[0]).toMatchObject({
      token: '[redacted]',
      botToken: '[redacted]',
      signingSecret: '[redacted]',
      accessKeySecret: '[redacted]',
      securityToken: '[redacted]',
      jobId: 'dlc1',
      msg: 'top',
    });
  });

  it('redacts secret fields one and two levels down', () => {
    const { log, raw, lines } = memoryLogger();
    const secrets = {
      token: BOT_TOKEN,
      botToken: BOT_TOKEN,
      signingSecret: SIGNING_SECRET,
      accessKeySecret: AK_SECRET,
      securityToken: STS_TOKEN,
      appToken: APP_TOKEN,
    };
    log.info({ slack: { ...secrets }, config: { slack: { ...secrets }, accessKey: { ...secrets } } }, 'nested');
    expectNoSecrets(raw());
    const line = lines()[0] as {
      slack: Record<string, string>;
      config: { slack: Record<string, string>; accessKey: Record<string, string> };
    };
    for (const obj of [line.slack, line.config.slack, line.config.accessKey])
      for (const key of Object.keys(secrets)) expect(obj[key]).toBe('[redacted]');
  });

  it('redacts authorization headers, whatever their case and depth', () => {
    const { log, raw, lines } = memoryLogger();
    log.info(
      {
        headers: { authorization: `Bearer ${BOT_TOKEN}`, 'x-acs-security-token': STS_TOKEN },
        req: {
          headers: {
            Authorization: `Bearer ${USER_TOKEN}`,
            'x-slack-signature': `v0=${SIGNING_SECRET}`,
            accept: 'application/json',
          },
        },
        upstream: { req: { headers: { authorization: `acs ${AK_ID}:sig`, cookie: `session=${AK_SECRET}` } } },
      },
      'headers',
    );
    expectNoSecrets(raw());
    const line = lines()[0] as { req: { headers: Record<string, string> } };
    expect(line.req.headers.accept).toBe('application/json');
    expect(line.req.headers.Authorization).toBe('[redacted]');
  });

  it('scrubs token-shaped strings in fields with any name, and in child bindings', () => {
    const { log, raw, lines } = memoryLogger();
    log.info(
      {
        url: `https://slack.com/api/auth.test?token=${BOT_TOKEN}`,
        ids: [AK_ID, STS_ID],
        note: `app ${APP_TOKEN} user ${USER_TOKEN}`,
      },
      'shapes',
    );
    log.child({ requestToken: BOT_TOKEN, keyId: AK_ID }).info({ deeper: { a: { b: { c: APP_TOKEN } } } }, 'child');
    log.info({ responseUrl: 'https://hooks.slack.com/commands/T0001/1234/AbCdEfSeCrEt' }, 'respond');
    expectNoSecrets(raw());
    expect(raw()).not.toContain('AbCdEfSeCrEt');
    expect(lines()[0]!.url).toBe('https://slack.com/api/auth.test?token=[redacted]');
  });
});

describe('createLogger: message strings and errors', () => {
  it('scrubs messages, interpolated arguments and configured secrets', () => {
    const { log, raw, lines } = memoryLogger();
    log.info(`calling with ${BOT_TOKEN}`);
    log.info('signing with %s and %s', SIGNING_SECRET, AK_SECRET);
    log.warn({ jobId: 'dlc1' }, `sts ${STS_TOKEN} for ${AK_ID}`);
    log.info(`odd ${ODD_SECRET}`);
    log.info({ odd: ODD_SECRET }, 'odd field');
    expectNoSecrets(raw());
    expect(lines()[0]!.msg).toBe('calling with [redacted]');
    expect(lines()[1]!.msg).toBe('signing with [redacted] and [redacted]');
  });

  it('scrubs err.message and err.stack and keeps the error type', () => {
    const { log, raw, lines } = memoryLogger();
    const err = new TypeError(`invalid_auth for ${BOT_TOKEN} (secret ${AK_SECRET})`);
    log.error({ err }, 'slack call failed');
    log.error(err);
    log.error(
      { err: new Error(`outer ${AK_ID}`, { cause: new Error(`inner ${APP_TOKEN} ${STS_TOKEN}`) }) },
      'with cause',
    );
    log.error({ error: new RangeError(`other key ${USER_TOKEN}`) }, 'error key');
    expectNoSecrets(raw());
    const [first, second, third, fourth] = lines() as {
      err?: { type: string; message: string; stack: string };
      error?: { type: string; message: string };
      msg: string;
    }[];
    expect(first!.err!.type).toBe('TypeError');
    expect(first!.err!.message).toBe('invalid_auth for [redacted] (secret [redacted])');
    expect(first!.err!.stack).toContain('TypeError: invalid_auth for [redacted]');
    expect(second!.msg).toBe('invalid_auth for [redacted] (secret [redacted])');
    expect(third!.err!.message).toContain('outer [redacted]');
    expect(fourth!.error).toMatchObject({ type: 'RangeError', message: 'other key [redacted]' });
  });

  it('keeps ordinary log lines intact', () => {
    const { log, lines } = memoryLogger('info');
    log.debug('hidden at info');
    log.info({ jobId: 'dlc1a2b3c4d5e6f', workspace: 'dev', tokens: 12 }, 'job submitted: 100% ok');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatchObject({
      level: 30,
      name: 'pai-bot',
      jobId: 'dlc1a2b3c4d5e6f',
      workspace: 'dev',
      tokens: 12,
      msg: 'job submitted: 100% ok',
    });
  });
});

describe('createScrubber', () => {
  const scrub = createScrubber([SIGNING_SECRET, 'short', undefined]);

  it('redacts configured values and token shapes but not short values', () => {
    expect(scrub(`a ${SIGNING_SECRET} b`)).toBe('a [redacted] b');
    expect(scrub('short words stay')).toBe('short words stay');
    expect(scrub(`${BOT_TOKEN} ${APP_TOKEN} ${USER_TOKEN} xoxe.xoxp-1-Refresh ${AK_ID} ${STS_ID}`)).toBe(
      '[redacted] [redacted] [redacted] [redacted] [redacted] [redacted]',
    );
    expect(scrub('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: Bearer [redacted]');
  });

  it('replaces a secret that contains another one whole', () => {
    const s = createScrubber(['abcdefgh', 'abcdefgh-longer-secret']);
    expect(s('x abcdefgh-longer-secret y')).toBe('x [redacted] y');
  });

  it('redacts secret-named string fields at any depth, escaped quotes included, and nothing else', () => {
    const line = JSON.stringify({
      a: { b: { c: { d: { token: 'tok"en\\x', Authorization: 'Basic abc' } } } },
      tokens: 3,
      tokenizer: 'keep',
      note: 'token',
    });
    const out = JSON.parse(redactSecretFields(line)) as Record<string, unknown>;
    expect(out).toEqual({
      a: { b: { c: { d: { token: '[redacted]', Authorization: '[redacted]' } } } },
      tokens: 3,
      tokenizer: 'keep',
      note: 'token',
    });
  });
});
