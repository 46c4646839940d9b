// A TCP relay on loopback that a test can cut (its server "goes down": every connection through it
// is closed and new ones are refused) and bring back on the same port. Used to take PostgreSQL away
// from the stores or replicas under test without touching the machine's shared server.
import net from 'node:net';

export interface Relay {
  /** `url` with its host and port replaced by the relay's. */
  readonly url: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
}

export async function tcpRelay(url: string, defaultPort: number): Promise<Relay> {
  const target = new URL(url);
  const sockets = new Set<net.Socket>();
  const make = () =>
    net.createServer((client) => {
      const upstream = net.connect(Number(target.port || defaultPort), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
  let server = make();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String(port);
  let up = true;
  return {
    url: relayed.href,
    async cut() {
      if (!up) return;
      up = false;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
    },
    async restore() {
      if (up) return;
      server = make();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      up = true;
    },
  };
}
