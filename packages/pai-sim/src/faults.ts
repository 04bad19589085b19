// Fault injection knobs. Each knob call queues one entry; a request consumes the oldest entry that matches its action,
// so "throttle twice, then a 503" plays out in the order the test wrote it.

export type ErrorFault = { kind: 'throttle' } | { kind: 'serverError'; status: number } | { kind: 'nonJson' };

interface Pending<T> {
  action?: string;
  remaining: number;
  fault: T;
}

export interface Denial {
  authAction: string;
}

export class FaultBoard {
  private errors: Pending<ErrorFault>[] = [];
  private delays: Pending<number>[] = [];
  private readonly denials = new Map<string, Denial>();

  addError(n: number, fault: ErrorFault, action?: string): void {
    if (n > 0) this.errors.push({ action, remaining: Math.floor(n), fault });
  }

  addDelay(ms: number, action?: string): void {
    if (ms > 0) this.delays.push({ action, remaining: 1, fault: ms });
  }

  deny(action: string, authAction: string): void {
    this.denials.set(action, { authAction });
  }

  allow(action: string): void {
    this.denials.delete(action);
  }

  clear(): void {
    this.errors = [];
    this.delays = [];
    this.denials.clear();
  }

  /** Denials are standing policy, not consumed: every call of the action is refused until allowed again. */
  denialFor(action: string): Denial | undefined {
    return this.denials.get(action);
  }

  takeError(action: string): ErrorFault | undefined {
    return take(this.errors, action);
  }

  takeDelay(action: string): number | undefined {
    return take(this.delays, action);
  }
}

function take<T>(queue: Pending<T>[], action: string): T | undefined {
  const index = queue.findIndex((p) => p.action === undefined || p.action === action);
  const entry = queue[index];
  if (!entry) return undefined;
  entry.remaining -= 1;
  if (entry.remaining <= 0) queue.splice(index, 1);
  return entry.fault;
}

export interface FaultReply {
  status: number;
  code: string;
  message: string;
}

/** The JSON error a real POP gateway sends for each fault. */
export function errorFaultReply(fault: Exclude<ErrorFault, { kind: 'nonJson' }>): FaultReply {
  if (fault.kind === 'throttle') {
    return { status: 400, code: 'Throttling.User', message: 'Request was denied due to user flow control.' };
  }
  if (fault.status === 503) {
    return {
      status: 503,
      code: 'ServiceUnavailable',
      message: 'The request has failed due to a temporary failure of the server.',
    };
  }
  return {
    status: fault.status,
    code: 'InternalError',
    message: 'The request processing has failed due to some unknown error, exception or failure.',
  };
}

/** What an overloaded load balancer sends instead of JSON; the SDK throws a bare SyntaxError on it. */
export const BAD_GATEWAY_HTML =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n</body>\r\n</html>\r\n';
