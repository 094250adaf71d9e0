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
    /**
     * <registry>/hoster/caddy:2, in the registry and already in the engine: Debian's caddy 2.6.2 on the
     * busybox base (sh, wget). As the official image: XDG_DATA_HOME=/data, XDG_CONFIG_HOME=/config, and
     * CMD `caddy run --config /etc/caddy/Caddyfile --adapter caddyfile` (mount a config there; the one in
     * the image is empty). With `--network host`, listen on a node's address only (e.g. 127.0.0.2:443),
     * and mind the admin endpoint (localhost:2019 by default). tests/rig/check-proxy.sh shows a JSON config.
     */
    caddy: string;
  };
  /**
   * A local ACME CA (Pebble 2.4) for real certificates. It resolves names through pebble-challtestsrv,
   * which knows only the A records a test adds, and validates HTTP-01 on port 80 and TLS-ALPN-01 on
   * port 443 of that address (as a real CA). Validation is immediate and every order is validated.
   */
  acme: {
    /** The ACME directory, e.g. https://127.0.0.1:14000/dir (loopback: reachable from containers with --network host). */
    directoryUrl: string;
    /**
     * PEM of the CA that signed Pebble's own HTTPS listener (made by up.sh). An ACME client must trust it
     * to talk to directoryUrl: Caddy's ACME issuer `trusted_roots_pem_files` (mount the file into the container).
     */
    listenerCaFile: string;
    /** PEM of Pebble's root: the certificates it issues chain to it (curl --cacert, Node's tls `ca`). New at every Pebble start. */
    rootFile: string;
    /** PEM of the intermediate that signs what Pebble issues (served by the ACME client along with its certificate). */
    intermediateFile: string;
    /** Pebble's management interface (HTTPS, trust listenerCaFile), e.g. https://127.0.0.1:15000: /roots/0, /intermediates/0. */
    managementUrl: string;
    configFile: string;
    logFile: string;
    dns: {
      /** host:port of challtestsrv's DNS (UDP and TCP), Pebble's only resolver, e.g. 127.0.0.1:8053. */
      server: string;
      /**
       * challtestsrv's management API (plain HTTP), e.g. http://127.0.0.1:8153. Point a name at a node with
       * POST /add-a {"host":"app.test.","addresses":["127.0.0.2"]} (note the final dot); POST /clear-a {"host":"app.test."} removes it.
       */
      managementUrl: string;
      logFile: string;
    };
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
