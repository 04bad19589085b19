// Why a job failed: its reason, events and the end of its failed pod's log, classified. Shared by the watcher of
// the bot's own jobs and the `watch: all` scan, so both say the same about the same failure.

import { classifyJobFailure, type Classification } from '../../diagnosis/classify-failure.js';
import type { DlcClient } from '../../pai/dlc-client.js';
import type { Job } from '../../pai/dlc-types.js';

/** `seen` is what a list call showed of the job: used when GetJob itself fails. */
export async function jobRootCause(
  dlc: Pick<DlcClient, 'getJob' | 'getJobEvents' | 'getPodLogs'>,
  jobId: string,
  seen: Job,
): Promise<Classification> {
  const full = await dlc.getJob(jobId).catch(() => seen);
  const pods = full.Pods ?? [];
  const pod = pods.find((p) => p.Status === 'Failed') ?? pods[0];
  const [events, logs] = await Promise.all([
    dlc.getJobEvents(jobId, { MaxEventsNum: 100 }).then(
      (r) => r.Events,
      () => [],
    ),
    pod
      ? dlc.getPodLogs(jobId, pod.PodId, { MaxLines: 200 }).then(
          (r) => r.Logs,
          () => [],
        )
      : Promise.resolve([]),
  ]);
  return classifyJobFailure({
    jobId,
    ...(full.ReasonCode ? { reasonCode: full.ReasonCode } : {}),
    ...(full.ReasonMessage ? { reasonMessage: full.ReasonMessage } : {}),
    events,
    logs,
  });
}
