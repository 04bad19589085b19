// What the job card's Rerun asks for (card-buttons.ts): the `dlc submit` the bot kept for the job, in the job's
// workspace and under its name (DLC allows repeated display names), or why there is nothing to rerun. The command then
// takes the typed path, so the operator check, the prod approval and the once-only queueing are the typed command's.

import type { TrackedJob } from '../../actions/watchers/tracked-jobs.js';
import { isTerminalJobStatus } from '../../pai/dlc-types.js';
import { submitCommandText } from '../grammar/submit-command-text.js';

export interface SubmitsKept {
  get(jobId: string): Promise<TrackedJob | undefined>;
  ended(jobId: string): Promise<TrackedJob | undefined>;
}

export type Rerun = { text: string } | { stale: string };

export async function rerunCommand(jobId: string, jobs: SubmitsKept): Promise<Rerun> {
  const tracked = await jobs.get(jobId);
  // Still tracked: the job has not ended (or it ended a moment ago and the watcher is untracking it).
  if (tracked && !isTerminalJobStatus(tracked.status))
    return {
      stale: `Job ${jobId} is ${tracked.status}, not finished; its card is not updated yet. Nothing was submitted.`,
    };
  const job = tracked ?? (await jobs.ended(jobId));
  if (!job?.submit)
    return {
      stale: `The bot no longer knows how job ${jobId} was submitted (it keeps that for 30 days). Nothing was submitted; use /pai dlc submit.`,
    };
  return { text: submitCommandText(job.submit, job.workspace.name) };
}
