import { LogLevel } from '@slack/bolt';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toBoltLogger } from '../../src/log/bolt-logger.js';
import { createLogger } from '../../src/log/logger.js';

function setup(level = 'debug') {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const log = createLogger({ level, destination, secrets: [] });
  const bolt = toBoltLogger(log);
  const lines = () =>
    chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { level: number; msg: string; err?: { type: string; message: string } });
  return { log, bolt, lines };
}

describe('toBoltLogger', () => {
  it('maps debug/info/warn/error to pino levels 20/30/40/50', () => {
    const { bolt, lines } = setup();
    bolt.debug('d');
    bolt.info('i');
    bolt.warn('w');
    bolt.error('e');
    expect(lines().map((l) => [l.level, l.msg])).toEqual([
      [20, 'd'],
      [30, 'i'],
      [40, 'w'],
      [50, 'e'],
    ]);
  });

  it('joins string arguments and writes objects as JSON', () => {
    const { bolt, lines } = setup();
    bolt.info('socket', 'connected', 'after', '3', 'tries');
    bolt.warn('payload', { type: 'block_actions', n: 1 }, 42);
    bolt.debug();
    expect(lines().map((l) => l.msg)).toEqual([
      'socket connected after 3 tries',
      'payload {"type":"block_actions","n":1} 42',
      '',
    ]);
  });

  it('keeps an Error as err, wherever it is among the arguments', () => {
    const { bolt, lines } = setup();
    bolt.error('An unhandled error occurred while Bolt processed an event', new TypeError('boom'));
    bolt.warn(new Error('alone'));
    bolt.error(new Error('first'), 'then text', new Error('second'));
    const [a, b, c] = lines();
    expect(a).toMatchObject({
      level: 50,
      msg: 'An unhandled error occurred while Bolt processed an event',
      err: { type: 'TypeError', message: 'boom' },
    });
    expect(b).toMatchObject({ level: 40, msg: 'alone', err: { message: 'alone' } });
    expect(c).toMatchObject({ msg: 'then text second', err: { message: 'first' } });
  });

  it('scrubs tokens that Bolt puts in its messages', () => {
    const { bolt, lines } = setup();
    bolt.error('auth.test failed for xoxb-1-2-SomeBoltToken', new Error('invalid_auth xapp-1-A1-SomeAppToken'));
    const text = JSON.stringify(lines());
    expect(text).not.toContain('SomeBoltToken');
    expect(text).not.toContain('SomeAppToken');
  });

  it('setLevel and getLevel work, and filter what is written', () => {
    const { log, bolt, lines } = setup('info');
    expect(bolt.getLevel()).toBe(LogLevel.INFO);
    bolt.debug('dropped');
    bolt.setLevel(LogLevel.DEBUG);
    expect(log.level).toBe('debug');
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    bolt.debug('kept');
    bolt.setLevel(LogLevel.ERROR);
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
    bolt.warn('dropped too');
    bolt.error('kept too');
    expect(lines().map((l) => l.msg)).toEqual(['kept', 'kept too']);
    bolt.setName('ignored');
  });

  it('reports pino-only levels as the nearest Bolt level', () => {
    const { log, bolt } = setup('trace');
    expect(bolt.getLevel()).toBe(LogLevel.DEBUG);
    log.level = 'fatal';
    expect(bolt.getLevel()).toBe(LogLevel.ERROR);
  });
});
