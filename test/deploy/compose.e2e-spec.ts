/**
 * docker/: the compose file is valid for a compose implementation, and holds what a reviewer
 * checks (2 api replicas behind a load balancer, one-shot migrations first, Prometheus scraping
 * the api replicas and the worker, a Grafana dashboard for every gateway metric, the Dockerfile's
 * targets). No Docker engine is needed: `config` only parses, validates and interpolates.
 *
 * Validator: `docker compose` (the v2 plugin) when the docker client has it, else Debian's
 * `docker-compose` (v1.29, package `docker-compose`), whose `config` validates against the
 * compose-spec schema it bundles. One of the two must be there: the test fails otherwise.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CORE_SCHEMA, load as loadYaml, mergeTag } from 'js-yaml';

const ROOT = resolve(__dirname, '..', '..');
const DOCKER = join(ROOT, 'docker');
const COMPOSE = join(DOCKER, 'compose.yml');

/** The metrics the dashboard must show: the issue's list... */
const ISSUE_METRICS = [
  'gateway_requests_total',
  'gateway_request_duration_seconds',
  'gateway_upstream_duration_seconds',
  'gateway_time_to_first_token_seconds',
  'gateway_tokens_total',
  'gateway_cost_usd_total',
  'gateway_rate_limited_total',
  'gateway_provider_up',
  'gateway_queue_jobs',
  'gateway_overhead_seconds',
];
/** ...and every metric GatewayMetrics defines (a new one needs a panel too). */
const METRICS = [
  ...new Set([
    ...ISSUE_METRICS,
    ...[...readFileSync(join(ROOT, 'libs/metrics/src/gateway-metrics.service.ts'), 'utf8').matchAll(/name: '(gateway_[a-z_]+)'/g)].map((m) => m[1]),
  ]),
];

