// What the DSW renderers say (issue 20): the notebook status and list, a change's result, the stop confirmation.
// Their limits on hostile input are render-limits-property.test.ts's.

import { describe, expect, it } from 'vitest';
import type { DswInstance } from '../../src/pai/dsw-types.js';
import { CONFIRM_ACTION_ID, parseConfirmValue, renderConfirmation } from '../../src/render/eas-confirm.js';
import { renderNotebookChange } from '../../src/render/notebook-change.js';
import { renderNotebookList } from '../../src/render/notebook-list.js';
import { renderNotebookStatus } from '../../src/render/notebook-status.js';
import type { SlackMessage } from '../../src/slack-out/slack-output.js';

const MIN = 60_000;
const blocksText = (m: SlackMessage) => JSON.stringify(m.blocks);

const RUNNING: DswInstance = {
  InstanceId: 'dsw-05cefd0be2e5a278',
  InstanceName: 'bert-dev',
  WorkspaceId: '100001',
  Status: 'Running',
  EcsSpec: 'ecs.gn7i-c8g1.2xlarge',
  AccumulatedRunningTimeInMs: 192 * MIN + 31_000,
  IdleInstanceCuller: {
    MaxIdleTimeInMinutes: 60,
    CpuPercentThreshold: 20,
    GpuPercentThreshold: 10,
    IdleTimeInMinutes: 45,
  },
  UserName: 'alice',
};

describe('renderNotebookStatus', () => {
  it('shows status, type, running time, the idle-stop policy and the idle time', () => {
    const m = renderNotebookStatus(RUNNING, 'dev');
    const text = blocksText(m);
    expect(m.text).toBe('Notebook bert-dev (dsw-05cefd0be2e5a278): Running');
    for (const part of [
      ':arrow_forward: Running',
      'ecs.gn7i-c8g1.2xlarge',
      '3h 13m in all',
      'after 1h idle (CPU under 20 %, GPU under 10 %)',
      '*Idle for*\\n45m',
      '`dev`',
      'alice',
    ])
      expect(text).toContain(part);
  });

  it('says when there is no idle-stop policy, shows a failure reason, and an unknown status as it is', () => {
    const failed = renderNotebookStatus(
      {
        InstanceId: 'dsw-abcd1234',
        Status: 'Failed',
        ReasonCode: 'ImagePullBackOff',
        ReasonMessage: 'Back-off pulling image <x>',
      },
      'dev',
    );
    expect(blocksText(failed)).toContain('none: it runs until someone stops it');
    expect(blocksText(failed)).toContain('*Reason*\\nImagePullBackOff: Back-off pulling image &lt;x&gt;');
    expect(blocksText(failed)).not.toContain('Idle for');
    const odd = renderNotebookStatus({ InstanceId: 'dsw-abcd1234', Status: 'Hibernating' }, 'dev');
    expect(blocksText(odd)).toContain(':grey_question: Hibernating');
    expect(odd.text).toBe('Notebook dsw-abcd1234: Hibernating');
  });

  it('a subscription notebook shows what it requested from its resource group', () => {
    const sub = renderNotebookStatus(
      {
        InstanceId: 'dsw-abcd1234',
        Status: 'Stopped',
        RequestedResource: { CPU: '8', Memory: '32Gi', GPU: '1', GPUType: 'A10' },
      },
      'dev',
    );
    expect(blocksText(sub)).toContain('8 CPU, 32Gi memory, 1 × A10 (resource group)');
  });
});

