import { isTerminalJobStatus } from '../pai/dlc-types.js';

const EMOJI: Record<string, string> = {
  Submitting: ':inbox_tray:',
  Creating: ':hourglass_flowing_sand:',
  Queuing: ':hourglass:',
  Bidding: ':hourglass:',
  EnvPreparing: ':package:',
  SanityChecking: ':stethoscope:',
  Running: ':arrow_forward:',
  Restarting: ':repeat:',
  Stopping: ':double_vertical_bar:',
  SucceededReserving: ':white_check_mark:',
  FailedReserving: ':x:',
  Succeeded: ':white_check_mark:',
  Failed: ':x:',
  Stopped: ':black_square_for_stop:',
};

export function statusEmoji(status: string): string {
  return EMOJI[status] ?? ':grey_question:';
}

export function isFinal(status: string): boolean {
  return isTerminalJobStatus(status);
}
