import { randomUUID } from 'node:crypto';
import type { ParsedKey } from 'ssh2';
import type { SshKey } from '@shared/contract/keys';
import { AppError } from '@shared/result';
import type { Clock } from '../clock';
import type { EventBus } from '../events/event-bus';
import type { SecretStore } from '../secrets/secret-store';
import { describeKey, generateKey, isEncryptedKey, parsePrivateKey, type KeyFacts } from './key-material';
import type { KeyRepository } from './key-repository';

/** What the secret store holds for one key, under the account `ssh-key:<id>`. */
interface StoredKey {
  privateKey: string;
  passphrase?: string;
}

export const keyAccount = (id: string) => `ssh-key:${id}`;

interface KeyServiceDeps {
  repository: KeyRepository;
  secrets: SecretStore;
  clock: Clock;
  events: EventBus;
}

export function createKeyService(deps: KeyServiceDeps) {
  const { repository, secrets, events } = deps;
  const publish = () => events.emit('keys:changed', repository.list());

  const find = (id: string): SshKey => {
    const key = repository.get(id);
    if (!key) throw new AppError('not_found', 'That key no longer exists.');
    return key;
  };

  const parsed = createParsedKeys(secrets, find);
  const save = (name: string, stored: StoredKey, facts: KeyFacts) =>
    saveKey(deps, { find, publish }, name, stored, facts);

  return {
    list: () => repository.list(),
    get: find,
    byFingerprint: (fingerprint: string) => repository.byFingerprint(fingerprint),

    async generate(name: string, type: 'ed25519' | 'rsa'): Promise<SshKey> {
      const { privateKey, facts } = await generateKey(type, name);
      return save(name, { privateKey }, facts);
    },

    async import(name: string, privateKey: string, passphrase?: string): Promise<SshKey> {
      const isEncrypted = isEncryptedKey(privateKey);
      const key = parsePrivateKey(privateKey, isEncrypted ? passphrase : undefined);
      const stored: StoredKey =
        isEncrypted && passphrase
          ? { privateKey: privateKey.trim(), passphrase }
          : { privateKey: privateKey.trim() };
      return save(name, stored, describeKey(key, name, isEncrypted));
    },

    rename(id: string, name: string): SshKey {
      find(id);
      repository.rename(id, name);
      publish();
      return find(id);
    },

    async delete(id: string): Promise<{ id: string }> {
      const key = find(id);
      refuseWhileUsed(key);
      await secrets.delete(keyAccount(id));
      parsed.forget(id);
      repository.remove(id);
      publish();
      return { id };
    },

    /** The decrypted key for a connection, parsed once and then served from memory. */
    parsedKey: parsed.get,

    /** Called when the vault locks: decrypted keys must not outlive the unlock. */
    forgetParsedKeys: parsed.clear,
  };
}

export type KeyService = ReturnType<typeof createKeyService>;

/** Importing a key already stored gives back that key (its private half restored if the store lost it). */
async function saveKey(
  deps: KeyServiceDeps,
  tools: { find: (id: string) => SshKey; publish: () => void },
  name: string,
  stored: StoredKey,
  facts: KeyFacts,
): Promise<SshKey> {
  const { repository, secrets } = deps;
  const duplicate = repository.byFingerprint(facts.fingerprint);
  if (duplicate) {
    if ((await secrets.get(keyAccount(duplicate.id))) === null)
      await secrets.set(keyAccount(duplicate.id), JSON.stringify(stored));
    return duplicate;
  }
  const id = `key_${randomUUID()}`;
  await secrets.set(keyAccount(id), JSON.stringify(stored));
  try {
    repository.insert({ id, name, ...facts, createdAt: deps.clock.now().toISOString() });
  } catch (error) {
    await secrets.delete(keyAccount(id));
    throw error;
  }
  tools.publish();
  return tools.find(id);
}

function refuseWhileUsed(key: SshKey): void {
  if (key.usedBy.length === 0) return;
  const names = key.usedBy.map((node) => node.name).join(', ');
  throw new AppError(
    'conflict',
    `"${key.name}" is used by ${names}. Give ${key.usedBy.length === 1 ? 'that node' : 'those nodes'} another key first.`,
    {
      details: { nodes: key.usedBy },
    },
  );
}

/** Parsed (decrypted) keys, kept until the vault locks or the key is deleted: decrypting costs ~0.3 s. */
function createParsedKeys(secrets: SecretStore, find: (id: string) => SshKey) {
  const parsed = new Map<string, Promise<ParsedKey>>();
  return {
    get: (id: string): Promise<ParsedKey> => {
      let entry = parsed.get(id);
      if (!entry) {
        entry = readParsedKey(secrets, find, id);
        parsed.set(id, entry);
        void entry.catch(() => parsed.delete(id));
      }
      return entry;
    },
    forget: (id: string) => parsed.delete(id),
    clear: () => parsed.clear(),
  };
}

async function readParsedKey(
  secrets: SecretStore,
  find: (id: string) => SshKey,
  id: string,
): Promise<ParsedKey> {
  const key = find(id);
  const raw = await secrets.get(keyAccount(id));
  if (raw === null) {
    throw new AppError(
      'not_found',
      `The private half of "${key.name}" is missing from the secret store. Import the key again.`,
    );
  }
  const stored = JSON.parse(raw) as StoredKey;
  return parsePrivateKey(stored.privateKey, stored.passphrase);
}
