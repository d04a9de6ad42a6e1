#!/usr/bin/env bash
# The Terraform AWS provider's call sequences, replayed with the AWS SDK for Go v2 (scripts/go-scenario)
# against the built jar. Built offline in GOPATH mode from Debian's golang-go and
# golang-github-aws-aws-sdk-go-v2-dev (/usr/share/gocode): no module download, no network.
#
# GO_SCENARIO_ONLY picks scenarios (comma-separated, or "all"); unset runs the shipped ones. The
# subnet group, parameter group and cluster-mode scenarios are off until the server has those
# actions: e.g. GO_SCENARIO_ONLY=all scripts/go-scenario.sh, or `go-scenario -list` for the names.
set -euo pipefail
scenario=go-scenario
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
command -v go >/dev/null 2>&1 \
  || { echo "go-scenario: needs go (e.g. sudo apt-get install -y golang-go golang-github-aws-aws-sdk-go-v2-dev)" >&2; exit 1; }
[ -d /usr/share/gocode/src/github.com/aws/aws-sdk-go-v2/service/elasticache ] \
  || { echo "go-scenario: needs Debian's golang-github-aws-aws-sdk-go-v2-dev (/usr/share/gocode)" >&2; exit 1; }
build="$(mktemp -d)"
export GO111MODULE=off GOPATH=/usr/share/gocode GOFLAGS= GOPROXY=off GOENV=off
export GOCACHE="${GOCACHE:-$here/../target/go-build-cache}"
(cd "$here/go-scenario" && go build -o "$build/go-scenario" .) || { rm -rf "$build"; echo "go-scenario: go build failed" >&2; exit 1; }
# The 1s transitions of start-server.sh: long enough for concurrent calls to meet a modifying
# group or user under load; the waits themselves are the provider's, shortened 100 times.
source "$here/start-server.sh"
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data" "$build"' EXIT
"$build/go-scenario" -endpoint "http://127.0.0.1:$port" -only "${GO_SCENARIO_ONLY:-}" ${GO_SCENARIO_FLAGS:-} || fail "the Go SDK scenario"
grep -q "$CACHEWARDEN_SECRET_ACCESS_KEY" "$log" && fail "the secret key reached the server log"
grep -q "password123456789\|password-abcdefghijk" "$log" && fail "a user's password reached the server log"
exit 0
