// The submit form's instance menu options (src/render/instance-options.ts): GPU and CPU groups from DLC's list, the
// price only from pricing.per_hour, unavailable types left out, filtered by what is typed, within Slack's limits
// (option text ≤ 75, value ≤ 150, 100 options in all); the pricing list, labelled so, without DLC's list.

import { describe, expect, it } from 'vitest';
import type { EcsSpec } from '../../src/pai/dlc-types.js';
import {
  instanceLabel,
  renderInstanceOptions,
  type MenuAnswer,
  type MenuGroup,
} from '../../src/render/instance-options.js';

const T4: EcsSpec = {
  InstanceType: 'ecs.gn6i-c4g1.xlarge',
  AcceleratorType: 'GPU',
  Cpu: 4,
  Memory: 15,
  Gpu: 1,
  GpuType: 'T4',
};
const A10x4: EcsSpec = { InstanceType: 'ecs.gn7i-c32g1.32xlarge', Cpu: 128, Memory: 752, Gpu: 4, GpuType: 'A10' };
const G6: EcsSpec = { InstanceType: 'ecs.g6.xlarge', AcceleratorType: 'CPU', Cpu: 4, Memory: 16, Gpu: 0 };
const C6: EcsSpec = { InstanceType: 'ecs.c6.large', AcceleratorType: 'CPU', Cpu: 2, Memory: 4 };
const GONE: EcsSpec = { ...T4, InstanceType: 'ecs.gn5-c28g1.7xlarge', GpuType: 'P100', IsAvailable: false };

const base = { perHour: { 'ecs.gn6i-c4g1.xlarge': 8.5 }, currency: 'CNY', query: '', defaultInstance: 'ecs.g6.xlarge' };
const groupsOf = (a: MenuAnswer): MenuGroup[] => ('option_groups' in a ? a.option_groups : []);
const shape = (a: MenuAnswer) => groupsOf(a).map((g) => [g.label.text, g.options.map((o) => o.value)]);

describe('from DLC’s list', () => {
  it('groups GPU before CPU types, smallest first, a price only where pricing.per_hour has one', () => {
    const a = renderInstanceOptions({ ...base, specs: [G6, A10x4, T4, C6] });
    expect(shape(a)).toEqual([
      ['GPU', ['ecs.gn6i-c4g1.xlarge', 'ecs.gn7i-c32g1.32xlarge']],
      ['CPU', ['ecs.c6.large', 'ecs.g6.xlarge']],
    ]);
    expect(groupsOf(a)[0]!.options.map((o) => o.text.text)).toEqual([
      'ecs.gn6i-c4g1.xlarge · 1×T4 · 4 vCPU 15 GiB · CNY 8.50/h',
      'ecs.gn7i-c32g1.32xlarge · 4×A10 · 128 vCPU 752 GiB',
    ]);
  });

  it('leaves out what PAI cannot sell now, and a type listed twice is offered once', () => {
    const a = renderInstanceOptions({ ...base, specs: [T4, GONE, T4, G6] });
    expect(shape(a)).toEqual([
      ['GPU', ['ecs.gn6i-c4g1.xlarge']],
      ['CPU', ['ecs.g6.xlarge']],
    ]);
  });

  it('filters by every word typed, in the text or the group name, case aside; nothing matching is no options', () => {
    const specs = [G6, A10x4, T4, C6];
    expect(shape(renderInstanceOptions({ ...base, specs, query: 'A10' }))).toEqual([
      ['GPU', ['ecs.gn7i-c32g1.32xlarge']],
    ]);
    expect(shape(renderInstanceOptions({ ...base, specs, query: 'gpu 15 gib' }))).toEqual([
      ['GPU', ['ecs.gn6i-c4g1.xlarge']],
    ]);
    expect(shape(renderInstanceOptions({ ...base, specs, query: ' cpu  ' }))).toEqual([
      ['CPU', ['ecs.c6.large', 'ecs.g6.xlarge']],
    ]);
    expect(renderInstanceOptions({ ...base, specs, query: 'h100' })).toEqual({ options: [] });
  });

  it('keeps to 100 options in all, shared between the groups, and says how many there were', () => {
    const many = (prefix: string, gpu: number, n: number): EcsSpec[] =>
      Array.from({ length: n }, (_, i) => ({
        InstanceType: `ecs.${prefix}${String(i).padStart(3, '0')}.xlarge`,
        Cpu: 4,
        Gpu: gpu,
      }));
    const both = groupsOf(renderInstanceOptions({ ...base, specs: [...many('gn', 1, 180), ...many('g', 0, 150)] }));
    expect(both.map((g) => [g.label.text, g.options.length])).toEqual([
      ['GPU (50 of 180: type to narrow)', 50],
      ['CPU (50 of 150: type to narrow)', 50],
    ]);
    const few = groupsOf(renderInstanceOptions({ ...base, specs: [...many('gn', 1, 180), ...many('g', 0, 7)] }));
    expect(few.map((g) => [g.label.text, g.options.length])).toEqual([
      ['GPU (93 of 180: type to narrow)', 93],
      ['CPU', 7],
    ]);
  });

  it('keeps an option’s text within 75 characters, dropping details before the type, and skips a value over 150', () => {
    const long: EcsSpec = { ...A10x4, InstanceType: `ecs.${'x'.repeat(50)}.xlarge`, GpuType: 'NVIDIA A10 Tensor Core' };
    const huge: EcsSpec = { ...G6, InstanceType: `ecs.${'y'.repeat(150)}` };
    const a = renderInstanceOptions({ ...base, perHour: { [long.InstanceType]: 12 }, specs: [long, huge] });
    const [option] = groupsOf(a)[0]!.options;
    expect(option!.text.text.length).toBeLessThanOrEqual(75);
    expect(option!.text.text).toBe(`${long.InstanceType} · CNY 12.00/h`);
    expect(groupsOf(a)).toHaveLength(1);
    expect(instanceLabel(`ecs.${'z'.repeat(90)}`, undefined, undefined)).toHaveLength(75);
  });
});

describe('without DLC’s list', () => {
  it('offers the default and pricing.per_hour’s types in one group that says where they come from', () => {
    const a = renderInstanceOptions({
      ...base,
      perHour: { 'ecs.gn6i-c4g1.xlarge': 8.5, 'ecs.c7.xlarge': 1 },
      specs: undefined,
    });
    expect(shape(a)).toEqual([
      [
        "pricing.per_hour (PAI's instance list is unavailable)",
        ['ecs.g6.xlarge', 'ecs.c7.xlarge', 'ecs.gn6i-c4g1.xlarge'],
      ],
    ]);
    expect(groupsOf(a)[0]!.options[2]!.text.text).toBe('ecs.gn6i-c4g1.xlarge · CNY 8.50/h');
  });

  it('filters too, and offers a full instance type typed that it does not list', () => {
    expect(shape(renderInstanceOptions({ ...base, specs: undefined, query: 'gn6i' }))).toEqual([
      ["pricing.per_hour (PAI's instance list is unavailable)", ['ecs.gn6i-c4g1.xlarge']],
    ]);
    expect(shape(renderInstanceOptions({ ...base, specs: undefined, query: 'ecs.hfg7.8xlarge' }))).toEqual([
      ['As typed', ['ecs.hfg7.8xlarge']],
    ]);
    expect(renderInstanceOptions({ ...base, specs: undefined, query: 'not a type' })).toEqual({ options: [] });
  });
});
