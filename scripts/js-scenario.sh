#!/usr/bin/env bash
# The client scenario with the AWS SDK for JavaScript v3 (scripts/js-scenario, version pinned in its
# package-lock.json) against the built jar. `npm ci` installs exactly the lock file; if it fails, so
# does this script (and bin/test): a client that did not run is not a client that passed.
set -euo pipefail
scenario=js-scenario
dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/js-scenario"
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 \
  || { echo "js-scenario: needs node and npm (e.g. sudo apt-get install -y nodejs npm)" >&2; exit 1; }
major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$major" -ge 20 ] || { echo "js-scenario: @aws-sdk/client-elasticache needs node >= 20, found $(node --version)" >&2; exit 1; }
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) || { echo "js-scenario: npm ci failed" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/start-server.sh"
node "$dir/scenario.mjs" "$port" || fail "the JavaScript scenario"
grep -q "$CACHEWARDEN_SECRET_ACCESS_KEY" "$log" && fail "the secret key reached the server log"
grep -q "a-long-enough-password" "$log" && fail "a user's password reached the server log"
exit 0
