#!/usr/bin/env bash
# Brings up the integration-test rig in RIGDIR, in the background:
#   - a private dockerd (vfs storage, own socket, own bridge, never /var/run/docker.sock),
#   - a busybox test image built from Debian's busybox-static (no registry on the internet here),
#   - a local registry holding two tags of it, so tests do real pulls with progress,
#   - a second registry that wants a login (htpasswd), holding one private image,
#   - two SSH "nodes" (sshd on 127.0.0.2 and 127.0.0.3) whose `docker` talks to that dockerd,
#   - a Caddy image (from Debian's caddy) in that registry, and a local ACME CA (Pebble, with
#     pebble-challtestsrv as its DNS) so a Caddy on a node gets real certificates (see check-proxy.sh).
# Every process started is recorded in RIGDIR/pids ("name pid" per line); tests/rig/down.sh stops them.
# The description of everything is written to RIGDIR/rig.json (read by tests/rig/rig.ts) and RIGDIR/rig.env.
#
# Usage: tests/rig/up.sh RIGDIR        (RIGDIR must be absent or empty)
# Env overrides: HOSTER_RIG_NODE1_HOST/PORT (127.0.0.2/2222), HOSTER_RIG_NODE2_HOST/PORT (127.0.0.3/2222),
#                HOSTER_RIG_REGISTRY_PORT (5055), HOSTER_RIG_PRIVATE_REGISTRY_PORT (5155). A default port that is taken (another rig) moves up
#                (as do Pebble's 14000/15000 and challtestsrv's DNS 8053 / management 8153, all on 127.0.0.1);
#                an explicit one that is taken is an error.
# On failure it prints the relevant log tails and tears down what it started (unless HOSTER_RIG_KEEP_ON_FAILURE=1).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=tests/rig/lib.sh
. "$HERE/lib.sh"
START=$SECONDS

