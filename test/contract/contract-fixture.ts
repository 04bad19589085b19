// Loads the contract fixtures (test/contract/fixtures/*.json, written from the official generated SDK and its
// documented
// examples; each action names the SDK files it was read from) and checks a request the bot's client sent against one.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/recording-openapi-server.js';

export interface ExampleRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** The parsed JSON body of a json-object action. */
  body?: unknown;
  /** The exact body text of a json-text action (EAS service configs). */
  bodyText?: string;
}

export interface ActionContract {
  /** Where in the SDK (and docs) this contract was read. */
  source: string[];
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** With `{Param}` placeholders, as the SDK's pathname template. */
  path: string;
  /** Every query key the SDK's client can send for this action. */
  query: string[];
  /** none: the SDK sends no body; json-object: a JSON object of bodyKeys; json-text: a string body holding JSON text. */
  body: 'none' | 'json-object' | 'json-text';
  bodyKeys?: string[];
  required?: string[];
  /** Closed value lists, by query key or body path (`JobSpecs[].SpotSpec.SpotStrategy`). */
  enums?: Record<string, string[]>;
  /** Regular expressions a query value must match. */
  formats?: Record<string, string>;
  /** Allowed keys of nested body objects, by body path (`JobSpecs[]`, `Settings`). */
  nested?: Record<string, string[]>;
  responseKeys?: string[];
  responseItemKeys?: string[];
  example: {
    note?: string;
    input: Record<string, unknown>;
    request: ExampleRequest;
    response: Record<string, unknown>;
    parsed: unknown;
    configKeys?: Record<string, string[]>;
  };
}

export interface ProductContract {
  product: string;
  version: string;
  sdk: string;
  region?: string;
  actions: Record<string, ActionContract>;
}

export function loadContract(name: 'dlc' | 'eas' | 'workspace' | 'dsw'): ProductContract {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as ProductContract;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The values at a body path such as `JobSpecs[].SpotSpec.SpotStrategy` (arrays fan out; missing parts yield nothing). */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const part of path.split('.')) {
    const many = part.endsWith('[]');
    const key = many ? part.slice(0, -2) : part;
    const next: unknown[] = [];
    for (const v of current) {
      if (!isObject(v) || v[key] === undefined) continue;
      const value = v[key];
      if (many) {
        if (Array.isArray(value)) next.push(...(value as unknown[]));
      } else next.push(value);
    }
    current = next;
  }
  return current;
}

function pathPattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) => (/^\{\w+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${source}$`);
}

/** Every rule of the contract that holds for any request of the action, whatever the input. */
export function expectWithinContract(r: RecordedRequest, c: ActionContract, action: string, version: string): void {
  expect(r.headers['x-acs-action'], 'x-acs-action').toBe(action);
  expect(r.headers['x-acs-version'], 'x-acs-version').toBe(version);
  expect(r.method, `${action} method`).toBe(c.method);
  expect(r.rawPath, `${action} path`).toMatch(pathPattern(c.path));

  const unknownQuery = Object.keys(r.query).filter((k) => !c.query.includes(k));
  expect(unknownQuery, `${action} query keys the SDK does not send`).toEqual([]);
  for (const [key, allowed] of Object.entries(c.enums ?? {})) {
    const value = r.query[key];
    if (value !== undefined) expect(allowed, `${action} query ${key}`).toContain(value);
  }
  for (const [key, pattern] of Object.entries(c.formats ?? {})) {
    const value = r.query[key];
    if (value !== undefined) expect(value, `${action} query ${key} format`).toMatch(new RegExp(pattern));
  }

  if (c.body === 'none') {
    expect(r.body, `${action} sends no body`).toBe('');
    return;
  }
  expect(r.headers['content-type'], `${action} content-type`).toMatch(/^application\/json/);
  const parsed: unknown = JSON.parse(r.body);
  // A json-text body is the JSON text of an object, not a JSON-encoded string of it.
  expect(isObject(parsed), `${action} body is a JSON object`).toBe(true);
  if (c.body === 'json-text' || !isObject(parsed)) return;

  const unknownBody = Object.keys(parsed).filter((k) => !(c.bodyKeys ?? []).includes(k));
  expect(unknownBody, `${action} body keys the SDK does not define`).toEqual([]);
  for (const key of c.required ?? []) expect(parsed[key], `${action} required ${key}`).not.toBeUndefined();
  for (const [path, allowed] of Object.entries(c.enums ?? {})) {
    for (const value of path.includes('.') || path.includes('[]')
      ? valuesAt(parsed, path)
      : [parsed[path]].filter((v) => v !== undefined)) {
      expect(allowed, `${action} ${path}`).toContain(value);
    }
  }
  for (const [path, allowed] of Object.entries(c.nested ?? {})) {
    for (const value of valuesAt(parsed, path)) {
      if (!isObject(value)) continue;
      expect(
        Object.keys(value).filter((k) => !allowed.includes(k)),
        `${action} ${path} keys the SDK does not define`,
      ).toEqual([]);
    }
  }
}

/** The exact request of the fixture's example. */
export function expectExampleRequest(r: RecordedRequest, c: ActionContract): void {
  const want = c.example.request;
  expect(r.method).toBe(want.method);
  expect(r.rawPath).toBe(want.path);
  expect(r.query).toEqual(want.query);
  if (want.bodyText !== undefined) expect(r.body).toBe(want.bodyText);
  else if (want.body !== undefined) expect(JSON.parse(r.body)).toEqual(want.body);
  else expect(r.body).toBe('');
}

/** Wraps a client so a test can tell which of its methods were exercised. */
export function tracked<T extends object>(client: T): { client: T; called: Set<string> } {
  const called = new Set<string>();
  const proxy = new Proxy(client, {
    get(target, prop, receiver) {
      if (typeof prop === 'string') called.add(prop);
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
  return { client: proxy, called };
}

/** The calls a product's contract test makes, one per action, each with the fixture's example input. */
export type Invokers = Record<string, (input: Record<string, unknown>) => Promise<unknown>>;

/**
 * One test per action of the fixture (the exact request the client builds, and the example response through its
 * parser), and one that every method of the client is covered. `clientMethods` is read when the tests run.
 */
export function describeContract(
  contract: ProductContract,
  invoke: Invokers,
  api: { answer: unknown; last(): RecordedRequest },
  called: () => Set<string>,
  clientMethods: () => string[],
): void {
  describe(`${contract.product} ${contract.version} contract`, () => {
    for (const [action, c] of Object.entries(contract.actions)) {
      it(`${action}: ${c.method} ${c.path} as ${c.source[0]} builds it; the example response parses`, async () => {
        const call = invoke[action];
        if (!call) throw new Error(`no client call for ${action}`);
        api.answer = { status: 200, json: c.example.response };
        const parsed = await call(c.example.input);
        const r = api.last();
        expectWithinContract(r, c, action, contract.version);
        expectExampleRequest(r, c);
        expect(parsed).toMatchObject(c.example.parsed as object);
      });
    }

    it('covers every method of the client, one action each', () => {
      expect(Object.keys(invoke).sort()).toEqual(Object.keys(contract.actions).sort());
      expect([...called()].sort()).toEqual(clientMethods().sort());
    });
  });
}
