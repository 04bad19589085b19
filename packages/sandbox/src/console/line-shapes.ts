// Argument shapes more than one console line checks, kept in one place so the lines cannot drift apart.

/** A PAI reason code such as OOMKilled or ImagePullBackOff. */
export const REASON_CODE = /^[A-Za-z][A-Za-z0-9._-]*$/;
/** EAS service names, as the bot's grammar accepts them. */
export const SERVICE_NAME = /^[a-z][a-z0-9_]{0,63}$/;

/** The ReasonMessage of a job failed from the console: the words typed, else one that says where the failure came from. */
export function reasonMessageOf(reasonCode: string, words: readonly string[]): string {
  return words.join(' ') || `the simulator failed this job (${reasonCode})`;
}
