// A replaced idle-stop policy is two calls (DeleteIdleInstanceCuller, then CreateIdleInstanceCuller): when PAI refuses
// the Create after the Delete went through, the notebook would be left with no policy at all while the user reads
// only that the change failed. So the previous policy is put back (one Create with its own values) and the answer
// says which way it went. A failure worth retrying is retried whole by the queue (Delete, then Create) and the policy
// is the previous one meanwhile.

import { BotError } from '../../errors/catalogue.js';
import { PaiError } from '../../errors/pai-error.js';
import { userMessage } from '../../errors/to-user-text.js';
import type { CreateIdleInstanceCullerRequest } from '../../pai/dsw-types.js';

/** The policy as `/pai dsw idle-stop` would set it again. */
export function idleStopCommand(instanceId: string, p: CreateIdleInstanceCullerRequest): string {
  const cpu = p.CpuPercentThreshold === undefined ? '' : ` --cpu ${p.CpuPercentThreshold}`;
  const gpu = p.GpuPercentThreshold === undefined ? '' : ` --gpu ${p.GpuPercentThreshold}`;
  return `/pai dsw idle-stop ${instanceId} --after ${p.MaxIdleTimeInMinutes}m${cpu}${gpu}`;
}

/**
 * `putBack` is the Create of `previous`, a bound write of the gate (src/actions/approvals/with-approval-gate.ts): no
 * PAI write is called from anywhere else (test/unit/gate-construction.test.ts).
 */
export async function putBackIdleCuller(
  putBack: () => Promise<unknown>,
  instanceId: string,
  previous: CreateIdleInstanceCullerRequest,
  err: unknown,
): Promise<never> {
  const back = await putBack().then(
    () => true,
    () => false,
  );
  if (back && (!(err instanceof PaiError) || err.retryable)) throw err;
  const why = err instanceof PaiError ? userMessage(err) : 'an error the bot did not expect.';
  const was = `stop after ${previous.MaxIdleTimeInMinutes} min idle`;
  throw new BotError(
    'IDLE_POLICY_NOT_REPLACED',
    back
      ? `The new idle-stop policy of notebook ${instanceId} was not set: ${why} The previous policy (${was}) is back in place.`
      : `The new idle-stop policy of notebook ${instanceId} was not set: ${why} The previous policy (${was}) had been ` +
          `removed and could not be put back: the notebook has no idle-stop policy now. ` +
          `${idleStopCommand(instanceId, previous)} sets it again.`,
  );
}
