/**
 * The integration-test rig started by tests/rig/up.sh, as described by RIGDIR/rig.json.
 * Integration tests call loadRig(); the rig itself is started by tests/run-all.sh (or by hand, see below).
 */
import { readFileSync } from 'node:fs';

export interface RigKey {
  privateKeyPath: string;
  publicKeyPath: string;
  /** The OpenSSH public key line ("ssh-ed25519 AAAA... comment"). */
  publicKey: string;
}

export interface RigNode {
  name: string;
  host: string;
  port: number;
  user: string;
  /** The node's private host key (sshd's HostKey). */
  hostKeyFile: string;
  hostPublicKeyFile: string;
  /** "ssh-ed25519 AAAA...": what a client should see as the node's host key. */
  hostPublicKey: string;
  /** As printed by `ssh-keygen -lf`: "SHA256:...". */
  hostKeyFingerprint: string;
  sshdConfig: string;
  /** sshd's PidFile. The pid up.sh recorded is in the rig's pidsFile as "sshd-<name> <pid>". */
  pidFile: string;
  logFile: string;
  /** Lists the client key; edit it to de-authorize a key on this node only. */
  authorizedKeysFile: string;
  /** The Docker socket path on the node (all nodes share the rig's one dockerd). */
  dockerSocket: string;
}

export interface Rig {
  rigDir: string;
  /** "name pid" per line: every process up.sh started. */
  pidsFile: string;
  dockerSocket: string;
  /** unix://<dockerSocket> */
  dockerHost: string;
  dockerLog: string;
  network: { bridge: string; bridgeCidr: string; addressPool: string };
  /** host:port of the local registry (plain HTTP on loopback). */
  registry: string;
  registryLog: string;
  images: {
    /** Present in the engine: busybox with PATH=/bin, CMD ["sh"]; /etc/hoster-image says "local". */
    local: string;
    /** Only in the registry (pull them): <registry>/hoster/busybox:1 and :2, /etc/hoster-image says "1" / "2". */
    remote: string[];
  };
  /** A registry that wants a login (plain HTTP on loopback); its password is new for every rig. */
  privateRegistry: {
    /** host:port, as image references name it. */
    address: string;
    username: string;
    password: string;
    /** Only in that registry: <address>/hoster/private:1, busybox whose /etc/hoster-image says "private". */
    image: string;
  };
  nodes: RigNode[];
  /** Authorized on every node. */
  clientKey: RigKey;
  /** Authorized nowhere. */
  wrongKey: RigKey;
  /** OpenSSH known_hosts with every node's host key. */
  knownHostsFile: string;
  /** OpenSSH client config with "Host node1", "Host node2" (user, key, known_hosts set). */
  sshConfigFile: string;
  /** The same description as shell variables (RIG_*). */
  envFile: string;
  /**
   * tests/rig/node.sh: `bash <nodeControl> <rigDir> stop|start|status <node name>` takes a node down
   * (its sshd and live connections) or back up, for fault tests.
   */
  nodeControl: string;
}

const HOW_TO_START =
  'Run the integration tests through `npm test` (or `HOSTER_TEST_ONLY=integration bash tests/run-all.sh`), ' +
  'or start a rig by hand: `R=$(mktemp -d /tmp/hoster-rig.XXXXXX) && bash tests/rig/up.sh "$R" && export HOSTER_RIG="$R/rig.json"` ' +
  '(stop it with `bash tests/rig/down.sh "$R"`).';

/** Reads the rig description from $HOSTER_RIG (RIGDIR/rig.json). Throws with instructions when there is none. */
export function loadRig(): Rig {
  const path = process.env.HOSTER_RIG;
  if (!path) {
    throw new Error(`HOSTER_RIG is not set: no test rig is running. ${HOW_TO_START}`);
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `HOSTER_RIG=${path} cannot be read (${error instanceof Error ? error.message : String(error)}); the rig is not running. ${HOW_TO_START}`,
      { cause: error },
    );
  }
  const rig = JSON.parse(text) as Partial<Rig>;
  if (
    !rig.dockerSocket ||
    !rig.nodes ||
    rig.nodes.length < 2 ||
    !rig.clientKey?.privateKeyPath ||
    !rig.wrongKey?.privateKeyPath
  ) {
    throw new Error(`${path} does not describe a complete rig. ${HOW_TO_START}`);
  }
  return rig as Rig;
}