describe('renderNotebookList', () => {
  const view = { workspace: 'dev', idle: false, idleAfterMs: 2 * 60 * MIN };

  it('one row per notebook: id, name, status, type, running time, idle-stop', () => {
    const stopped: DswInstance = { InstanceId: 'dsw-abcd1234', Status: 'Stopped', EcsSpec: 'ecs.g6.xlarge' };
    const m = renderNotebookList({ ...view, notebooks: [RUNNING, stopped] });
    const text = blocksText(m);
    expect(m.text).toBe('DSW notebooks in dev: 2 notebook(s)');
    expect(text).toContain(
      ':arrow_forward: `dsw-05cefd0be2e5a278` *bert-dev* Running · ecs.gn7i-c8g1.2xlarge · ran 3h 13m · idle 45m, stops after 1h idle',
    );
    expect(text).toContain(':black_square_for_stop: `dsw-abcd1234` Stopped · ecs.g6.xlarge · no idle-stop');
  });

  it('an idle listing says what idle means and what to do; an empty one says why it is empty', () => {
    const idle = renderNotebookList({ ...view, idle: true, notebooks: [RUNNING] });
    expect(blocksText(idle)).toContain(
      'Idle DSW notebooks in dev (Running, idle 2h or more, or with no idle-stop policy)',
    );
    expect(blocksText(idle)).toContain('/pai dsw idle-stop');
    const none = renderNotebookList({ ...view, idle: true, notebooks: [] });
    expect(blocksText(none)).toContain('every running notebook has an idle-stop policy and has been idle less than 2h');
    expect(renderNotebookList({ ...view, status: 'Saved', notebooks: [] }).text).toBe(
      'DSW notebooks in dev (status Saved): none.',
    );
  });

  it('says how many more there are past what it shows', () => {
    const many = Array.from({ length: 45 }, (_, i) => ({
      ...RUNNING,
      InstanceId: `dsw-${String(i).padStart(8, '0')}`,
    }));
    const m = renderNotebookList({ ...view, notebooks: many });
    expect(blocksText(m)).toContain('…15 more; narrow it with --status or --idle.');
    expect(m.text).toContain('45 notebook(s)');
  });
});

describe('renderNotebookChange', () => {
  const base = { requester: 'U0ALICE', instanceId: 'dsw-abcd1234', name: 'bert-dev', workspace: 'dev' };

  it('words each change with who made it', () => {
    expect(renderNotebookChange({ ...base, change: { verb: 'stop', from: 'Running', saveImage: true } }).text).toBe(
      ':black_square_for_stop: DSW notebook *bert-dev* `dsw-abcd1234` in `dev` is stopping (it was Running); its environment is saved as an image first, by <@U0ALICE>.',
    );
    expect(renderNotebookChange({ ...base, change: { verb: 'start', from: 'Stopped' } }).text).toContain(
      'is starting (it was Stopped), by <@U0ALICE>.',
    );
    const idle = renderNotebookChange({
      ...base,
      change: {
        verb: 'idle-stop',
        policy: { maxIdleMinutes: 90, cpuPercent: 20, gpuPercent: 5 },
        previous: { maxIdleMinutes: 240, cpuPercent: 20, gpuPercent: 10 },
      },
    });
    expect(idle.text).toContain(
      'now stops itself once idle for 1h 30m (CPU under 20 %, GPU under 5 % on a GPU instance); this replaces the policy of 4h',
    );
  });
});

describe('the dsw stop confirmation', () => {
  const value = {
    verb: 'dsw-stop' as const,
    instanceId: 'dsw-abcd1234',
    saveImage: true,
    workspace: { name: 'dev', id: '100001' },
  };

  it('asks, names the workspace and the image, and carries a value that parses back to the same stop', () => {
    const m = renderConfirmation(value);
    expect(m.text).toBe('Stop DSW notebook dsw-abcd1234? Confirm with the button, or add --yes to the command.');
    expect(blocksText(m)).toContain('in workspace `dev`');
    expect(blocksText(m)).toContain('saves its environment as an image');
    const button = (m.blocks as { elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === CONFIRM_ACTION_ID);
    expect(parseConfirmValue(button?.value)).toEqual(value);
  });

  it('offers no button for a value that would not parse back; refuses forged values', () => {
    const m = renderConfirmation({ ...value, instanceId: 'dsw-../x' });
    expect(blocksText(m)).not.toContain(`"action_id":"${CONFIRM_ACTION_ID}"`);
    expect(blocksText(m)).toContain('not a valid DSW instance id');
    for (const forged of [
      { ...value, saveImage: 'yes' },
      { ...value, workspace: { name: 'dev' } },
      { ...value, workspace: { name: 'x'.repeat(65), id: '1' } },
      { ...value, verb: 'dsw-start' },
    ])
      expect(parseConfirmValue(JSON.stringify(forged))).toBeUndefined();
  });
});
