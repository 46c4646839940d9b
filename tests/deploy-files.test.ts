// No Docker engine runs here, so the image and compose.yaml are never built or started in tests
// (README "Running at scale" says what was not run). What can be checked without one is checked:
// the files name commands, variables, paths and routes that exist.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ENV_DOCS } from '../src/config.ts';
import { REPO } from './support/paths.ts';

const read = (file: string): string => fs.readFileSync(path.join(REPO, file), 'utf8');

interface Service {
  readonly image?: string;
  readonly build?: string;
  readonly command?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly healthcheck?: { readonly disable?: boolean };
  readonly stop_grace_period?: string;
}
const compose = parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> };
const ours = Object.entries(compose.services).filter(([, s]) => s.build === '.');
/** Read by the stores (DATABASE_URL, REDIS_URL), documented with them. */
const STORE_VARIABLES = ['DATABASE_URL', 'REDIS_URL'];

describe('compose.yaml', () => {
  it('has the databases, the one-shot index build, two replicas, a load balancer and the feed worker', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['feeds', 'http-1', 'http-2', 'index-build', 'lb', 'postgres', 'redis']);
    expect(compose.services['index-build']?.command).toEqual(['index', 'build', '--out', '/index']);
    for (const name of ['http-1', 'http-2']) {
      const replica = compose.services[name];
      expect(replica?.command).toEqual(['serve']);
      expect(replica?.environment?.['INDEX_DIR']).toBe('/index');
    }
  });

  it('sets only variables Attaché reads, and waits longer than the drain on stop', () => {
    for (const [name, service] of ours) {
      for (const key of Object.keys(service.environment ?? {})) expect([...Object.keys(ENV_DOCS), ...STORE_VARIABLES], `${name}: ${key}`).toContain(key);
      expect(Number.parseInt(service.stop_grace_period ?? '10', 10), name).toBeGreaterThan(Number.parseInt(ENV_DOCS.SHUTDOWN_GRACE_SECONDS[0].replace(/`/g, ''), 10));
    }
  });

  it('balances over exactly the replicas, taking each out while /readyz is not 200', () => {
    const haproxy = read('deploy/haproxy.cfg');
    const servers = [...haproxy.matchAll(/^\s*server (\S+) (\S+):8080 check$/gm)].map((m) => [m[1], m[2]]);
    expect(servers).toEqual([
      ['http-1', 'http-1'],
      ['http-2', 'http-2'],
    ]);
    expect(haproxy).toMatch(/^\s*option httpchk GET \/readyz$/m);
    expect(read('src/adapters/http/server.ts')).toContain("path === '/readyz'");
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');

  it('copies only paths that exist, installs production dependencies, and runs node as a non-root user under tini', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => (m[1] ?? '').split(/\s+/));
    expect(sources.length).toBeGreaterThan(4);
    for (const source of sources) expect(fs.existsSync(path.join(REPO, source)), source).toBe(true);
    expect(dockerfile).toMatch(/^FROM node:20-slim AS deps$/m);
    expect(dockerfile).toMatch(/^FROM node:20-slim AS runtime$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["\/usr\/bin\/tini", "--", "node", "--import", "tsx", "src\/main\.ts"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*\n.*\/healthz/m);
  });

  it('keeps secrets, local data and dependencies out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['node_modules', '.env', 'data', '.git']) expect(ignored).toContain(entry);
  });
});
