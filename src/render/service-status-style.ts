const EMOJI: Record<string, string> = {
  Creating: ':hourglass_flowing_sand:',
  Cloning: ':hourglass_flowing_sand:',
  Committing: ':arrows_counterclockwise:',
  Developing: ':hammer_and_wrench:',
  Complete: ':white_check_mark:',
  Waiting: ':hourglass:',
  Pending: ':hourglass:',
  Starting: ':hourglass:',
  Scaling: ':left_right_arrow:',
  Updating: ':arrows_counterclockwise:',
  HotUpdate: ':arrows_counterclockwise:',
  Running: ':large_green_circle:',
  Stopping: ':double_vertical_bar:',
  Stopped: ':black_square_for_stop:',
  Failed: ':x:',
  Deleting: ':wastebasket:',
  Deleted: ':wastebasket:',
  DeleteFailed: ':x:',
};

export function serviceEmoji(status: string): string {
  return EMOJI[status] ?? ':grey_question:';
}
