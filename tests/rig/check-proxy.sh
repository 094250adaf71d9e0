#!/usr/bin/env bash
# Rig self-check for HTTPS: a Caddy from the rig's image, on the rig's dockerd with --network host,
# gets a real certificate from the rig's Pebble for proxy-check.test (HTTP-01 or TLS-ALPN-01 against
# node1's address, 127.0.0.2:80/443), then
#   - https://proxy-check.test/ answers the static body over a certificate chaining to Pebble's root,
#   - http://proxy-check.test/ redirects to https.
# The DNS record, the container and its files are removed afterwards. Ports 80/443 of node1's address are
# held only for the check (1-2 s); it refuses to run when something already listens there.
#
# Usage: tests/rig/check-proxy.sh RIGDIR        (reads RIGDIR/rig.env, as written by up.sh)
set -euo pipefail

[[ $# -eq 1 && -f "$1/rig.env" ]] || { echo "usage: $0 RIGDIR (a running rig)" >&2; exit 2; }
RIGDIR=$(cd "$1" && pwd -P)
# shellcheck disable=SC1091
. "$RIGDIR/rig.env"
START=$SECONDS
log() { echo "check-proxy.sh [$((SECONDS - START))s] $*" >&2; }
fail() { echo "check-proxy.sh: ERROR: $*" >&2; exit 1; }

NAME=proxy-check.test
BODY="hoster rig proxy check"
HOST=$RIG_NODE1_HOST
if [[ -x /usr/bin/docker ]]; then DOCKER_BIN=/usr/bin/docker; else DOCKER_BIN=docker; fi
dk() { timeout 60 "$DOCKER_BIN" -H "$RIG_DOCKER_HOST" "$@"; }

for port in 80 443; do
  node -e 'const s=require("net").createServer();s.once("error",()=>process.exit(1));s.listen(+process.argv[2],process.argv[1],()=>s.close(()=>process.exit(0)))' "$HOST" "$port" ||
    fail "$HOST:$port is in use (a test's proxy?); run the check when it is free"
done

W=$(mktemp -d "$RIGDIR/proxy-check.XXXXXX")
CONTAINER="hoster-rig-proxy-check-$$"
cleanup() {
  local rc=$?
  if ((rc != 0)); then
    echo "----- caddy's log -----" >&2
    dk logs --tail 40 "$CONTAINER" >&2 2>&1 || true
  fi
  dk rm -f "$CONTAINER" >/dev/null 2>&1 || true
  curl -fsS --max-time 5 -o /dev/null -d "{\"host\":\"$NAME.\"}" "$RIG_DNS_MANAGEMENT/clear-a" || true
  rm -rf "$W"
}
trap cleanup EXIT

# The name points at node1, as a user's DNS would.
curl -fsS --max-time 5 -o /dev/null -d "{\"host\":\"$NAME.\",\"addresses\":[\"$HOST\"]}" "$RIG_DNS_MANAGEMENT/add-a" ||
  fail "challtestsrv ($RIG_DNS_MANAGEMENT) did not take the A record"

# listen: only node1's address (with --network host, a bare :443 would take every address of the machine).
# Automatic HTTPS then binds its HTTP->HTTPS redirect server on the same host at http_port (80), which
# also answers HTTP-01. challenges.bind_host keeps Caddy's own challenge listeners on that address too.
# trusted_roots_pem_files: the CA of Pebble's HTTPS listener (not a public one). Admin endpoint off: it
# would take localhost:2019 on the machine.
cp "$RIG_ACME_LISTENER_CA" "$W/acme-ca.pem"
cat >"$W/caddy.json" <<EOF
{
  "admin": { "disabled": true },
  "apps": {
    "http": {
      "http_port": 80,
      "https_port": 443,
      "servers": {
        "proxy": {
          "listen": ["$HOST:443"],
          "routes": [
            {
              "match": [{ "host": ["$NAME"] }],
              "handle": [{ "handler": "static_response", "body": "$BODY" }],
              "terminal": true
            }
          ]
        }
      }
    },
    "tls": {
      "automation": {
        "policies": [
          {
            "subjects": ["$NAME"],
            "issuers": [
              {
                "module": "acme",
                "ca": "$RIG_ACME_DIRECTORY",
                "trusted_roots_pem_files": ["/etc/caddy/acme-ca.pem"],
                "challenges": { "bind_host": "$HOST" }
              }
            ]
          }
        ]
      }
    }
  }
}
EOF

t0=$(date +%s%N)
dk run -d --name "$CONTAINER" --network host -v "$W:/etc/caddy:ro" "$RIG_IMAGE_CADDY" \
  caddy run --config /etc/caddy/caddy.json >/dev/null
# Poll until the certificate is served (bounded): curl fails verification until then.
deadline=$((SECONDS + 60))
until got=$(curl -fsS --max-time 3 --cacert "$RIG_ACME_ROOT" --resolve "$NAME:443:$HOST" "https://$NAME/" 2>/dev/null); do
  [[ "$(dk inspect -f '{{.State.Running}}' "$CONTAINER" 2>/dev/null)" == true ]] || fail "caddy exited"
  ((SECONDS < deadline)) || fail "no certificate from Pebble within 60 s"
  sleep 0.2
done
took_ms=$((($(date +%s%N) - t0) / 1000000))
[[ "$got" == "$BODY" ]] || fail "https://$NAME/ answered '$got', not '$BODY'"
issuer=$(openssl s_client -connect "$HOST:443" -servername "$NAME" </dev/null 2>/dev/null | openssl x509 -noout -issuer)
log "https://$NAME/ on $HOST:443 answers over a certificate from Pebble ($issuer), ${took_ms} ms after docker run"

# Plain HTTP on node1:80 redirects to HTTPS.
redirect=$(curl -sS --max-time 5 --resolve "$NAME:80:$HOST" -o /dev/null -w '%{http_code} %{redirect_url}' "http://$NAME/")
[[ "$redirect" == 30[178]" https://$NAME/" ]] || fail "http://$NAME/ answered '$redirect', not a redirect to https://$NAME/"
log "http://$NAME/ on $HOST:80 redirects ($redirect)"
log "ok"
