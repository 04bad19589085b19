// What a DSW change asks for, as the queued job stores it in Redis (and as an approval hashes it). This is a persisted
// format: a queued or approved change made by an older release must still run, so it is defined here, by the use
// case, and the grammar parses into it (src/slack/grammar/commands.ts).

/** A change to one notebook instance (`/pai dsw stop|start|idle-stop`). */
export type DswChange =
  /** StopInstance; saveImage: SaveImage=true, the environment is saved as an image while stopping. */
  | { verb: 'stop'; saveImage: boolean }
  /** StartInstance. */
  | { verb: 'start' }
  /**
   * The idle-stop policy (CreateIdleInstanceCuller, after DeleteIdleInstanceCuller when one exists: one per instance):
   * stopped once idle longer than maxIdleMinutes; idle means CPU use under cpuPercent, and on a GPU instance GPU use
   * under gpuPercent as well. Both thresholds are always sent (docs/pai-wire-notes.md, the DSW section).
   */
  | { verb: 'idle-stop'; maxIdleMinutes: number; cpuPercent: number; gpuPercent: number };

export type DswChangeVerb = DswChange['verb'];
