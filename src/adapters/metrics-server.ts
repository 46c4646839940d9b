// In gateway mode there is no HTTP server to hang /metrics on: this small one, on METRICS_PORT,
// serves the scrape and the same health answers as HTTP mode (a container's HEALTHCHECK uses them).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';

export interface MetricsServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly scrape: () => Promise<{ readonly contentType: string; readonly body: string }>;
  /** `ready` false: /healthz and /readyz answer 503. */
  readonly health: () => { ready: boolean; [k: string]: unknown };
  readonly log: Logger;
}

export interface MetricsServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  let closing = false;
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown): void => {
      const text = JSON.stringify(body);
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return json(405, { error: 'method not allowed' });
    if (path === '/metrics') {
      opts.scrape().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body) });
          res.end(req.method === 'HEAD' ? undefined : body);
        },
        (err: unknown) => {
          opts.log.error({ err }, 'metrics scrape failed');
          json(500, { error: 'scrape failed' });
        },
      );
      return;
    }
    if (path === '/healthz' || path === '/readyz') {
      const status = opts.health();
      const ok = status.ready && (path === '/healthz' || !closing);
      return json(ok ? 200 : 503, { ...status, ...(closing && { draining: true }) });
    }
    json(404, { error: 'not found' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  opts.log.info({ port }, `metrics on http://${opts.host ?? '0.0.0.0'}:${port}/metrics`);
  return {
    port,
    close() {
      closing = true;
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
