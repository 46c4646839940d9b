// Discord request verification: Ed25519 over `timestamp + rawBody`, with node's own crypto,
// plus a freshness window on the timestamp so a captured request cannot be replayed later.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const HEX_SIGNATURE = /^[0-9a-fA-F]{128}$/;
const UNIX_SECONDS = /^[0-9]{1,12}$/;

export type VerifyFailure = 'missing-headers' | 'bad-signature-hex' | 'bad-timestamp' | 'stale-timestamp' | 'bad-signature';

export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailure };

export interface VerifierOptions {
  /** Milliseconds since the epoch; injected so tests pin time. */
  readonly now: () => number;
  /** How far the timestamp may be from `now`, either way. Default 300 (five minutes). */
  readonly toleranceSeconds?: number;
}

export type Verifier = (signatureHex: string | undefined, timestamp: string | undefined, rawBody: Buffer) => VerifyResult;

/** Turns Discord's public key (32 raw bytes as hex) into a KeyObject. Throws on a malformed key. */
export function publicKeyFromHex(publicKeyHex: string): KeyObject {
  const hex = publicKeyHex.trim();
  // The key is not a secret, but it is not echoed either: error messages end up in logs.
  if (!HEX_KEY.test(hex)) {
    throw new Error(`verify: the Discord public key must be 64 hex characters (got ${hex.length} characters)`);
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** Builds the key once and returns a function that checks one request. Never throws. */
export function makeVerifier(publicKeyHex: string, opts: VerifierOptions): Verifier {
  const key = publicKeyFromHex(publicKeyHex);
  const tolerance = opts.toleranceSeconds ?? 300;
  return (signatureHex, timestamp, rawBody) => {
    if (signatureHex === undefined || timestamp === undefined || signatureHex === '' || timestamp === '') {
      return { ok: false, reason: 'missing-headers' };
    }
    // Buffer.from(hex) silently drops bad characters, so the shape is checked first.
    if (!HEX_SIGNATURE.test(signatureHex)) return { ok: false, reason: 'bad-signature-hex' };
    if (!UNIX_SECONDS.test(timestamp)) return { ok: false, reason: 'bad-timestamp' };
    const skew = Math.abs(opts.now() / 1000 - Number(timestamp));
    if (!(skew <= tolerance)) return { ok: false, reason: 'stale-timestamp' };
    let valid = false;
    try {
      valid = verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), rawBody]), key, Buffer.from(signatureHex, 'hex'));
    } catch {
      valid = false;
    }
    return valid ? { ok: true } : { ok: false, reason: 'bad-signature' };
  };
}
