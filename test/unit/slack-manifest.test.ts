// The Slack app manifest asks for exactly what the code uses (least privilege): each scope is justified by a
// Web API method the product code calls or an event it subscribes to, and each method the code calls has
// its scope. Scope per method as Slack documents it for bot tokens.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

interface Manifest {
  features: {
    slash_commands?: { command: string; url?: string }[];
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
    app_home?: { home_tab_enabled?: boolean; messages_tab_enabled?: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { request_url?: string; bot_events?: string[] };
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
  };
}

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as Manifest;

// What each Web API method and event needs (api.slack.com/methods/<method>, api.slack.com/events/<event>).
const METHOD_SCOPES: Record<string, string[]> = {
  'chat.postMessage': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.postEphemeral': ['chat:write'],
  'usergroups.users.list': ['usergroups:read'],
  // api.slack.com/methods/views.publish: "no scope required"; the App Home is the bot's own surface.
  'views.publish': [],
  // api.slack.com/methods/views.open: "no scope required"; the trigger id comes from a command or shortcut.
  'views.open': [],
};
const EVENT_SCOPES: Record<string, string[]> = {
  reaction_added: ['reactions:read'],
  reaction_removed: ['reactions:read'],
  // api.slack.com/events/app_home_opened: no scope.
  app_home_opened: [],
};

function productSources(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (path === join('src', 'sandbox')) return []; // the stand-ins are not the product
    return statSync(path).isDirectory() ? productSources(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Slack's Web API families (api.slack.com/methods), so other clients' `client.x.y(` calls are not taken for Slack's. */
const SLACK_CALL =
  /\bclient\.((?:admin|apps|auth|bookmarks|bots|chat|conversations|dnd|emoji|files|pins|reactions|reminders|search|stars|team|usergroups|users|views)\.[\w.]+)\(/g;

/** Web API methods the product code calls: `client.chat.postMessage(`, `client.usergroups.users.list(`. */
function calledMethods(): Set<string> {
  const found = new Set<string>();
  for (const file of productSources()) {
    for (const m of readFileSync(file, 'utf8').matchAll(SLACK_CALL)) found.add(m[1]!);
  }
  return found;
}

describe('manifest.yml', () => {
  const scopes = manifest.oauth_config.scopes.bot;
  const methods = calledMethods();
  const events = manifest.settings.event_subscriptions?.bot_events ?? [];

  it('finds the Web API calls it checks', () => {
    expect([...methods].sort()).toEqual([
      'chat.postEphemeral',
      'chat.postMessage',
      'chat.update',
      'usergroups.users.list',
      'views.open',
      'views.publish',
    ]);
  });

  it('enables the Home tab exactly when the bot publishes it on app_home_opened', () => {
    const home = manifest.features.app_home?.home_tab_enabled === true;
    expect(home).toBe(methods.has('views.publish'));
    expect(events.includes('app_home_opened')).toBe(home);
  });

  it('subscribes to no event the code never names', () => {
    const listeners = productSources()
      .filter((f) => f.startsWith(join('src', 'slack')))
      .map((f) => readFileSync(f, 'utf8'));
    for (const event of events)
      expect(
        listeners.some((s) => s.includes(event)),
        event,
      ).toBe(true);
  });

  it('has a scope for every method the code calls and every event it subscribes to', () => {
    for (const method of methods)
      expect(METHOD_SCOPES[method], `scope of ${method} unknown to this test`).toBeDefined();
    for (const method of methods) for (const scope of METHOD_SCOPES[method]!) expect(scopes, method).toContain(scope);
    for (const event of events)
      for (const scope of EVENT_SCOPES[event] ?? ['unknown']) expect(scopes, event).toContain(scope);
  });

  it('asks for no scope the code does not use', () => {
    const used = new Set<string>([
      ...[...methods].flatMap((m) => METHOD_SCOPES[m] ?? []),
      ...events.flatMap((e) => EVENT_SCOPES[e] ?? []),
    ]);
    if (manifest.features.slash_commands?.length || manifest.features.shortcuts?.length) used.add('commands');
    // Cards go to every configured channel, joined or not (public ones); chat:write.public is what allows that.
    used.add('chat:write.public');
    expect(scopes.filter((s) => !used.has(s))).toEqual([]);
  });

  it('declares each shortcut the bot answers, with the commands scope it needs', () => {
    const shortcuts = manifest.features.shortcuts ?? [];
    const listeners = productSources()
      .filter((f) => f.startsWith(join('src', 'slack')) || f.startsWith(join('src', 'render')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    for (const s of shortcuts) {
      expect(listeners, s.callback_id).toContain(`'${s.callback_id}'`);
      expect(s.name.length, s.name).toBeLessThanOrEqual(24);
      expect(s.description.length).toBeLessThanOrEqual(150);
    }
    expect(shortcuts.map((s) => [s.type, s.callback_id])).toEqual([['global', 'dlc_submit_form']]);
    expect(scopes).toContain('commands');
  });

  it('sends slash commands, events and button clicks to the one endpoint the bot serves', () => {
    const urls = [
      ...(manifest.features.slash_commands ?? []).map((c) => c.url),
      manifest.settings.event_subscriptions?.request_url,
      manifest.settings.interactivity?.request_url,
      manifest.settings.interactivity?.message_menu_options_url,
    ];
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
  });

  it('gives Slack an options URL exactly when a view has a menu whose options the bot loads (external_select)', () => {
    const sources = productSources()
      .filter((f) => f.startsWith(join('src', 'render')) || f.startsWith(join('src', 'slack')))
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
    const loads = sources.includes("'external_select'") && /app\.options[<(]/.test(sources);
    expect(manifest.settings.interactivity?.message_menu_options_url !== undefined).toBe(loads);
  });
});
