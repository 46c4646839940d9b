import { describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { makeVerifier, publicKeyFromHex } from '../src/adapters/http/verify.ts';

const { publicKey, privateKey } = generateKeyPairSync('ed25519');
const KEY_HEX = publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');
const NOW_MS = 1_752_000_000_000;
const NOW_S = 1_752_000_000;
const body = Buffer.from('{"type":1}');
const sigFor = (ts: string, b: Buffer = body) => sign(null, Buffer.concat([Buffer.from(ts), b]), privateKey).toString('hex');

describe('request verification', () => {
  const verify = makeVerifier(KEY_HEX, { now: () => NOW_MS });

  it('accepts Discord-signed requests up to five minutes either way, and no further', () => {
    for (const ts of [NOW_S, NOW_S - 300, NOW_S + 300]) expect(verify(sigFor(String(ts)), String(ts), body)).toEqual({ ok: true });
    for (const ts of [NOW_S - 301, NOW_S + 301, 0]) {
      expect(verify(sigFor(String(ts)), String(ts), body)).toEqual({ ok: false, reason: 'stale-timestamp' });
    }
  });

  it('says why a request is refused', () => {
    const ts = String(NOW_S);
    expect(verify(undefined, ts, body)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verify(sigFor(ts), '', body)).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verify('g'.repeat(128), ts, body)).toEqual({ ok: false, reason: 'bad-signature-hex' });
    expect(verify(`${sigFor(ts)}00`, ts, body)).toEqual({ ok: false, reason: 'bad-signature-hex' });
    expect(verify(sigFor(ts), '1.7e9', body)).toEqual({ ok: false, reason: 'bad-timestamp' });
    expect(verify(sigFor(ts), ts, Buffer.from('{"type":2}'))).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify('0'.repeat(128), ts, body)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('accepts the key in upper case and refuses a malformed key without echoing it', () => {
    expect(publicKeyFromHex(KEY_HEX.toUpperCase()).asymmetricKeyType).toBe('ed25519');
    const wrong = `${KEY_HEX.slice(0, 62)}zz`;
    expect(() => makeVerifier(wrong, { now: () => NOW_MS })).toThrow(/^verify: the Discord public key must be 64 hex characters/);
    try {
      publicKeyFromHex(wrong);
    } catch (error) {
      expect(String(error)).not.toContain(wrong.slice(0, 20));
    }
    expect(() => publicKeyFromHex(KEY_HEX.slice(2))).toThrow(/got 62 characters/);
  });
});
