import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Fingerprint } from '../ssh/fingerprint';
import { describeKey, generateKey, isEncryptedKey, parsePrivateKey } from './key-material';
import { ed25519Pair } from '../../../../tests/helpers/ssh-keys';

describe('generateKey', () => {
  it('makes an OpenSSH ed25519 key whose public line and fingerprint match the private half', async () => {
    const { privateKey, facts } = await generateKey('ed25519', 'My laptop');
    expect(privateKey).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    expect(facts.type).toBe('ed25519');
    expect(facts.publicKey).toMatch(/^ssh-ed25519 AAAA\S+ My-laptop$/);
    const blob = Buffer.from(facts.publicKey.split(' ')[1] ?? '', 'base64');
    expect(facts.fingerprint).toBe(sha256Fingerprint(blob));
    expect(parsePrivateKey(privateKey).getPublicSSH().equals(blob)).toBe(true);
  });
});

describe('parsePrivateKey', () => {
  const encrypted = ed25519Pair({ passphrase: 'open sesame', cipher: 'aes256-ctr', rounds: 16, comment: 'x' }).private;

  it('asks for the passphrase of an encrypted key, rejects a wrong one and opens with the right one', () => {
    expect(isEncryptedKey(encrypted)).toBe(true);
    expect(() => parsePrivateKey(encrypted)).toThrow(expect.objectContaining({ code: 'invalid_input', field: 'passphrase' }));
    expect(() => parsePrivateKey(encrypted, 'wrong')).toThrow(/does not decrypt/);
    expect(parsePrivateKey(encrypted, 'open sesame').type).toBe('ssh-ed25519');
  });

  it('reads PEM forms: PKCS#1 RSA (plain and encrypted), SEC1 EC and PKCS#8', () => {
    const pkcs1 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(describeKey(parsePrivateKey(pkcs1.privateKey), 'k', false).type).toBe('rsa');
    const locked = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    expect(isEncryptedKey(locked.privateKey)).toBe(true);
    expect(parsePrivateKey(locked.privateKey, 'pw').type).toBe('ssh-rsa');
    const sec1 = generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'sec1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(describeKey(parsePrivateKey(sec1.privateKey), 'k', false).type).toBe('ecdsa');
    const pkcs8 = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
    expect(parsePrivateKey(pkcs8.privateKey).type).toBe('ssh-rsa');
  });

  it('refuses a public key and text that is no key at all', () => {
    const pair = ed25519Pair();
    expect(() => parsePrivateKey(pair.public)).toThrow(/public key/);
    expect(() => parsePrivateKey('hello')).toThrow(expect.objectContaining({ field: 'privateKey' }));
  });
});
