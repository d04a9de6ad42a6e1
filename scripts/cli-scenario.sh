#!/usr/bin/env bash
# The AWS CLI and boto3, unmodified, against the built jar: create, modify (PendingChanges), apply.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
log="$data/server.log"

# The server verifies SigV4: it is started with the very pair the CLI and boto3 sign with.
export CACHEWARDEN_ACCESS_KEY_ID="${CACHEWARDEN_ACCESS_KEY_ID:-AKIDCLISCENARIO}"
export CACHEWARDEN_SECRET_ACCESS_KEY="${CACHEWARDEN_SECRET_ACCESS_KEY:-cli-scenario-secret-$RANDOM$RANDOM}"
"$root/bin/cachewarden" serve --port "$port" --data-dir "$data/state" --transition-delay 1s >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -rf "$data"' EXIT
# Up to 3 minutes: bin/cachewarden first builds the jar when it is missing or stale.
for _ in $(seq 1 1800); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null && break
  kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; echo "cli-scenario: the server exited" >&2; exit 1; }
  sleep 0.1
done

export AWS_ACCESS_KEY_ID="$CACHEWARDEN_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$CACHEWARDEN_SECRET_ACCESS_KEY"
export AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
ec() { aws --endpoint-url "http://127.0.0.1:$port" --output json elasticache "$@"; }
fail() { echo "cli-scenario: FAILED: $*" >&2; cat "$log" >&2; exit 1; }

ec create-user --user-id u1 --user-name u1 --engine redis --passwords "a-long-enough-password" \
   --access-string "on ~* +@all" >/dev/null
ec create-user-group --user-group-id g --engine redis --user-ids default >/dev/null
for _ in $(seq 1 50); do
  [ "$(ec describe-user-groups --user-group-id g --query 'UserGroups[0].Status' --output text)" = active ] && break; sleep 0.2
done
out="$(ec modify-user-group --user-group-id g --user-ids-to-add u1)"
[ "$(echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["Status"], d["PendingChanges"]["UserIdsToAdd"])')" = "modifying ['u1']" ] \
  || fail "modify-user-group answered: $out"
for _ in $(seq 1 50); do
  [ "$(ec describe-user-groups --user-group-id g --query 'UserGroups[0].Status' --output text)" = active ] && break; sleep 0.2
done
members="$(ec describe-user-groups --user-group-id g --query 'UserGroups[0].UserIds' --output text)"
[ "$members" = "$(printf 'default\tu1')" ] || fail "members after apply: $members"

# boto3: the modeled exception class is raised for a fault, with AWS's code.
python3 - "$port" <<'PY' || fail "boto3 part"
import sys, boto3
ec = boto3.client("elasticache", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
try:
    ec.modify_user_group(UserGroupId="g", UserIdsToRemove=["not-a-member"])
    raise SystemExit("expected InvalidParameterValue")
except ec.exceptions.InvalidParameterValueException as e:
    assert e.response["Error"]["Code"] == "InvalidParameterValue", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
try:
    ec.describe_user_groups(UserGroupId="missing")
    raise SystemExit("expected UserGroupNotFound")
except ec.exceptions.UserGroupNotFoundFault as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 404
pages = list(ec.get_paginator("describe_users").paginate(PaginationConfig={"PageSize": 1}))
assert [u["UserId"] for p in pages for u in p["Users"]] == ["default", "u1"], pages
PY
# SigV4 as botocore signs it (no x-amz-content-sha256): a wrong secret, another region and a
# presigned URL, each answered as AWS answers.
out="$(AWS_SECRET_ACCESS_KEY=wrong-secret ec describe-users 2>&1)" && fail "a wrong secret was accepted: $out"
echo "$out" | grep -q "SignatureDoesNotMatch" || fail "wrong secret answered: $out"
out="$(AWS_DEFAULT_REGION=eu-west-1 ec describe-users 2>&1)" && fail "another region was accepted: $out"
echo "$out" | grep -q "Credential should be scoped to a valid region, not 'eu-west-1'" || fail "other region answered: $out"
python3 - "$port" <<'PY' || fail "boto3 SigV4 part"
import sys, urllib.request, urllib.error, boto3, botocore.config
url = f"http://127.0.0.1:{sys.argv[1]}"
ec = boto3.client("elasticache", endpoint_url=url, region_name="us-east-1")
signed = ec.generate_presigned_url("describe_users", Params={"UserId": "u1"}, ExpiresIn=60, HttpMethod="GET")
assert "X-Amz-Signature=" in signed, signed
body = urllib.request.urlopen(signed).read().decode()
assert "<UserId>u1</UserId>" in body, body
try:
    urllib.request.urlopen(signed.replace("UserId=u1", "UserId=default"))
    raise SystemExit("a tampered presigned URL was accepted")
except urllib.error.HTTPError as e:
    assert e.code == 403 and b"SignatureDoesNotMatch" in e.read()
unsigned = boto3.client("elasticache", endpoint_url=url, region_name="us-east-1",
                        config=botocore.config.Config(signature_version=botocore.UNSIGNED))
try:
    unsigned.describe_users()
    raise SystemExit("an unsigned request was accepted")
except unsigned.exceptions.ClientError as e:
    assert e.response["Error"]["Code"] == "MissingAuthenticationToken", e.response
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 403
PY
grep -q "$CACHEWARDEN_SECRET_ACCESS_KEY" "$log" && fail "the secret key reached the server log"
echo "cli-scenario: 3 passed, 0 failed"
