#!/usr/bin/env bash
# The AWS CLI and boto3, unmodified, against the built jar: the scenario every client runs (users, a group,
# ModifyUserGroup with PendingChanges, wait for active, paging with MaxRecords/Marker, an error with its
# code, DescribeEvents); scripts/js-scenario does the same with the AWS SDK for JavaScript v3.
set -euo pipefail
scenario=cli-scenario
source "$(dirname "${BASH_SOURCE[0]}")/start-server.sh"

ec() { aws --endpoint-url "http://127.0.0.1:$port" --output json elasticache "$@"; }

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

# Paging by hand, one user a page: MaxRecords, then the Marker of each page until there is none.
seen="" marker=""
for _ in $(seq 1 10); do
  page="$(ec describe-users --no-paginate --max-records 1 ${marker:+--marker "$marker"})"
  seen="$seen $(echo "$page" | python3 -c 'import json,sys; print(" ".join(u["UserId"] for u in json.load(sys.stdin)["Users"]))')"
  marker="$(echo "$page" | python3 -c 'import json,sys; print(json.load(sys.stdin).get("Marker",""))')"
  [ -n "$marker" ] || break
done
[ "$seen" = " default u1" ] || fail "pages of describe-users: $seen"
out="$(ec describe-user-groups --user-group-id missing 2>&1)" && fail "a missing group was found: $out"
echo "$out" | grep -q "(UserGroupNotFound)" || fail "missing group answered: $out"
events="$(ec describe-events --source-type user-group --source-identifier g --query 'Events[].Message' --output text)"
echo "$events" | grep -q "Modification of user group g started" || fail "events of g: $events"
echo "$events" | grep -q "Modifications applied to user group g" || fail "events of g: $events"

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
ids, kw = [], {"MaxRecords": 1}
while True:
    page = ec.describe_users(**kw)
    ids += [u["UserId"] for u in page["Users"]]
    if "Marker" not in page:
        break
    kw["Marker"] = page["Marker"]
assert ids == ["default", "u1"], ids
messages = [e["Message"] for e in ec.describe_events(SourceType="user-group", SourceIdentifier="g")["Events"]]
assert "Modifications applied to user group g" in messages, messages
assert any(m.startswith("Modification of user group g started") for m in messages), messages
assert all(e["SourceType"] == "user-group" and e["SourceIdentifier"] == "g"
           for e in ec.describe_events(SourceType="user-group", SourceIdentifier="g")["Events"])
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
# Subnet and parameter groups as the CLI and boto3 shape them (SubnetIds.SubnetIdentifier.N,
# ParameterNameValues.ParameterNameValue.N), and their modeled faults.
ec create-cache-subnet-group --cache-subnet-group-name sg --cache-subnet-group-description app \
   --subnet-ids subnet-1a2b3c4d subnet-0123456789abcdef0 >/dev/null
zones="$(ec describe-cache-subnet-groups --cache-subnet-group-name sg --query 'CacheSubnetGroups[0].Subnets[].SubnetIdentifier' --output text)"
[ "$zones" = "$(printf 'subnet-1a2b3c4d\tsubnet-0123456789abcdef0')" ] || fail "subnets of sg: $zones"
ec create-cache-parameter-group --cache-parameter-group-name pg --cache-parameter-group-family redis7 \
   --description app >/dev/null
ec modify-cache-parameter-group --cache-parameter-group-name pg \
   --parameter-name-values ParameterName=maxmemory-policy,ParameterValue=allkeys-lru >/dev/null
python3 - "$port" <<'PY' || fail "boto3 groups part"
import sys, boto3
ec = boto3.client("elasticache", endpoint_url=f"http://127.0.0.1:{sys.argv[1]}", region_name="us-east-1")
params = [p for page in ec.get_paginator("describe_cache_parameters").paginate(CacheParameterGroupName="pg")
          for p in page["Parameters"]]
policy = next(p for p in params if p["ParameterName"] == "maxmemory-policy")
assert policy["ParameterValue"] == "allkeys-lru" and policy["Source"] == "user", policy
assert policy["ChangeType"] == "immediate" and policy["IsModifiable"] is True, policy
try:
    ec.modify_cache_parameter_group(CacheParameterGroupName="default.redis7",
                                    ParameterNameValues=[{"ParameterName": "timeout", "ParameterValue": "1"}])
    raise SystemExit("a default parameter group was modified")
except ec.exceptions.InvalidCacheParameterGroupStateFault as e:
    assert e.response["ResponseMetadata"]["HTTPStatusCode"] == 400
try:
    ec.describe_cache_subnet_groups(CacheSubnetGroupName="missing")
    raise SystemExit("expected CacheSubnetGroupNotFoundFault")
except ec.exceptions.CacheSubnetGroupNotFoundFault as e:
    assert e.response["Error"]["Code"] == "CacheSubnetGroupNotFoundFault", e.response
ec.delete_cache_parameter_group(CacheParameterGroupName="pg")
ec.delete_cache_subnet_group(CacheSubnetGroupName="sg")
PY
grep -q "$CACHEWARDEN_SECRET_ACCESS_KEY" "$log" && fail "the secret key reached the server log"
echo "cli-scenario: 3 passed, 0 failed"
