// Plain HTTP replies in Discord's shapes.
import type http from 'node:http';
import { formBodyErrors } from '../discord-limits.ts';
import type { LimitIssue } from '../discord-limits.ts';

export const NOT_FOUND = { message: '404: Not Found', code: 0 };

/**
 * Typed `undefined`, not `void`, so a route can end with `return send(...)`.
 */
export function send(res: http.ServerResponse, status: number, body?: unknown): undefined {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export function invalidForm(res: http.ServerResponse, issues: readonly LimitIssue[]): undefined {
  return send(res, 400, { message: 'Invalid Form Body', code: 50035, errors: formBodyErrors(issues) });
}

export async function readBody(req: http.IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return { __unparsed: text };
  return JSON.parse(text) as unknown;
}
