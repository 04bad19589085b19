// An instance of a simulated EAS service as the API shows it: Kubernetes-like names and addresses, stable for a
// service, replica set and serial, and its status at an instant (crash-loop restarts counted as Kubernetes would).

import type { FailureDetails } from './eas-plan.js';
import type { Fold, InstanceState, Slot } from './eas-lifecycle-types.js';

const K8S_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** n pseudo-random bytes determined by `seed` (FNV-1a, then xorshift): cheap enough for thousands of instances per read. */
function seededBytes(seed: string, n: number): number[] {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    out.push(h & 0xff);
  }
  return out;
}

function hashChars(seed: string, n: number): string {
  return seededBytes(seed, n)
    .map((b) => K8S_ALPHABET[b % K8S_ALPHABET.length])
    .join('');
}

/** The replica set name of a generation, like a Deployment's `<name>-<pod-template-hash>`. */
export function replicaSetName(name: string, serviceId: string, generation: number): string {
  return `${name}-${hashChars(`${serviceId}/rs/${generation}`, 10)}`;
}

/** `<name>-<hash>-<5 chars>`, stable for a given service, replica set and instance serial. */
export function instanceName(
  name: string,
  serviceId: string,
  generation: number,
  serial: number,
  rs = replicaSetName(name, serviceId, generation),
): string {
  return `${rs}-${hashChars(`${serviceId}/pod/${serial}`, 5)}`;
}

export function addresses(serviceId: string, serial: number): { innerIp: string; hostIp: string } {
  const [a = 0, b = 0, c = 0, d = 0] = seededBytes(`${serviceId}/ip/${serial}`, 4);
  return { innerIp: `10.224.${a}.${(b % 254) + 1}`, hostIp: `192.168.${c}.${(d % 254) + 1}` };
}

/** Kubernetes crash-loop back-off: 10 s doubling to 5 min. One restart is counted when the failure is first seen. */
export function crashLoopRestarts(elapsedMs: number): number {
  if (elapsedMs < 0) return 0;
  let restarts = 1;
  let t = 0;
  let backoff = 10_000;
  while (backoff < 300_000) {
    if (t + backoff > elapsedMs) return restarts;
    t += backoff;
    restarts += 1;
    backoff *= 2;
  }
  return restarts + Math.floor((elapsedMs - t) / 300_000);
}

/** An instance at `now`: Pending (creating, then initializing), Running, Failed (crash-looping) or Terminating. */
export function instanceState(f: Fold, slot: Slot, now: number, failure: FailureDetails | undefined): InstanceState {
  const base = {
    name: slot.name,
    serial: slot.serial,
    generation: slot.generation,
    latest: slot.generation === f.generation,
    createdAt: slot.createdAt,
    readyAt: slot.readyAt,
    ...addresses(f.input.serviceId, slot.serial),
  };
  if (slot.terminating) return { ...base, status: 'Terminating', reason: 'Terminating', ready: false, restartCount: 0 };
  if (slot.readyDone && failure) {
    const restartCount = failure.imagePull ? 0 : crashLoopRestarts(now - slot.readyAt);
    return { ...base, status: 'Failed', reason: failure.instanceReason, ready: false, restartCount };
  }
  if (slot.readyDone) return { ...base, status: 'Running', reason: '', ready: true, restartCount: 0 };
  const reason = failure?.imagePull || now < slot.midAt ? 'ContainerCreating' : 'PodInitializing';
  return { ...base, status: 'Pending', reason, ready: false, restartCount: 0 };
}
