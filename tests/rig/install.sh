#!/usr/bin/env bash
# Installs the Debian packages the test rig needs (docker engine, sshd, registry, Secret Service,
# browser, X server...). Idempotent: a fast no-op when everything is already installed.
# CI starts from a fresh Debian 12 machine, so this must run before anything else in tests/run-all.sh.
set -euo pipefail

# Package -> why we need it.
PACKAGES=(
  docker.io          # dockerd + docker CLI (a private engine per rig)
  openssh-server     # sshd (the SSH "nodes")
  openssh-client     # ssh, ssh-keygen, ssh-agent
  busybox-static     # /bin/busybox, statically linked: the whole test image
  docker-registry    # a local registry so tests do real pulls with progress
  apache2-utils      # htpasswd -B: logins for the registry that wants one
  docker-compose     # a peer to compare deploys against
  python3-paramiko   # docker-compose over ssh:// needs it
  gnome-keyring      # a real Secret Service for the OS keychain tests
  dbus-x11           # dbus-run-session / dbus-daemon / dbus-send for a private session bus
  libsecret-tools    # secret-tool, to probe the Secret Service
  chromium           # the browser for the e2e tests
  xvfb               # xvfb-run: a real X display
  xauth              # xvfb-run needs it (only a Recommends of xvfb)
  curl               # polls dockerd's /_ping over its unix socket
  iproute2           # ip/ss: the rig's own docker bridge, port checks
  procps             # ps, for checks and debugging
  util-linux         # flock, findmnt
  caddy              # the Caddy binary: the reverse-proxy image (hoster/caddy:2) is built from it
  pebble             # pebble + pebble-challtestsrv: a local ACME CA (and its DNS) for real certificates
  restic             # the backup engine the app drives (backups go into a restic repository)
  openssl            # makes the certificate of Pebble's own HTTPS listener (Debian ships none)
  cloud-init         # its schema check validates the user data the app gives the servers it creates
  debootstrap        # a fresh Debian root the "prepare a server" test installs Docker on (tests/rig/debian-root.sh)
)

# A package counts as present only when dpkg says "ii" (installed and configured).
missing=()
while read -r pkg status; do
  [[ "$status" == ii* ]] || missing+=("$pkg")
done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${PACKAGES[@]}" 2>/dev/null || true)
# dpkg-query prints nothing at all for packages it has never heard of.
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sed '/^$/d' | sort -u)

if ((${#missing[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "tests/rig/install.sh: missing Debian packages: ${missing[*]}" >&2
  echo "Install them as root, then run again:" >&2
  echo "  sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y ${missing[*]}" >&2
  exit 1
fi

echo "tests/rig/install.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q "${missing[@]}"

# Installing docker.io / openssh-server on a machine with systemd may start the system services;
# the rig never uses them (it runs its own dockerd and sshd instances), so leave them alone.
echo "tests/rig/install.sh: done" >&2
