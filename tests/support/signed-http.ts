// Signed interactions as Discord sends them to the HTTP endpoint: a real Ed25519 key pair, the
// signature over timestamp + body, and payloads for slash commands, buttons and PINGs.
import { generateKeyPairSync, sign } from 'node:crypto';

export interface Signer {
  /** The application public key as DISCORD_PUBLIC_KEY takes it (64 hex digits). */
  readonly publicKeyHex: string;
  /** Headers for `body` signed at `timestampS` (default: now). */
  headers(body: string, timestampS?: number): Record<string, string>;
}

export function makeSigner(): Signer {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The raw 32-byte key is the tail of the DER encoding.
  const publicKeyHex = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
  return {
    publicKeyHex,
    headers(body, timestampS = Math.floor(Date.now() / 1000)) {
      const ts = String(timestampS);
      const sig = sign(null, Buffer.concat([Buffer.from(ts), Buffer.from(body)]), privateKey).toString('hex');
      return { 'content-type': 'application/json', 'x-signature-ed25519': sig, 'x-signature-timestamp': ts };
    },
  };
}

export const APP_ID = '1111111111111111111';
export const GUILD = '613425648685547541';
export const CHANNEL = '697138785317814292';
export const MEMBER = '80351110224678912';
/** View Channel, Send Messages, Read Message History: an ordinary member, not a moderator. */
export const ORDINARY = String((1n << 10n) | (1n << 11n) | (1n << 16n));

let nextId = 1_283_456_789_012_345_000n;

export interface Place {
  readonly guildId?: string;
  readonly channelId?: string;
  readonly userId?: string;
}

function base(type: number, place: Place = {}) {
  nextId++;
  return {
    id: String(nextId),
    application_id: APP_ID,
    token: `token-${nextId}`,
    type,
    version: 1,
    locale: 'en-US',
    guild_id: place.guildId ?? GUILD,
    channel_id: place.channelId ?? CHANNEL,
    member: { user: { id: place.userId ?? MEMBER, username: 'nelly' }, roles: [], permissions: ORDINARY },
    app_permissions: '562949953601536',
    entitlements: [],
    authorizing_integration_owners: {},
  };
}

/** An ordinary member's permissions plus Manage Server: a moderator, who may use /config. */
export const MODERATOR = String(BigInt(ORDINARY) | (1n << 5n));

/** A slash command with its raw option tree (subcommands, integers, channels), sent by a member with `permissions`. */
export function command(name: string, options: readonly object[], place: Place = {}, permissions = ORDINARY) {
  const b = base(2, place);
  return { ...b, member: { ...b.member, permissions }, data: { id: '9', name, type: 1, options } };
}

export const ping = () => ({ id: '1', application_id: APP_ID, token: 'ping', type: 1, version: 1 });

/** A slash command with string options. */
export function slash(name: string, options: Record<string, string> = {}, place: Place = {}) {
  return { ...base(2, place), data: { id: '9', name, type: 1, options: Object.entries(options).map(([n, value]) => ({ name: n, type: 3, value })) } };
}

export interface InteractionResponse {
  readonly status: number;
  readonly json: { readonly type: number; readonly data?: { readonly content?: string; readonly flags?: number; readonly embeds?: readonly { readonly description?: string }[] } };
}

/** POSTs `payload` signed to `http://127.0.0.1:port/interactions`. */
export async function interact(port: number, signer: Signer, payload: object): Promise<InteractionResponse> {
  const body = JSON.stringify(payload);
  const res = await fetch(`http://127.0.0.1:${port}/interactions`, { method: 'POST', headers: signer.headers(body), body });
  return { status: res.status, json: (await res.json()) as InteractionResponse['json'] };
}

/** One sample of a Prometheus text scrape: `name{labels}`, or undefined when the series is absent. */
export function sample(scrape: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of scrape.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = new Map([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (have.size !== Object.keys(labels).length) continue;
    if (Object.entries(labels).every(([k, v]) => have.get(k) === v)) return Number(m[3]);
  }
  return undefined;
}