[[ $# -eq 1 && -n "$1" ]] || { echo "usage: $0 RIGDIR" >&2; exit 2; }
mkdir -p "$1"
RIGDIR=$(cd "$1" && pwd -P)
if [[ -n "$(ls -A "$RIGDIR")" ]]; then
  echo "up.sh: $RIGDIR is not empty; give a fresh folder (or run down.sh on the old rig first)" >&2
  exit 2
fi
# down.sh only deletes folders carrying this marker.
echo "hoster test rig" >"$RIGDIR/.hoster-rig"
PIDS="$RIGDIR/pids"
: >"$PIDS"

log() { echo "up.sh [$((SECONDS - START))s] $*" >&2; }
fail() { echo "up.sh: ERROR: $*" >&2; exit 1; }
# record NAME PID EXE: the pid must be the daemon itself (not a wrapper), so down.sh can stop it.
# (Right after `&` the child may still be bash or setsid on its way to exec, hence the short poll.)
record() {
  local exe i
  echo "$1 $2" >>"$PIDS"
  for ((i = 0; i < 100; i++)); do
    exe=$(readlink "/proc/$2/exe" 2>/dev/null || true)
    [[ "$exe" == */"$3" ]] && return 0
    [[ -n "$exe" ]] || fail "$1 (pid $2) exited right away"
    sleep 0.02
  done
  fail "pid $2 is '$exe', not $3"
}
tail_log() { [[ -f "$1" ]] && { echo "----- last lines of $1 -----" >&2; tail -n 25 "$1" >&2; }; return 0; }

on_exit() {
  local rc=$?
  if ((rc != 0)); then
    for f in "$RIGDIR"/docker/dockerd.log "$RIGDIR"/registry/registry.log "$RIGDIR"/private-registry/registry.log "$RIGDIR"/node*/sshd.log "$RIGDIR"/acme/*.log; do tail_log "$f"; done
    if [[ "${HOSTER_RIG_KEEP_ON_FAILURE:-}" == 1 ]]; then
      echo "up.sh: failed; rig left in $RIGDIR (stop it with: bash $HERE/down.sh $RIGDIR)" >&2
    else
      echo "up.sh: failed; tearing down what was started" >&2
      bash "$HERE/down.sh" "$RIGDIR" || true
    fi
  fi
}
trap on_exit EXIT

# Prefer Debian's CLI (same version as the engine); fall back to whatever `docker` is on PATH.
if [[ -x /usr/bin/docker ]]; then DOCKER_BIN=/usr/bin/docker; else DOCKER_BIN=$(command -v docker) || fail "no docker CLI (run tests/rig/install.sh)"; fi
for cmd in dockerd docker-registry htpasswd curl ip ssh ssh-keygen node flock openssl ldd; do
  command -v "$cmd" >/dev/null || fail "'$cmd' not found (run tests/rig/install.sh)"
done
[[ -x /usr/sbin/sshd ]] || fail "/usr/sbin/sshd not found (run tests/rig/install.sh)"
[[ -x /bin/busybox ]] || fail "/bin/busybox not found (apt-get install busybox-static)"
for f in /usr/bin/caddy /usr/bin/pebble /usr/bin/pebble-challtestsrv; do
  [[ -x "$f" ]] || fail "$f not found (run tests/rig/install.sh)"
done

# Several rigs may run on one machine (parallel sessions). Choosing addresses/ports and binding them
# happens under one machine-wide lock so two rigs never pick the same ones. Fd 9 holds the lock and is
# closed for every background process (9>&-), so the lock is released when this script ends.
exec 9>/tmp/hoster-rig.lock
flock -w 180 9 || fail "another rig held /tmp/hoster-rig.lock for 180 s"

# ---------------------------------------------------------------------------------------------
# Ports
# ---------------------------------------------------------------------------------------------
# True when host:port can be bound right now (a real bind, so wildcard listeners count too).
port_free() {
  node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[2],process.argv[1],()=>s.close(()=>process.exit(0)))' "$1" "$2" 2>/dev/null
}
# pick_port HOST DEFAULT EXPLICIT: EXPLICIT (must be free) or the first free port from DEFAULT up.
pick_port() {
  local host=$1 def=$2 explicit=$3 p
  if [[ -n "$explicit" ]]; then
    port_free "$host" "$explicit" || fail "$host:$explicit is already in use"
    echo "$explicit"; return
  fi
  for ((p = def; p < def + 100; p++)); do
    if port_free "$host" "$p"; then echo "$p"; return; fi
  done
  fail "no free port on $host from $def to $((def + 99))"
}

REGISTRY_HOST=127.0.0.1
REGISTRY_PORT=$(pick_port "$REGISTRY_HOST" 5055 "${HOSTER_RIG_REGISTRY_PORT:-}")
REGISTRY="$REGISTRY_HOST:$REGISTRY_PORT"
PRIVATE_REGISTRY_PORT=$(pick_port "$REGISTRY_HOST" 5155 "${HOSTER_RIG_PRIVATE_REGISTRY_PORT:-}")
PRIVATE_REGISTRY="$REGISTRY_HOST:$PRIVATE_REGISTRY_PORT"
NODE_HOSTS=("${HOSTER_RIG_NODE1_HOST:-127.0.0.2}" "${HOSTER_RIG_NODE2_HOST:-127.0.0.3}")
# (Plain assignments, not an array literal: only those stop the script when pick_port fails.)
NODE1_PORT=$(pick_port "${NODE_HOSTS[0]}" 2222 "${HOSTER_RIG_NODE1_PORT:-}")
NODE2_PORT=$(pick_port "${NODE_HOSTS[1]}" 2222 "${HOSTER_RIG_NODE2_PORT:-}")
NODE_PORTS=("$NODE1_PORT" "$NODE2_PORT")
# The local ACME CA. Its validations go to ports 80/443 of the name's address (as a real CA's do);
# those are bound only by the Caddy a test runs, never by the rig.
ACME_HOST=127.0.0.1
PEBBLE_PORT=$(pick_port "$ACME_HOST" 14000 "")
PEBBLE_MANAGEMENT_PORT=$(pick_port "$ACME_HOST" 15000 "")
DNS_PORT=$(pick_port "$ACME_HOST" 8053 "") # challtestsrv's DNS, UDP and TCP (port_free tries TCP)
DNS_MANAGEMENT_PORT=$(pick_port "$ACME_HOST" 8153 "")

# ---------------------------------------------------------------------------------------------
# Network: our own bridge and address pool, so a second dockerd (another rig) never clashes with
# ours over docker0, 172.17.0.0/16 or iptables chains. 10.K.0.0/16 with K free on this host.
# ---------------------------------------------------------------------------------------------
NET_K=
for ((k = 200; k <= 250; k++)); do
  if ! ip -4 -o addr show | grep -q " 10\.$k\." && ! ip -4 route show | grep -q "^10\.$k\." \
    && ! ip link show "hrig$k" >/dev/null 2>&1; then
    NET_K=$k; break
  fi
done
[[ -n "$NET_K" ]] || fail "no free 10.K.0.0/16 range (K in 200..250) for the rig's docker bridge"
BRIDGE="hrig$NET_K"
BRIDGE_CIDR="10.$NET_K.255.1/24"
ADDRESS_POOL="10.$NET_K.0.0/17"
ip link add name "$BRIDGE" type bridge
# Recorded right away so down.sh removes it even if the rest fails.
printf 'BRIDGE=%s\nNET_PREFIX=10.%s.\n' "$BRIDGE" "$NET_K" >"$RIGDIR/network.env"
ip addr add "$BRIDGE_CIDR" dev "$BRIDGE"
ip link set "$BRIDGE" up

# ---------------------------------------------------------------------------------------------
# dockerd
# ---------------------------------------------------------------------------------------------
D="$RIGDIR/docker"
mkdir -p "$D/data" "$D/exec"
DOCKER_SOCK="$D/docker.sock"
DOCKER_HOST_URL="unix://$DOCKER_SOCK"
echo '{}' >"$D/daemon.json" # never read the host's /etc/docker/daemon.json
# --iptables=false: do not touch the host's firewall (and do not fight another rig's dockerd over the
#   DOCKER chains). Published ports still work on the host through docker-proxy, which is all the tests
#   use (loopback only); containers reach each other on their bridges, embedded DNS included.
#   IP forwarding stays at dockerd's default (it sets net.ipv4.ip_forward=1, like any docker install):
#   with it off, every container create answers the warning "IPv4 forwarding is disabled".
# --containerd-namespace: a system containerd, if one ever runs, would otherwise be shared.
# Daemons run under setsid (own session, no fork: this script is not a group leader, so $! is the daemon):
# a Ctrl-C in the terminal must not kill them mid-test; down.sh stops them in order instead.
log "starting dockerd on $DOCKER_SOCK (bridge $BRIDGE $BRIDGE_CIDR)"
setsid dockerd \
  --config-file="$D/daemon.json" \
  --storage-driver=vfs \
  --data-root="$D/data" \
  --exec-root="$D/exec" \
  --pidfile="$D/pid" \
  -H "$DOCKER_HOST_URL" \
  --bridge="$BRIDGE" \
  --default-address-pool "base=$ADDRESS_POOL,size=24" \
  --iptables=false \
  --containerd-namespace="hoster-rig-$NET_K" \
  --containerd-plugins-namespace="hoster-rig-$NET_K-plugins" \
  >"$D/dockerd.log" 2>&1 9>&- </dev/null &
DOCKERD_PID=$!
record dockerd "$DOCKERD_PID" dockerd

# ---------------------------------------------------------------------------------------------
# Meanwhile (no engine needed): keys, sshd configs, image root filesystems.
# ---------------------------------------------------------------------------------------------
mkdir -p /run/sshd && chmod 0755 /run/sshd # sshd's privilege-separation directory
S="$RIGDIR/ssh"
mkdir -p "$S"
ssh-keygen -q -t ed25519 -N '' -C hoster-rig-client -f "$S/client_ed25519"
ssh-keygen -q -t ed25519 -N '' -C hoster-rig-wrong -f "$S/wrong_ed25519" # never authorized anywhere
: >"$S/known_hosts"
: >"$S/ssh_config"

# With UsePAM no, OpenSSH refuses accounts whose password field starts with "!" (locked).
# Debian's root is "*" (fine); if root is locked here, let PAM do the account check instead.
USE_PAM=no
if [[ "$(getent shadow root | cut -d: -f2)" == '!'* ]]; then USE_PAM=yes; fi

for i in 0 1; do
  n=$((i + 1))
  N="$RIGDIR/node$n"
  mkdir -p "$N"
  ssh-keygen -q -t ed25519 -N '' -C "hoster-rig-node$n" -f "$N/ssh_host_ed25519_key"
  cp "$S/client_ed25519.pub" "$N/authorized_keys"
  cat >"$N/sshd_config" <<EOF
# sshd for test node $n of the Hoster test rig ($RIGDIR)
ListenAddress ${NODE_HOSTS[$i]}
Port ${NODE_PORTS[$i]}
HostKey $N/ssh_host_ed25519_key
PidFile $N/sshd.pid
AuthorizedKeysFile $N/authorized_keys
PermitRootLogin prohibit-password
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM $USE_PAM
StrictModes no
AllowStreamLocalForwarding yes
AllowTcpForwarding yes
MaxSessions 10
MaxStartups 50:30:100
UseDNS no
PrintMotd no
LogLevel INFO
SetEnv DOCKER_HOST=$DOCKER_HOST_URL
Subsystem sftp internal-sftp
EOF
  /usr/sbin/sshd -t -f "$N/sshd_config" || fail "sshd rejected $N/sshd_config"
done

# Test image root filesystems: static busybox plus a link per applet, a minimal /etc, and a marker
# file (/etc/hoster-image) so the local image and the two registry tags are three different images
# (the pulls then really download instead of reusing local layers).
make_rootfs() {
  local dir=$1 marker=$2 applet
  mkdir -p "$dir/bin" "$dir/etc" "$dir/tmp" "$dir/root" "$dir/var/www" "$dir/proc" "$dir/sys" "$dir/dev"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in $(/bin/busybox --list); do
    [[ "$applet" == busybox ]] || ln -s busybox "$dir/bin/$applet"
  done
  echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
  echo 'root:x:0:' >"$dir/etc/group"
  chmod 1777 "$dir/tmp"
  echo "$marker" >"$dir/etc/hoster-image"
}
I="$RIGDIR/image"
make_rootfs "$I/local" local
make_rootfs "$I/v1" 1
make_rootfs "$I/v2" 2
make_rootfs "$I/private" private

# The reverse-proxy image: Debian's caddy binary on the same busybox base (a shell for `docker exec`
# and healthchecks). Debian builds caddy with cgo, so it needs its few shared libraries and loader
# (as ldd lists them). XDG_DATA_HOME=/data and XDG_CONFIG_HOME=/config as in the official caddy image.
C="$I/caddy"
make_rootfs "$C" caddy
mkdir -p "$C/usr/bin" "$C/data" "$C/config" "$C/etc/caddy" "$C/etc/ssl/certs" "$C/srv"
cp /usr/bin/caddy "$C/usr/bin/caddy"
for lib in $(ldd /usr/bin/caddy | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do
  mkdir -p "$C$(dirname "$lib")"
  cp -L "$lib" "$C$lib"
done
# Public roots, for an upstream over HTTPS (the ACME CA's own root is mounted by whoever uses it).
[[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp /etc/ssl/certs/ca-certificates.crt "$C/etc/ssl/certs/"
# The default command reads this (as in the official image); mount a real one over it. Empty: no site,
# only the admin endpoint (localhost:2019, so with --network host only one such caddy at a time).
echo '# Mount your Caddyfile here, or run: caddy run --config /etc/caddy/caddy.json' >"$C/etc/caddy/Caddyfile"

# ---------------------------------------------------------------------------------------------
# Wait for dockerd (poll /_ping; bounded).
# ---------------------------------------------------------------------------------------------
deadline=$((SECONDS + 60))
until curl -fsS --max-time 2 --unix-socket "$DOCKER_SOCK" http://docker/_ping >/dev/null 2>&1; do
  kill -0 "$DOCKERD_PID" 2>/dev/null || fail "dockerd exited during startup"
  ((SECONDS < deadline)) || fail "dockerd did not answer /_ping within 60 s"
  sleep 0.3
done
log "dockerd answers /_ping"
dk() { timeout 120 "$DOCKER_BIN" -H "$DOCKER_HOST_URL" "$@"; }

# docker import: no base image needed. PATH and a default command make `sh` work as usual.
import_rootfs() {
  tar --numeric-owner --owner=0 --group=0 -C "$1" -c . |
    dk import -c 'ENV PATH=/bin' -c 'CMD ["sh"]' -c 'WORKDIR /' - "$2" >/dev/null
}
LOCAL_IMAGE=local/busybox:test
REMOTE_IMAGES=("$REGISTRY/hoster/busybox:1" "$REGISTRY/hoster/busybox:2")
PRIVATE_IMAGE="$PRIVATE_REGISTRY/hoster/private:1"
import_rootfs "$I/local" "$LOCAL_IMAGE"
import_rootfs "$I/v1" "${REMOTE_IMAGES[0]}"
import_rootfs "$I/v2" "${REMOTE_IMAGES[1]}"
import_rootfs "$I/private" "$PRIVATE_IMAGE"
CADDY_IMAGE="$REGISTRY/hoster/caddy:2"
tar --numeric-owner --owner=0 --group=0 -C "$I/caddy" -c . |
  dk import -c 'ENV PATH=/usr/bin:/bin' -c 'ENV XDG_CONFIG_HOME=/config' -c 'ENV XDG_DATA_HOME=/data' -c 'WORKDIR /srv' \
    -c 'CMD ["caddy", "run", "--config", "/etc/caddy/Caddyfile", "--adapter", "caddyfile"]' - "$CADDY_IMAGE" >/dev/null
rm -rf "$I" # the engine has them now
[[ "$(dk run --rm "$LOCAL_IMAGE" cat /etc/hoster-image)" == local ]] || fail "the test image does not run"
CADDY_VERSION=$(dk run --rm "$CADDY_IMAGE" caddy version 2>&1) || fail "the caddy image does not run: $CADDY_VERSION"
log "imported $LOCAL_IMAGE, ${REMOTE_IMAGES[*]} and $CADDY_IMAGE"

# ---------------------------------------------------------------------------------------------
# Local registry (Debian's docker-registry, filesystem storage). 127.0.0.0/8 needs no TLS.
# ---------------------------------------------------------------------------------------------
# start_registry NAME DIR ADDRESS [HTPASSWD]: Debian's docker-registry with filesystem storage in DIR/data,
# serving ADDRESS; with HTPASSWD it wants a login. Returns once /v2/ answers (200, or 401 with a login).
start_registry() {
  local name=$1 dir=$2 address=$3 htpasswd=${4:-} pid status=200 deadline
  mkdir -p "$dir/data"
  {
    printf 'version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s\n  delete:\n    enabled: true\n' "$dir/data"
    printf 'http:\n  addr: %s\n' "$address"
    if [[ -n "$htpasswd" ]]; then printf 'auth:\n  htpasswd:\n    realm: hoster-rig\n    path: %s\n' "$htpasswd"; fi
  } >"$dir/config.yml"
  [[ -z "$htpasswd" ]] || status=401
  setsid docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 9>&- </dev/null &
  pid=$!
  record "$name" "$pid" docker-registry
  deadline=$((SECONDS + 30))
  until [[ "$(curl -sS --max-time 2 -o /dev/null -w '%{http_code}' "http://$address/v2/" 2>/dev/null)" == "$status" ]]; do
    kill -0 "$pid" 2>/dev/null || fail "$name exited during startup"
    ((SECONDS < deadline)) || fail "$name did not answer http://$address/v2/ with $status within 30 s"
    sleep 0.2
  done
}
start_registry registry "$RIGDIR/registry" "$REGISTRY"
for ref in "${REMOTE_IMAGES[@]}"; do dk push "$ref" >/dev/null; done
# Drop the local copies so tests pull for real (local/busybox:test stays).
dk rmi "${REMOTE_IMAGES[@]}" >/dev/null
tags=$(curl -fsS --max-time 5 "http://$REGISTRY/v2/hoster/busybox/tags/list")
[[ "$tags" == *'"1"'* && "$tags" == *'"2"'* ]] || fail "registry tags missing after push: $tags"
log "registry $REGISTRY holds hoster/busybox:1 and :2"
# The caddy image stays in the engine too: tests are about the proxy, not about pulling 40 MB.
dk push "$CADDY_IMAGE" >/dev/null
log "registry $REGISTRY holds hoster/caddy:2 (caddy $CADDY_VERSION)"

# ---------------------------------------------------------------------------------------------
# Private registry: the same server with htpasswd (bcrypt) logins, so tests pull with credentials.
# The password is new for every rig; the push logs in with a throwaway client config.
# ---------------------------------------------------------------------------------------------
P="$RIGDIR/private-registry"
PRIVATE_USER=hoster-rig
PRIVATE_PASSWORD=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
mkdir -p "$P"
htpasswd -Bbc "$P/htpasswd" "$PRIVATE_USER" "$PRIVATE_PASSWORD" 2>/dev/null
start_registry private-registry "$P" "$PRIVATE_REGISTRY" "$P/htpasswd"
echo "$PRIVATE_PASSWORD" | DOCKER_CONFIG="$P/push-client" dk login -u "$PRIVATE_USER" --password-stdin "$PRIVATE_REGISTRY" >/dev/null 2>&1 ||
  fail "could not log in to the private registry to push"
DOCKER_CONFIG="$P/push-client" dk push "$PRIVATE_IMAGE" >/dev/null
rm -rf "$P/push-client"
dk rmi "$PRIVATE_IMAGE" >/dev/null
curl -fsS --max-time 5 -u "$PRIVATE_USER:$PRIVATE_PASSWORD" "http://$PRIVATE_REGISTRY/v2/hoster/private/tags/list" | grep -q '"1"' ||
  fail "the private registry does not list hoster/private:1 after the push"
log "private registry $PRIVATE_REGISTRY holds hoster/private:1 (login $PRIVATE_USER)"

# ---------------------------------------------------------------------------------------------
# Local ACME CA: Pebble, resolving names through pebble-challtestsrv (a DNS whose records tests set
# over HTTP), so a Caddy on a node (docker --network host) gets real certificates for made-up names.
# ---------------------------------------------------------------------------------------------
A="$RIGDIR/acme"
mkdir -p "$A"
ACME_DIRECTORY="https://$ACME_HOST:$PEBBLE_PORT/dir"
ACME_MANAGEMENT="https://$ACME_HOST:$PEBBLE_MANAGEMENT_PORT"
DNS_SERVER="$ACME_HOST:$DNS_PORT"
DNS_MANAGEMENT="http://$ACME_HOST:$DNS_MANAGEMENT_PORT"
# Pebble serves ACME over HTTPS only, and Debian ships no certificate for that (upstream's test/certs
# are not packaged): a CA of our own and a certificate for 127.0.0.1/localhost signed by it.
# ACME clients (Caddy's trusted_roots_pem_files) trust listener-ca.pem to reach the directory.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -subj '/CN=hoster rig pebble listener CA' \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' \
  -keyout "$A/listener-ca.key" -out "$A/listener-ca.pem" 2>/dev/null || fail "openssl could not make the listener CA"
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj '/CN=localhost' -keyout "$A/listener.key" 2>/dev/null |
  openssl x509 -req -days 3650 -CA "$A/listener-ca.pem" -CAkey "$A/listener-ca.key" -CAcreateserial -out "$A/listener.pem" \
    -extfile <(printf 'subjectAltName=IP:%s,DNS:localhost\nextendedKeyUsage=serverAuth\n' "$ACME_HOST") 2>/dev/null ||
  fail "openssl could not make the listener certificate"
# httpPort/tlsPort: where Pebble validates HTTP-01 and TLS-ALPN-01 (the real ports, as Let's Encrypt).
cat >"$A/pebble-config.json" <<EOF
{
  "pebble": {
    "listenAddress": "$ACME_HOST:$PEBBLE_PORT",
    "managementListenAddress": "$ACME_HOST:$PEBBLE_MANAGEMENT_PORT",
    "certificate": "$A/listener.pem",
    "privateKey": "$A/listener.key",
    "httpPort": 80,
    "tlsPort": 443,
    "ocspResponderURL": "",
    "externalAccountBindingRequired": false
  }
}
EOF
# challtestsrv: DNS only (its challenge servers would bind :5001-5003 on every address), no default
# answer (a name a test did not add with POST /add-a fails clearly instead of going to 127.0.0.1).
# Its arguments name no file, so argv[0] names the rig folder: down.sh stops only pids whose command
# line does.
setsid bash -c 'exec -a "$0" /usr/bin/pebble-challtestsrv "$@"' "$A/pebble-challtestsrv" \
  -defaultIPv4 '' -defaultIPv6 '' -dns01 "$DNS_SERVER" -http01 '' -https01 '' -tlsalpn01 '' \
  -management "$ACME_HOST:$DNS_MANAGEMENT_PORT" >"$A/challtestsrv.log" 2>&1 9>&- </dev/null &
record challtestsrv "$!" pebble-challtestsrv
# NOSLEEP: no random 0-15 s wait before each validation; NONCEREJECT=0: no valid nonce refused as bad
# (5 % by default); AUTHZREUSE=0: every order is validated (by default half reuse an earlier
# authorization at random). So issuance is fast and the same every run.
PEBBLE_VA_NOSLEEP=1 PEBBLE_WFE_NONCEREJECT=0 PEBBLE_AUTHZREUSE=0 setsid /usr/bin/pebble -config "$A/pebble-config.json" -dnsserver "$DNS_SERVER" \
  >"$A/pebble.log" 2>&1 9>&- </dev/null &
PEBBLE_PID=$!
record pebble "$PEBBLE_PID" pebble
# Ready when Pebble serves its directory and challtestsrv's management answers (404 for "/": it
# knows only its API paths).
deadline=$((SECONDS + 30))
until curl -fsS --max-time 2 --cacert "$A/listener-ca.pem" -o /dev/null "$ACME_DIRECTORY" 2>/dev/null &&
  [[ "$(curl -sS --max-time 2 -o /dev/null -w '%{http_code}' "$DNS_MANAGEMENT/" 2>/dev/null)" == 404 ]]; do
  kill -0 "$PEBBLE_PID" 2>/dev/null || fail "pebble exited during startup"
  ((SECONDS < deadline)) || fail "pebble ($ACME_DIRECTORY) or challtestsrv ($DNS_MANAGEMENT) did not answer within 30 s"
  sleep 0.2
done
# Pebble makes a new root (and intermediate) at every start; what it issues chains to these.
curl -fsS --max-time 5 --cacert "$A/listener-ca.pem" -o "$A/pebble-root.pem" "$ACME_MANAGEMENT/roots/0" &&
  curl -fsS --max-time 5 --cacert "$A/listener-ca.pem" -o "$A/pebble-intermediate.pem" "$ACME_MANAGEMENT/intermediates/0" ||
  fail "could not fetch Pebble's root from $ACME_MANAGEMENT"
grep -q 'BEGIN CERTIFICATE' "$A/pebble-root.pem" || fail "$ACME_MANAGEMENT/roots/0 is not a certificate"
log "ACME CA $ACME_DIRECTORY (DNS $DNS_SERVER, records via $DNS_MANAGEMENT)"

# ---------------------------------------------------------------------------------------------
# SSH nodes
# ---------------------------------------------------------------------------------------------
for i in 0 1; do
  n=$((i + 1))
  N="$RIGDIR/node$n"
  # shellcheck disable=SC2094 # sshd appends its log (-E) and early errors (stderr) to the same file
  setsid /usr/sbin/sshd -D -f "$N/sshd_config" -E "$N/sshd.log" >>"$N/sshd.log" 2>&1 9>&- </dev/null &
  record "sshd-node$n" "$!" sshd
done
# Wait until each node talks SSH (reads the "SSH-2.0-..." banner; bounded).
for i in 0 1; do
  wait_ssh_banner "${NODE_HOSTS[$i]}" "${NODE_PORTS[$i]}" 20 || fail "sshd on ${NODE_HOSTS[$i]}:${NODE_PORTS[$i]} did not answer within 20 s"
done

# OpenSSH-side conveniences: known_hosts and an ssh_config with Host node1/node2.
for i in 0 1; do
  n=$((i + 1))
  N="$RIGDIR/node$n"
  echo "[${NODE_HOSTS[$i]}]:${NODE_PORTS[$i]} $(cut -d' ' -f1-2 "$N/ssh_host_ed25519_key.pub")" >>"$S/known_hosts"
  cat >>"$S/ssh_config" <<EOF
Host node$n
  HostName ${NODE_HOSTS[$i]}
  Port ${NODE_PORTS[$i]}
  User root
  IdentityFile $S/client_ed25519
  IdentitiesOnly yes
  UserKnownHostsFile $S/known_hosts
  StrictHostKeyChecking yes
  BatchMode yes
  ConnectTimeout 10
EOF
done
# Smoke test: log in with the client key and reach the engine with the node's own docker CLI.
for n in 1 2; do
  v=$(timeout 20 ssh -F "$S/ssh_config" "node$n" docker version --format '{{.Server.Version}}' 2>&1) ||
    fail "ssh node$n docker version failed: $v"
done
log "SSH nodes up: ${NODE_HOSTS[0]}:${NODE_PORTS[0]} ${NODE_HOSTS[1]}:${NODE_PORTS[1]} (engine $v)"

# ---------------------------------------------------------------------------------------------
# rig.env (sourceable) and rig.json (tests/rig/rig.ts)
# ---------------------------------------------------------------------------------------------
env_line() { printf '%s=%q\n' "$1" "$2"; }
{
  echo "# Hoster test rig ($RIGDIR). Source me: . $RIGDIR/rig.env"
  env_line HOSTER_RIG "$RIGDIR/rig.json"
  env_line RIG_DIR "$RIGDIR"
  env_line RIG_PIDS_FILE "$PIDS"
  env_line RIG_DOCKER_SOCKET "$DOCKER_SOCK"
  env_line RIG_DOCKER_HOST "$DOCKER_HOST_URL"
  env_line RIG_DOCKER_LOG "$D/dockerd.log"
  env_line RIG_BRIDGE "$BRIDGE"
  env_line RIG_BRIDGE_CIDR "$BRIDGE_CIDR"
  env_line RIG_ADDRESS_POOL "$ADDRESS_POOL"
  env_line RIG_REGISTRY "$REGISTRY"
  env_line RIG_REGISTRY_LOG "$RIGDIR/registry/registry.log"
  env_line RIG_IMAGE_LOCAL "$LOCAL_IMAGE"
  env_line RIG_IMAGE_REMOTE_1 "${REMOTE_IMAGES[0]}"
  env_line RIG_IMAGE_REMOTE_2 "${REMOTE_IMAGES[1]}"
  env_line RIG_PRIVATE_REGISTRY "$PRIVATE_REGISTRY"
  env_line RIG_PRIVATE_REGISTRY_USER "$PRIVATE_USER"
  env_line RIG_PRIVATE_REGISTRY_PASSWORD "$PRIVATE_PASSWORD"
  env_line RIG_PRIVATE_IMAGE "$PRIVATE_IMAGE"
  env_line RIG_IMAGE_CADDY "$CADDY_IMAGE"
  env_line RIG_ACME_DIRECTORY "$ACME_DIRECTORY"
  env_line RIG_ACME_MANAGEMENT "$ACME_MANAGEMENT"
  env_line RIG_ACME_ROOT "$A/pebble-root.pem"
  env_line RIG_ACME_INTERMEDIATE "$A/pebble-intermediate.pem"
  env_line RIG_ACME_LISTENER_CA "$A/listener-ca.pem"
  env_line RIG_ACME_CONFIG "$A/pebble-config.json"
  env_line RIG_ACME_LOG "$A/pebble.log"
  env_line RIG_DNS_SERVER "$DNS_SERVER"
  env_line RIG_DNS_MANAGEMENT "$DNS_MANAGEMENT"
  env_line RIG_DNS_LOG "$A/challtestsrv.log"
  env_line RIG_CLIENT_KEY "$S/client_ed25519"
  env_line RIG_CLIENT_PUB "$S/client_ed25519.pub"
  env_line RIG_WRONG_KEY "$S/wrong_ed25519"
  env_line RIG_WRONG_PUB "$S/wrong_ed25519.pub"
  env_line RIG_KNOWN_HOSTS "$S/known_hosts"
  env_line RIG_SSH_CONFIG "$S/ssh_config"
  env_line RIG_NODE_CONTROL "$HERE/node.sh"
  for i in 0 1; do
    n=$((i + 1))
    N="$RIGDIR/node$n"
    env_line "RIG_NODE${n}_HOST" "${NODE_HOSTS[$i]}"
    env_line "RIG_NODE${n}_PORT" "${NODE_PORTS[$i]}"
    env_line "RIG_NODE${n}_DIR" "$N"
    env_line "RIG_NODE${n}_HOST_KEY" "$N/ssh_host_ed25519_key"
    env_line "RIG_NODE${n}_HOST_PUB" "$(cut -d' ' -f1-2 "$N/ssh_host_ed25519_key.pub")"
    env_line "RIG_NODE${n}_HOST_FP" "$(ssh-keygen -lf "$N/ssh_host_ed25519_key.pub" | awk '{print $2}')"
    env_line "RIG_NODE${n}_SSHD_CONFIG" "$N/sshd_config"
    env_line "RIG_NODE${n}_PID_FILE" "$N/sshd.pid"
    env_line "RIG_NODE${n}_LOG" "$N/sshd.log"
    env_line "RIG_NODE${n}_AUTHORIZED_KEYS" "$N/authorized_keys"
  done
} >"$RIGDIR/rig.env"

# JSON from the env file, with node (always present) so quoting is right.
(
  set -a
  # shellcheck disable=SC1091
  . "$RIGDIR/rig.env"
  set +a
  RIG_JSON_OUT="$RIGDIR/rig.json" node <<'EOF'
const fs = require('node:fs');
const e = process.env;
const read = (p) => fs.readFileSync(p, 'utf8').trim();
const key = (p) => ({ privateKeyPath: p, publicKeyPath: `${p}.pub`, publicKey: read(`${p}.pub`) });
const node = (n) => ({
  name: `node${n}`,
  host: e[`RIG_NODE${n}_HOST`],
  port: Number(e[`RIG_NODE${n}_PORT`]),
  user: 'root',
  hostKeyFile: e[`RIG_NODE${n}_HOST_KEY`],
  hostPublicKeyFile: `${e[`RIG_NODE${n}_HOST_KEY`]}.pub`,
  hostPublicKey: e[`RIG_NODE${n}_HOST_PUB`],
  hostKeyFingerprint: e[`RIG_NODE${n}_HOST_FP`],
  sshdConfig: e[`RIG_NODE${n}_SSHD_CONFIG`],
  pidFile: e[`RIG_NODE${n}_PID_FILE`],
  logFile: e[`RIG_NODE${n}_LOG`],
  authorizedKeysFile: e[`RIG_NODE${n}_AUTHORIZED_KEYS`],
  dockerSocket: e.RIG_DOCKER_SOCKET,
});
const rig = {
  rigDir: e.RIG_DIR,
  pidsFile: e.RIG_PIDS_FILE,
  dockerSocket: e.RIG_DOCKER_SOCKET,
  dockerHost: e.RIG_DOCKER_HOST,
  dockerLog: e.RIG_DOCKER_LOG,
  network: { bridge: e.RIG_BRIDGE, bridgeCidr: e.RIG_BRIDGE_CIDR, addressPool: e.RIG_ADDRESS_POOL },
  registry: e.RIG_REGISTRY,
  registryLog: e.RIG_REGISTRY_LOG,
  images: { local: e.RIG_IMAGE_LOCAL, remote: [e.RIG_IMAGE_REMOTE_1, e.RIG_IMAGE_REMOTE_2], caddy: e.RIG_IMAGE_CADDY },
  acme: {
    directoryUrl: e.RIG_ACME_DIRECTORY,
    listenerCaFile: e.RIG_ACME_LISTENER_CA,
    rootFile: e.RIG_ACME_ROOT,
    intermediateFile: e.RIG_ACME_INTERMEDIATE,
    managementUrl: e.RIG_ACME_MANAGEMENT,
    configFile: e.RIG_ACME_CONFIG,
    logFile: e.RIG_ACME_LOG,
    dns: { server: e.RIG_DNS_SERVER, managementUrl: e.RIG_DNS_MANAGEMENT, logFile: e.RIG_DNS_LOG },
  },
  privateRegistry: {
    address: e.RIG_PRIVATE_REGISTRY,
    username: e.RIG_PRIVATE_REGISTRY_USER,
    password: e.RIG_PRIVATE_REGISTRY_PASSWORD,
    image: e.RIG_PRIVATE_IMAGE,
  },
  nodes: [node(1), node(2)],
  clientKey: key(e.RIG_CLIENT_KEY),
  wrongKey: key(e.RIG_WRONG_KEY),
  knownHostsFile: e.RIG_KNOWN_HOSTS,
  sshConfigFile: e.RIG_SSH_CONFIG,
  envFile: `${e.RIG_DIR}/rig.env`,
  nodeControl: e.RIG_NODE_CONTROL,
};
fs.writeFileSync(e.RIG_JSON_OUT, `${JSON.stringify(rig, null, 2)}\n`);
EOF
)

# Cheap (about 1.5 s) and the only end-to-end proof of the HTTPS pieces: a Caddy from the image gets a
# certificate from Pebble for a name on node1 and serves it (ports 80/443 of node1 held only meanwhile).
bash "$HERE/check-proxy.sh" "$RIGDIR" 9>&- || fail "the HTTPS self-check tests/rig/check-proxy.sh failed"

log "rig ready: HOSTER_RIG=$RIGDIR/rig.json"
