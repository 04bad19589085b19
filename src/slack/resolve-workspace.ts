// Pure: which configured workspace a command is about. -w wins, then the channel's default.

import type { WorkspaceConfig } from '../config/file-schema.js';

export type WorkspaceResolution = { ok: true; workspace: WorkspaceConfig } | { ok: false; message: string };

export function resolveWorkspace(
  alias: string | undefined,
  channelId: string,
  workspaces: readonly WorkspaceConfig[],
): WorkspaceResolution {
  const names = workspaces.map((w) => w.name).join(', ');
  if (alias !== undefined) {
    const found =
      workspaces.find((w) => w.name === alias) ?? workspaces.find((w) => w.name.toLowerCase() === alias.toLowerCase());
    return found
      ? { ok: true, workspace: found }
      : { ok: false, message: `There is no workspace "${alias}". Known workspaces: ${names}.` };
  }
  const byChannel = workspaces.find((w) => w.channels.includes(channelId));
  if (byChannel) return { ok: true, workspace: byChannel };
  return {
    ok: false,
    message: `This channel has no default workspace; add -w <workspace> (one of: ${names}), or map the channel to a workspace under channels: in the bot's config.`,
  };
}