const run = (cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> =>
  spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
const ok = (cmd: string, args: string[]) => {
  const r = run(cmd, args);
  return !r.error && r.status === 0;
};

/** The compose implementation on this machine, as argv prefix. */
function composeCli(): string[] | null {
  if (ok('docker', ['compose', 'version'])) return ['docker', 'compose'];
  if (ok('docker-compose', ['version'])) return ['docker-compose'];
  return null;
}

/** YAML as compose reads it: merge keys (`<<: *anchor`) included. */
const load = (source: string) => loadYaml(source, { schema: CORE_SCHEMA.withTags(mergeTag) });

type Service = Record<string, any>;
const text = (file: string) => readFileSync(join(DOCKER, file), 'utf8');
const yaml = (file: string) => load(text(file)) as Record<string, any>;
const env = (s: Service): Record<string, string> =>
  Array.isArray(s.environment)
    ? Object.fromEntries(s.environment.map((kv: string) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
    : { ...(s.environment ?? {}) };
const dependsOn = (s: Service): Record<string, { condition: string }> =>
  Array.isArray(s.depends_on) ? Object.fromEntries(s.depends_on.map((d: string) => [d, { condition: 'service_started' }])) : (s.depends_on ?? {});

describe('docker/compose.yml', () => {
  const cli = composeCli();
  const compose = yaml('compose.yml');
  const services: Record<string, Service> = compose.services;

  const config = (file: string, extra: string[] = [], envVars: NodeJS.ProcessEnv = {}) => {
    const [cmd, ...pre] = cli!;
    return run(cmd, [...pre, ...extra, '-f', file, 'config'], envVars);
  };

  it('has a compose implementation to validate with (docker compose, or Debian package docker-compose)', () => {
    if (!cli) throw new Error('No compose CLI: `docker compose` is unknown and `docker-compose` is missing. Install Debian package docker-compose (apt-get install docker-compose).');
  });

  const withCli = cli ? it : it.skip;

  withCli('validates as is, with its local defaults (`config`)', () => {
    const r = config(COMPOSE);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.not.stringMatching(/error|invalid/i) });
    const resolved = load(r.stdout) as Record<string, any>;
    expect(Object.keys(resolved.services).sort()).toEqual(['api', 'grafana', 'lb', 'migrate', 'postgres', 'prometheus', 'redis', 'worker']);
    // Interpolated: no ${...} left ($${...} is an escaped `$`), and the gateway services share
    // one database and Redis.
    expect(r.stdout).not.toMatch(/(?<!\$)\$\{/);
    const urls = ['migrate', 'api', 'worker'].map((s) => env(resolved.services[s]));
    for (const e of urls) {
      expect(e.DATABASE_URL).toBe(urls[0].DATABASE_URL);
      expect(e.REDIS_URL).toBe('redis://redis:6379');
      expect(e.ENCRYPTION_KEY).toBe(urls[0].ENCRYPTION_KEY);
      expect(e.NODE_ENV).toBe('production');
    }
    expect(urls[0].DATABASE_URL).toMatch(/^postgres:\/\/[^:]+:[^@]+@postgres:5432\/\w+$/);
  });

  withCli('validates with docker/.env.example as the env file, and every ${VAR} it uses is documented there', () => {
    const r = config(COMPOSE, ['--env-file', join(DOCKER, '.env.example')]);
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: expect.any(String) });
    expect(r.stdout).toContain('ADMIN_EMAIL: admin@example.com');
    const used = new Set([...text('compose.yml').replace(/^\s*#.*$/gm, '').matchAll(/\$\{([A-Z0-9_]+)/g)].map((m) => m[1]));
    const documented = new Set([...text('.env.example').matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]));
    expect([...used].filter((v) => !documented.has(v))).toEqual([]);
  });

  withCli('is really checked: the validator rejects broken copies of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'compose-'));
    const check = (from: string, to: string) => {
      const file = join(dir, 'compose.yml');
      writeFileSync(file, text('compose.yml').replace(from, to));
      const r = config(file);
      return { status: r.status, stderr: r.stderr };
    };
    try {
      // The same file from another folder still validates: what fails below is the edit.
      expect(check('', '')).toEqual({ status: 0, stderr: expect.any(String) });
      const rejects = (from: string, to: string, message: string) => {
        const r = check(from, to);
        expect({ rejected: r.status !== 0, names: r.stderr.includes(message) }).toEqual({ rejected: true, names: true });
      };
      rejects('restart: "no"', 'restart: "no"\n    no_such_option: true', 'no_such_option');
      rejects('replicas: 2', 'replicas: two', 'replicas');
      rejects('condition: service_completed_successfully', 'condition: service_done', 'service_done');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs 2 api replicas, without migrating at boot, behind a streaming-friendly load balancer on 3000', () => {
    const api = services.api;
    expect(api.deploy.replicas).toBe(2);
    expect(api.build.target).toBe('api');
    expect(api.build.dockerfile).toBe('docker/Dockerfile');
    expect(env(api).RUN_MIGRATIONS).toBe('false');
    for (const v of ['DATABASE_URL', 'REDIS_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD']) expect(env(api)[v]).toBeTruthy();
    // Replicas publish no host port (2 replicas could not share one): the load balancer does.
    expect(api.ports).toBeUndefined();
    const lb = services.lb;
    expect(lb.image).toMatch(/^nginx:/);
    expect(lb.ports).toContain('${GATEWAY_PORT:-3000}:80');
    expect(lb.volumes).toContain('./nginx.conf:/etc/nginx/conf.d/default.conf:ro');
    const nginx = text('nginx.conf');
    expect(nginx).toMatch(/proxy_pass\s+\$gateway_api;/);
    expect(nginx).toMatch(/set\s+\$gateway_api\s+http:\/\/api:3000;/);
    expect(nginx).toMatch(/proxy_buffering\s+off;/);
    expect(nginx).toMatch(/proxy_read_timeout\s+3600s;/);
    expect(nginx).toMatch(/resolver\s+127\.0\.0\.11/);
  });

  const withNginx = ok('nginx', ['-v']) ? it : it.skip;

  withNginx('nginx.conf passes `nginx -t` inside an http {} block (as conf.d/default.conf is)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nginx-'));
    try {
      const conf = join(dir, 'nginx.conf');
      writeFileSync(conf, `pid ${dir}/nginx.pid;\nevents {}\nhttp {\n  include ${join(DOCKER, 'nginx.conf')};\n}\n`);
      const r = run('nginx', ['-t', '-p', dir, '-e', join(dir, 'error.log'), '-c', conf]);
      expect({ status: r.status, out: r.stderr }).toEqual({ status: 0, out: expect.stringContaining('test is successful') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('migrates once, before the api and the worker start', () => {
    const migrate = services.migrate;
    expect(migrate.restart).toBe('no');
    expect(migrate.command).toEqual(['node', 'dist/apps/api/src/migrate.js', 'run']);
    expect(migrate.build.target).toBe('api');
    expect(migrate.image).toBe(services.api.image);
    expect(dependsOn(migrate).postgres.condition).toBe('service_healthy');
    for (const s of ['api', 'worker']) {
      expect(dependsOn(services[s]).migrate.condition).toBe('service_completed_successfully');
      expect(dependsOn(services[s]).redis.condition).toBe('service_healthy');
    }
    expect(services.postgres.image).toMatch(/^postgres:16/);
    expect(services.postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(services.redis.image).toMatch(/^redis:7/);
    expect(services.redis.healthcheck.test.join(' ')).toContain('redis-cli ping');
    expect(services.worker.build.target).toBe('worker');
  });

  it('has Prometheus scrape every api replica (DNS discovery) and the worker, with the METRICS_TOKEN bearer', () => {
    const prom = services.prometheus;
    expect(prom.image).toMatch(/^prom\/prometheus:/);
    expect(prom.volumes).toContain('./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(env(prom).METRICS_TOKEN).toBe('${METRICS_TOKEN:-}');
    expect(prom.command.join(' ')).toContain('"$$METRICS_TOKEN" > /prometheus/metrics_token');
    const jobs: Service[] = yaml('prometheus/prometheus.yml').scrape_configs;
    const job = (name: string) => jobs.find((j) => j.job_name === name)!;
    expect(job('gateway-api').dns_sd_configs).toEqual([expect.objectContaining({ names: ['api'], type: 'A', port: 3000 })]);
    expect(job('gateway-worker').dns_sd_configs).toEqual([expect.objectContaining({ names: ['worker'], type: 'A', port: 3001 })]);
    for (const name of ['gateway-api', 'gateway-worker']) {
      expect(job(name).metrics_path).toBe('/metrics');
      expect(job(name).authorization).toEqual({ type: 'Bearer', credentials_file: '/prometheus/metrics_token' });
    }
  });

  const withPromtool = ok('promtool', ['--version']) ? it : it.skip;

  withPromtool('prometheus.yml passes `promtool check config`', () => {
    // promtool wants the credentials file to exist: point it at a temporary one.
    const dir = mkdtempSync(join(tmpdir(), 'prom-'));
    try {
      writeFileSync(join(dir, 'metrics_token'), 'token');
      writeFileSync(join(dir, 'prometheus.yml'), text('prometheus/prometheus.yml').replaceAll('/prometheus/metrics_token', join(dir, 'metrics_token')));
      const r = run('promtool', ['check', 'config', join(dir, 'prometheus.yml')]);
      expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: expect.stringContaining('SUCCESS') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  describe('Grafana', () => {
    const dashboard = JSON.parse(text('grafana/dashboards/gateway.json'));
    const panels: Service[] = dashboard.panels.flatMap((p: Service) => [p, ...(p.panels ?? [])]);
    const exprs: string[] = panels.flatMap((p) => (p.targets ?? []).map((t: Service) => t.expr));

    it('is provisioned: the Prometheus datasource and the dashboard folder', () => {
      const g = services.grafana;
      expect(g.image).toMatch(/^grafana\/grafana:/);
      expect(g.volumes).toEqual(expect.arrayContaining(['./grafana/provisioning:/etc/grafana/provisioning:ro', './grafana/dashboards:/var/lib/grafana/dashboards:ro']));
      const [ds] = yaml('grafana/provisioning/datasources/prometheus.yml').datasources;
      expect(ds).toMatchObject({ type: 'prometheus', uid: 'prometheus', url: 'http://prometheus:9090' });
      const [provider] = yaml('grafana/provisioning/dashboards/gateway.yml').providers;
      expect(provider).toMatchObject({ type: 'file', options: { path: '/var/lib/grafana/dashboards' } });
    });

    it('has a dashboard that queries every gateway metric, on the provisioned datasource', () => {
      expect(dashboard.uid).toBe('llm-gateway');
      for (const metric of METRICS) expect({ metric, used: exprs.some((e) => e.includes(metric)) }).toEqual({ metric, used: true });
      for (const p of panels.filter((p) => p.type !== 'row')) {
        expect(p.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
        expect(p.targets.length).toBeGreaterThan(0);
      }
      const titles = panels.map((p) => p.title);
      for (const t of ['Request rate by model and status', 'Request latency p50 / p95', 'Time to first token p50 / p95', 'Gateway overhead p50 / p99', 'Tokens in / out per second', 'Cost rate (USD / hour) by model', 'Rate-limited requests per second', 'Provider up', 'Queue jobs by queue and state'])
        expect(titles).toContain(t);
      // Panels don't overlap on the 24-column grid.
      const cells = new Set<string>();
      for (const { gridPos: g } of panels.filter((p) => p.type !== 'row' || p.gridPos)) {
        expect(g.x + g.w).toBeLessThanOrEqual(24);
        for (let x = g.x; x < g.x + g.w; x++) for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`)).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    });

    withPromtool("has PromQL that parses (promtool check rules, with Grafana's variables filled in)", () => {
      const dir = mkdtempSync(join(tmpdir(), 'dash-'));
      try {
        const rules = exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr: expr.replaceAll('$__rate_interval', '1m').replaceAll('$model', '.*') }));
        writeFileSync(join(dir, 'rules.yml'), JSON.stringify({ groups: [{ name: 'dashboard', rules }] }));
        const r = run('promtool', ['check', 'rules', join(dir, 'rules.yml')]);
        expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: expect.stringContaining(`SUCCESS: ${rules.length} rules found`) });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(DOCKER, 'Dockerfile'), 'utf8');
  /** Instructions per stage, continuation lines joined. */
  const stages: Record<string, string[]> = {};
  let current = '';
  for (const line of dockerfile.replace(/\\\n\s*/g, ' ').split('\n').map((l) => l.trim())) {
    const from = line.match(/^FROM\s+\S+(?:\s+AS\s+(\S+))?/i);
    if (from) stages[(current = from[1] ?? `#${Object.keys(stages).length}`)] = [];
    if (current && line && !line.startsWith('#')) stages[current].push(line);
  }

  it('builds on node:20-bookworm-slim in a build stage: a strict npm ci, both builds, then prune', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(Object.keys(stages)).toEqual(['build', 'runtime', 'worker', 'api']);
    const build = stages.build.join('\n');
    expect(build).toContain('RUN npm ci --no-audit --no-fund\n');
    expect(build).not.toContain('npm install');
    expect(build).toContain('npm run build:api && npm run build:console');
    expect(build).toContain('npm prune --omit=dev');
  });

  it('has api and worker targets: non-root, exposed ports, health checks, entry points', () => {
    expect(stages.runtime).toEqual(expect.arrayContaining(['USER node', 'COPY --from=build /app/dist ./dist', 'COPY --from=build /app/node_modules ./node_modules', 'COPY --from=build /app/package.json ./package.json']));
    expect(stages.api[0]).toBe('FROM runtime AS api');
    expect(stages.worker[0]).toBe('FROM runtime AS worker');
    expect(stages.api).toContain('EXPOSE 3000');
    // The image starts the gateway with the node flags of `npm run start:prod` (the ones the benchmark measures).
    const startProd: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['start:prod'];
    expect(startProd).toContain('--single-threaded-gc');
    expect(stages.api).toContain(`CMD ${JSON.stringify(startProd.split(' '))}`.replaceAll('","', '", "'));
    expect(stages.api.find((l) => l.startsWith('HEALTHCHECK'))).toContain('/api/v1/health');
    expect(stages.worker).toContain('EXPOSE 3001');
    expect(stages.worker).toContain('CMD ["node", "dist/apps/worker/src/main.js"]');
    expect(stages.worker.find((l) => l.startsWith('HEALTHCHECK'))).toContain("/health'");
  });

  it('copies from the context only what .dockerignore lets through, and that exists', () => {
    const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8');
    for (const p of ['node_modules', 'dist', 'data', 'test-results', '.git', 'bench/profiles']) expect(ignore.split('\n')).toContain(p);
    const copied = stages.build.filter((l) => l.startsWith('COPY ') && !l.includes('--from')).flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(copied.length).toBeGreaterThan(5);
    for (const p of copied) expect({ p, there: spawnSync('test', ['-e', join(ROOT, p)]).status === 0 }).toEqual({ p, there: true });
  });
});
