// Links to a job's or service's page in the PAI console, for alerts about resources the bot did not launch.
// The EAS form is the one the PAI Python SDK builds; the DLC job page's form is not confirmed by an official
// source (docs/ has none yet), so it may land on the DLC job list of the workspace instead of the job.

const CONSOLE = 'https://pai.console.aliyun.com/';

export function easConsoleUrl(region: string, workspaceId: string, service: string): string {
  return `${CONSOLE}?regionId=${encodeURIComponent(region)}&workspaceId=${encodeURIComponent(workspaceId)}#/eas/serviceDetail/${encodeURIComponent(service)}/detail`;
}

export function dlcConsoleUrl(region: string, workspaceId: string, jobId: string): string {
  return `${CONSOLE}?regionId=${encodeURIComponent(region)}&workspaceId=${encodeURIComponent(workspaceId)}#/dlc/jobs/${encodeURIComponent(jobId)}`;
}
