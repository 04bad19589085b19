// The simulator's DSW notebooks: who they are (id, name, workspace, spec, owner) and what happened to them (ops). Their
// state at any time comes from dsw-lifecycle.ts; nothing here runs on a timer.

import { createHash, randomBytes } from 'node:crypto';
import { notebookStateAt, type NotebookInput, type NotebookState } from './dsw-lifecycle.js';
import type { NotebookOp } from './dsw-plan.js';

export interface NotebookRecord {
  instanceId: string;
  name: string;
  workspaceId: string;
  ecsSpec: string;
  paymentType: 'PayAsYouGo' | 'Subscription';
  resourceId: string | undefined;
  userId: string;
  userName: string;
  image: string;
  labels: Record<string, string>;
  createdAt: number;
  input: NotebookInput & { ops: NotebookOp[] };
}

/** `dsw-` and 16 hex digits, as the SDK's examples (dsw-05cefd0be2e5a278) look. */
export function newInstanceId(): string {
  return `dsw-${randomBytes(8).toString('hex')}`;
}

/** A pod name shaped like the SDK's example (dsw-15870-695f44c5bc-hd6xm), stable per instance and start. */
export function podIdFor(instanceId: string, pod: number): string {
  const h = createHash('sha256').update(`${instanceId}/${pod}`).digest('hex');
  const n = Number.parseInt(createHash('sha256').update(instanceId).digest('hex').slice(0, 8), 16) % 90_000;
  const tail = Buffer.from(h.slice(10, 20), 'hex')
    .toString('base64')
    .replace(/[^a-z0-9]/gi, '')
    .toLowerCase();
  return `dsw-${10_000 + n}-${h.slice(0, 10)}-${tail.padEnd(5, 'x').slice(0, 5)}`;
}

export class NotebookStore {
  private readonly records = new Map<string, NotebookRecord>();
  private counter = 0;

  add(record: Omit<NotebookRecord, 'instanceId' | 'name'> & { name?: string }): NotebookRecord {
    let instanceId = newInstanceId();
    while (this.records.has(instanceId)) instanceId = newInstanceId();
    this.counter += 1;
    const full = { ...record, instanceId, name: record.name ?? `notebook-${this.counter}` };
    this.records.set(instanceId, full);
    return full;
  }

  get(instanceId: string): NotebookRecord | undefined {
    return this.records.get(instanceId);
  }

  /** Oldest first. */
  all(): NotebookRecord[] {
    return [...this.records.values()];
  }

  /** Keeps ops in time order; an op at the same time as others goes after them. */
  record(instanceId: string, op: NotebookOp): void {
    const ops = this.records.get(instanceId)?.input.ops;
    if (!ops) throw new Error(`no notebook ${instanceId}`);
    const at = ops.findIndex((o) => o.at > op.at);
    if (at < 0) ops.push(op);
    else ops.splice(at, 0, op);
  }
}

export function stateOf(record: NotebookRecord, now: number): NotebookState {
  return notebookStateAt(record.input, now);
}
