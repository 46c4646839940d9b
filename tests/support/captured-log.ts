// A real pino logger (createLogger, redaction included) whose lines a test can read back.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.ts';

export function capturedLogger(level: 'info' | 'warn' | 'debug' = 'info'): { readonly log: Logger; readonly lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { log: createLogger({ level, pretty: false, stream }), lines };
}
