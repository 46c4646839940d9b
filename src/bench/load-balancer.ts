// A small round-robin HTTP load balancer on loopback, in front of `serve` replicas: the replica
// test and the replica bench use it so neither needs HAProxy installed. Each request goes to the
// next live backend. A backend that refuses the connection is dropped and the request goes to the
// next one (it never reached a replica, so it cannot be answered twice), as HAProxy's
// `retry-on conn-failure` does; a request lost after it reached a replica gets 502 and is not
// retried (the replica may have acted on it). Every response names the backends tried, in order,
// in `x-attache-backend` ("2,0"), so a caller can tell which replica served or lost it.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LoadBalancerOptions {
  /** Backend ports on `host`. */
  readonly backends: readonly number[];
  readonly host?: string;
  /** The proxy's own port (default 0: any free one). */
  readonly port?: number;
}

export interface LoadBalancer {
  readonly port: number;
  /** Responses relayed per backend (index into `backends`). */
  readonly served: readonly number[];
  /** Whether each backend is still in rotation. */
  readonly live: readonly boolean[];
  /** Takes a backend out of rotation (a health check that failed, an operator's drain). */
  drop(index: number): void;
  close(): Promise<void>;
}

export const BACKEND_HEADER = 'x-attache-backend';

/** Connection errors that prove the request never reached the backend's application. */
function neverReached(err: NodeJS.ErrnoException, reusedSocket: boolean): boolean {
  if (err.code === 'ECONNREFUSED') return true;
  // A kept-alive connection the backend closed just as it was reused (Node's documented race):
  // nothing was read by the application on it.
  return reusedSocket && err.code === 'ECONNRESET';
}

export async function startLoadBalancer(opts: LoadBalancerOptions): Promise<LoadBalancer> {
  const host = opts.host ?? '127.0.0.1';
  const live = opts.backends.map(() => true);
  const served = opts.backends.map(() => 0);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  let next = 0;

  const pick = (): number | undefined => {
    for (let i = 0; i < live.length; i++) {
      const candidate = (next + i) % live.length;
      if (live[candidate]) {
        next = candidate + 1;
        return candidate;
      }
    }
    return undefined;
  };

  const forward = (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse, tried: number[]): void => {
    const backend = pick();
    if (backend === undefined) {
      res.writeHead(503, { 'content-type': 'application/json', [BACKEND_HEADER]: tried.join(',') });
      res.end('{"error":"no backend"}');
      return;
    }
    tried.push(backend);
    const headers = { ...req.headers, 'content-length': String(body.length) };
    const upstream = http.request({ host, port: opts.backends[backend], method: req.method, path: req.url, headers, agent }, (up) => {
      served[backend] = (served[backend] ?? 0) + 1;
      res.writeHead(up.statusCode ?? 502, { ...up.headers, [BACKEND_HEADER]: tried.join(',') });
      up.pipe(res);
      up.on('error', () => res.destroy());
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (neverReached(err, upstream.reusedSocket)) {
        if (err.code === 'ECONNREFUSED') live[backend] = false;
        forward(req, body, res, tried);
        return;
      }
      // Lost after it reached the replica: not retried, and the replica is presumed dead.
      live[backend] = false;
      res.writeHead(502, { 'content-type': 'application/json', [BACKEND_HEADER]: tried.join(',') });
      res.end(JSON.stringify({ error: `backend ${backend}: ${err.code ?? err.message}` }));
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => forward(req, Buffer.concat(chunks), res, []));
    req.on('error', () => res.destroy());
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, host, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    served,
    live,
    drop(index) {
      live[index] = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}
