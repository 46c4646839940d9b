// The real HTTP endpoint in its own process with a deliberately slow synchronous command, so a
// test can load it the way Discord does: its own clock and event loop, not the server's.
// `busy` blocks the event loop for BUSY_MS (as a huge /ask did); `echo` is instant.
// Env: PUBLIC_KEY (hex), API_BASE, BUSY_MS. Sends { port } to the parent over IPC.
import pino from 'pino';
import type { Invocation, Reply } from '../../src/contract/interaction.ts';
import { startHttpServer } from '../../src/adapters/http/server.ts';

const busyMs = Number(process.env['BUSY_MS'] ?? 800);

function text(content: string): Reply {
  return { type: 'message', ephemeral: false, message: { content, allowed_mentions: { parse: [] } } };
}

async function handle(inv: Invocation): Promise<Reply> {
  if (inv.kind === 'autocomplete') return { type: 'autocomplete', choices: [{ name: 'Helsinki summit', value: 'Helsinki summit' }] };
  if (inv.name === 'busy') {
    const until = Date.now() + busyMs;
    while (Date.now() < until); // a synchronous handler, on purpose
    return text(`Busy answer to ${String(inv.options['text'])}`);
  }
  return text(`You asked: ${String(inv.options['text'])}`);
}

const server = await startHttpServer({
  host: '127.0.0.1',
  port: 0,
  publicKey: process.env['PUBLIC_KEY'] ?? '',
  handle,
  apiBase: process.env['API_BASE'] ?? '',
  health: () => ({ ready: true }),
  log: pino({ level: 'silent' }),
});
process.send?.({ port: server.port });
process.on('message', (m) => {
  if (m === 'close') void server.close().then(() => process.exit(0));
});
