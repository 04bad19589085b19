// One DLC cycle of the watcher: the jobs it tracks, then, in `watch: all` workspaces, the failures of jobs the bot
// did not launch. The two share the cycle's report, so the bench and the tests see every ListJobs call.

import { type PollDeps, type PollReport, pollDlcJobs } from './poll-dlc-jobs.js';
import { type FailureScanDeps, scanDlcFailures } from './watch-dlc-failures.js';

export type TrainingPollDeps = PollDeps & Pick<FailureScanDeps, 'redis' | 'keys'>;

export async function pollTraining(d: TrainingPollDeps): Promise<PollReport> {
  const report = await pollDlcJobs(d);
  const scan = await scanDlcFailures({
    dlc: d.dlc,
    tracked: d.store,
    clock: d.clock,
    log: d.log,
    config: d.config,
    alerting: d.alerting,
    redis: d.redis,
    keys: d.keys,
    ...(d.health ? { health: d.health } : {}),
  });
  return scan.listCalls
    ? { ...report, listCalls: report.listCalls + scan.listCalls, externalAlerts: scan.alerts }
    : report;
}
