import type { ActionJob } from './action-jobs.js';

/** A short echo of the action for messages: "dlc submit train-1". */
export function describeAction(job: ActionJob): string {
  switch (job.type) {
    case 'dlc.submit':
      return `dlc submit ${job.command.name}`;
    case 'dlc.stop':
      return `dlc stop ${job.jobId}`;
    case 'dlc.status':
      return `dlc status ${job.jobId}`;
    case 'dlc.logs':
      return `dlc logs ${job.jobId}`;
    case 'dlc.list':
      return `dlc list -w ${job.workspace.name}`;
    case 'ws.list':
      return 'ws';
    case 'eas.deploy':
      return `eas deploy ${job.command.service}`;
    case 'eas.status':
    case 'eas.events':
      return `${job.type.replace('.', ' ')} ${job.service}`;
    case 'eas.list':
      return `eas list -w ${job.workspace.name}`;
    case 'eas.change':
      return `eas ${job.change.verb} ${job.service}`;
    case 'oss.check':
      return `oss check oss://${job.bucket}/${job.prefix}`;
  }
}
