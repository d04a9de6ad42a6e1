#!/usr/bin/env bash
# The Terraform AWS provider's call sequences, replayed with the AWS SDK for Go v2 (scripts/go-scenario)
# against the built jar. Built offline in GOPATH mode from Debian's golang-go and
# golang-github-aws-aws-sdk-go-v2-dev (/usr/share/gocode): no module download, no network.
#
# GO_SCENARIO_ONLY picks scenarios (comma-separated, or "all"); unset runs the shipped ones, all of
# them today (`go-scenario -list` names them). GO_SCENARIO_FLAGS passes more flags (-strict,
# -parallel=false).
set -euo pipefail
scenario=go-scenario
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null 2>&1 \
  || { echo "go-scenario: needs go (e.g. sudo apt-get install -y golang-go golang-github-aws-aws-sdk-go-v2-dev)" >&2; exit 1; }
[ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/service/elasticache ] \
  || { echo "go-scenario: needs Debian's golang-github-aws-aws-sdk-go-v2-dev (/usr/share/gocode)" >&2; exit 1; }
minor="$(go env GOVERSION | sed -n 's/^go1\.\([0-9]*\).*/\1/p')"
[ "${minor:-0}" -ge 18 ] || { echo "go-scenario: needs Go >= 1.18 (generics), found $(go env GOVERSION)" >&2; exit 1; }
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off
export GOCACHE="${GOCACHE:-$here/../target/go-build-cache}"
# A scenario that fails midway leaves caches behind: their nodes stop with the server, not after it.
export CACHEWARDEN_STOP_NODES_ON_EXIT=true
# The server (1s transitions: long enough for concurrent calls to meet a modifying group or user;
# the waits themselves are the provider's, shortened 100 times), stopped by PID on exit.
# Port unset reads back 6379, as on AWS (the provider suppresses only that default): --cache-port 6379.
SERVE_FLAGS="--cache-port 6379"
source "$here/start-server.sh"
(cd "$here/go-scenario" && go build -o "$data/go-scenario" .) || { echo "go-scenario: go build failed" >&2; exit 1; }
"$data/go-scenario" -endpoint "http://127.0.0.1:$port" -only "${GO_SCENARIO_ONLY:-}" ${GO_SCENARIO_FLAGS:-} || fail "the Go SDK scenario"
grep -q "$CACHEWARDEN_SECRET_ACCESS_KEY" "$log" && fail "the secret key reached the server log"
# Every password the scenarios send (scripts/go-scenario/*.go).
grep -qE "password(123456789|987654321|-abcdefghijk|-1111111111|-2222222222|-second-change)" "$log" \
  && fail "a user's password reached the server log"
exit 0
