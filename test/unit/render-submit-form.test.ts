// The deploy form's instance menu (src/render/submit-form.ts): prices only from the config's own entries.

import { describe, expect, it } from 'vitest';
import { instanceOptions } from '../../src/render/submit-form.js';

describe('instanceOptions', () => {
  it('prices a type from pricing.per_hour, the default first', () => {
    const options = instanceOptions({ 'ecs.c7.xlarge': 0.9 }, 'CNY', 'ecs.g6.xlarge');
    expect(options.map((o) => o.value)).toEqual(['ecs.g6.xlarge', 'ecs.c7.xlarge']);
    expect(options[1]!.text.text).toBe('ecs.c7.xlarge (CNY 0.9000/h)');
  });

  it('a type named like an Object method has no price (found by the property test)', () => {
    for (const t of ['valueOf', 'toString', 'constructor', '__proto__'])
      expect(instanceOptions({}, 'CNY', t).map((o) => o.text.text)).toEqual([t]);
  });
});
