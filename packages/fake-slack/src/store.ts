// In-memory workspace state. Messages are live objects: chat.update mutates them, so a test holding one sees edits.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import type { EphemeralMessage, ResponseRecord, SlackMessage } from './types.js';

export class TsGenerator {
  private lastMicros = 0;
  constructor(private readonly clock: Clock) {}

  /** Slack-style 'seconds.micros', strictly increasing even when the clock stands still (a manual clock). */
  next(): string {
    const fromClock = Math.floor(this.clock.now()) * 1000;
    this.lastMicros = fromClock > this.lastMicros ? fromClock : this.lastMicros + 100;
    const sec = Math.floor(this.lastMicros / 1e6);
    const micros = this.lastMicros % 1e6;
    return `${sec}.${String(micros).padStart(6, '0')}`;
  }
}

export class FakeSlackStore {
  readonly messages: SlackMessage[] = [];
  readonly ephemerals: EphemeralMessage[] = [];
  readonly responses: ResponseRecord[] = [];
  readonly responseUses = new Map<string, number>();
  readonly usergroups = new Map<string, string[]>();

  find(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  react(msg: SlackMessage, name: string, user: string): boolean {
    let r = msg.reactions.find((x) => x.name === name);
    if (!r) {
      r = { name, users: [] };
      msg.reactions.push(r);
    }
    if (r.users.includes(user)) return false;
    r.users.push(user);
    return true;
  }
}
