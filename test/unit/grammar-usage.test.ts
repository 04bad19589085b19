import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/slack/grammar/parse.js';
import { TOP_LEVEL_USAGE, USAGE, groupUsage, helpText, usageFor } from '../../src/slack/grammar/usage.js';

// The documented grammar (the interface's command list), plus the additions made since: `[--yes]` on the eas lifecycle
// verbs and `[--skip-preflight]` on dlc submit, `[--cpu P]` on eas autoscale (EAS requires a metric; issue 18), the help topics
// dsw and gallery, and on the DSW verbs (issue 20) `[-w <workspace>]` on each and `[--yes]` on stop, as on eas stop.
const INTERFACE_BLOCK = `/pai help [dlc|eas|oss|approvals|dsw|gallery]
/pai ws
/pai dlc submit <name> --image <image> --command "<command>" [--type PyTorchJob] [--workers N]
                [--instance <ecs-spec>] [--data oss://bucket/path[:/mount/path]]... [--env KEY=VALUE]...
                [--priority 1-9] [--spot] [--skip-preflight] [-w <workspace>]
/pai dlc status <job-id>
/pai dlc list [--status <status>] [--mine] [-w <workspace>]
/pai dlc stop <job-id>
/pai dlc logs <job-id> [--pod <pod-id>] [--tail N]
/pai eas deploy <service> --image <image> [--instance <type>] [--replicas N] [--port P] [--command "<command>"]
                [--model oss://bucket/path] [-w <workspace>]
/pai eas status <service>
/pai eas list [-w <workspace>]
/pai eas scale <service> <replicas>
/pai eas autoscale <service> --min N --max M [--qps N] [--cpu P]
/pai eas stop|start|restart|delete <service> [--yes]
/pai eas traffic <service> <weight>
/pai eas events <service>
/pai oss check oss://bucket/prefix [-w <workspace>]
/pai approvals
/pai cancel <request-id>
/pai dsw list [--status <status>] [--idle] [-w <workspace>]
/pai dsw status <instance-id> [-w <workspace>]
/pai dsw stop <instance-id> [--save-image] [--yes] [-w <workspace>]
/pai dsw start <instance-id> [-w <workspace>]
/pai dsw idle-stop <instance-id> --after <duration> [--cpu <percent>] [--gpu <percent>] [-w <workspace>]
/pai gallery list [--task <task>] [--search <text>]
/pai gallery deploy <model-id> <service> [--instance <type>] [--replicas N] [-w <workspace>]
/pai cost [-w <workspace>] [--since <duration>]
/pai alerts [-w <workspace>]`;

describe('usage', () => {
  it('the top-level usage is exactly the documented grammar', () => {
    expect(TOP_LEVEL_USAGE).toBe(INTERFACE_BLOCK);
  });

  it('every verb has usage lines taken from the grammar', () => {
    for (const line of Object.values(USAGE)) expect(INTERFACE_BLOCK).toContain(line);
    expect(usageFor('dlc.logs')).toBe('/pai dlc logs <job-id> [--pod <pod-id>] [--tail N]');
    expect(usageFor('eas.restart')).toBe('/pai eas stop|start|restart|delete <service> [--yes]');
    expect(groupUsage('dlc').split('\n')).toHaveLength(7);
  });
});

describe('helpText', () => {
  const topics = [undefined, 'dlc', 'eas', 'oss', 'approvals', 'gallery'] as const;

  it.each(topics)('help %s is non-empty mrkdwn under 3000 characters with & < > escaped', (topic) => {
    const text = helpText(topic);
    expect(text.length).toBeGreaterThan(100);
    expect(text.length).toBeLessThan(3000);
    expect(text).not.toMatch(/[<>]/);
    expect(text).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it("the README's command list is the grammar the bot shows", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = readme.slice(readme.indexOf('## Commands'));
    const block = /```\n([\s\S]*?)\n```/.exec(section)?.[1];
    expect(block).toBe(TOP_LEVEL_USAGE);
  });

  it('the top-level help mentions every verb, and nothing is marked as unavailable', () => {
    const text = helpText();
    for (const verb of [
      '/pai ws',
      '/pai dlc submit',
      '/pai dlc logs',
      '/pai eas deploy',
      '/pai eas events',
      '/pai oss check',
      '/pai approvals',
      '/pai cancel',
      '/pai dsw list|status|stop|start|idle-stop',
      '/pai gallery list|deploy',
      '/pai cost',
      '/pai alerts',
    ]) {
      expect(text).toContain(verb);
    }
    for (const topic of topics) expect(helpText(topic)).not.toMatch(/not available/i);
  });

  it('the dlc help gives examples that parse', () => {
    const examples = helpText('dlc')
      .split('\n')
      .filter((l) => l.startsWith('`/pai dlc ') && !l.includes(' — '))
      .map((l) => l.replace(/^`\/pai /, '').replace(/`$/, ''));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const result = parseCommand(example);
      expect(result.ok, example).toBe(true);
    }
  });
});
