#!/usr/bin/env python3
"""Black-box conformance probe: AWS's documented ElastiCache RBAC behaviour, checked against the jar.

Every check names the statement it verifies and where AWS says so:
  [API-x]   ElastiCache API Reference page for action x (content = botocore's model)
  [ERR]     API Reference "Common Errors"           [PARAM] "Common Parameters"
  [RBAC]    User Guide Clusters.RBAC.html           [CLI-x] AWS CLI example for command x
  [QUOTA]   User Guide quotas page                  [MODEL] botocore elasticache 2015-02-02
  [GUESS]   docs/aws-guesses.md (AWS silent; our documented choice)

Starts target/cachewarden.jar itself on free ports (three servers: no delay, a 2 s transition delay
for the in-flight rules, and a fresh one for the quotas; plus a throwaway redis-server to check that
answered access strings grant what the given ones do), drives it with boto3, the AWS CLI and raw
signed HTTP, stops everything by PID, and prints 'N passed, M failed'. Exit status is 0 only when
everything passed. bin/test runs it after the JUnit suites; on its own, after `mvn package`:

    mvn -q -B -DskipTests package && python3 scripts/conformance-probe.py [-v]
"""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import boto3
import botocore.auth
import botocore.awsrequest
import botocore.credentials
from botocore.config import Config
from botocore.exceptions import ClientError, ParamValidationError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, "target", "cachewarden.jar")
JAVA = next((j for j in ("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java",) if os.path.exists(j)), "java")
KEY, SECRET, REGION, ACCOUNT = "AKIDPROBE0000000000", "probe-secret-key-0000000000000000", "us-east-1", "000000000000"
NS = "http://elasticache.amazonaws.com/doc/2015-02-02/"
PW1, PW2, PW3 = "probe-password-0001", "probe-password-0002", "probe-password-0003"
VERBOSE = "-v" in sys.argv

passed, failed = 0, []


def check(statement, ok, detail=""):
    global passed
    if ok:
        passed += 1
        if VERBOSE:
            print(f"ok    {statement}")
    else:
        failed.append(statement)
        print(f"FAIL  {statement}  -- {detail}")


def expect_error(statement, fn, code, status, message=None):
    """The call fails with this wire code and HTTP status (and message, a regex, when AWS documents one)."""
    try:
        fn()
    except ClientError as e:
        got_code = e.response["Error"]["Code"]
        got_status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        got_msg = e.response["Error"].get("Message", "")
        ok = got_code == code and got_status == status and (message is None or re.search(message, got_msg))
        check(statement, ok, f"got {got_code} {got_status} {got_msg!r}")
        return e
    check(statement, False, "call succeeded")
    return None


class Server:
    def __init__(self, delay):
        self.dir = tempfile.mkdtemp(prefix="cw-probe-")
        port_file = os.path.join(self.dir, "port")
        env = dict(os.environ, CACHEWARDEN_ACCESS_KEY_ID=KEY, CACHEWARDEN_SECRET_ACCESS_KEY=SECRET)
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = subprocess.Popen(
            [JAVA, "-jar", JAR, "serve", "--port", "0", "--port-file", port_file,
             "--data-dir", os.path.join(self.dir, "data"), "--transition-delay", delay,
             # a probe that made a node must not leave it running after its data directory is gone
             "--stop-nodes-on-exit"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.port_file = port_file

    def ready(self):
        """Waits for the port file; the servers start side by side, each JVM on its own."""
        port_file = self.port_file
        deadline = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().strip()):
            if self.proc.poll() is not None or time.time() > deadline:
                raise SystemExit("server did not start: see " + self.log.name)
            time.sleep(0.1)
        self.port = int(open(port_file).read().strip())
        self.url = f"http://127.0.0.1:{self.port}"
        self.ec = boto3.client("elasticache", endpoint_url=self.url, region_name=REGION,
                               aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                               config=Config(retries={"max_attempts": 1}))
        return self

    def stop(self):
        os.kill(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def raw(self, params, method="POST", sign=True, key=KEY, secret=SECRET, date=None):
        """A hand-built Query request, SigV4-signed like an SDK would; returns (status, headers, xml root)."""
        body = urllib.parse.urlencode(params)
        url = self.url + "/" + ("?" + body if method == "GET" else "")
        req = botocore.awsrequest.AWSRequest(
            method=method, url=url, data=None if method == "GET" else body,
            headers={} if method == "GET" else {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        if sign:
            signer = botocore.auth.SigV4Auth(botocore.credentials.Credentials(key, secret), "elasticache", REGION)
            if date:  # sign as of another moment (botocore stamps X-Amz-Date from the clock)
                from unittest import mock
                with mock.patch("botocore.auth.get_current_datetime", return_value=date):
                    signer.add_auth(req)
            else:
                signer.add_auth(req)
        prepared = req.prepare()
        r = urllib.request.Request(prepared.url, data=prepared.body.encode() if isinstance(prepared.body, str)
                                   else prepared.body, headers=dict(prepared.headers), method=method)
        try:
            with urllib.request.urlopen(r, timeout=10) as resp:
                return resp.status, dict(resp.headers), ET.fromstring(resp.read())
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), ET.fromstring(e.read())

    def cli(self, *args):
        env = dict(os.environ, AWS_ACCESS_KEY_ID=KEY, AWS_SECRET_ACCESS_KEY=SECRET, AWS_DEFAULT_REGION=REGION,
                   AWS_PAGER="")
        p = subprocess.run(["aws", "--endpoint-url", self.url, "--output", "json", "elasticache", *args],
                           env=env, capture_output=True, text=True, timeout=60)
        return p.returncode, (json.loads(p.stdout) if p.stdout.strip() else None), p.stderr


def wait_for(fn, timeout=15):
    deadline = time.time() + timeout
    while True:
        v = fn()
        if v or time.time() > deadline:
            return v
        time.sleep(0.1)


def group_status(ec, gid):
    try:
        return ec.describe_user_groups(UserGroupId=gid)["UserGroups"][0]["Status"]
    except ClientError as e:
        return e.response["Error"]["Code"]


def user_status(ec, uid):
    try:
        return ec.describe_users(UserId=uid)["Users"][0]["Status"]
    except ClientError as e:
        return e.response["Error"]["Code"]


def arn(kind, rid):
    return f"arn:aws:elasticache:{REGION}:{ACCOUNT}:{kind}:{rid}"


# ----------------------------------------------------------------------------------------------
def users(s):
    ec = s.ec
    # [CLI-create-user]: the answer's members and values; UserId "stored as a lowercase string" [API-CreateUser]
    u = ec.create_user(UserId="User1", UserName="myUser", Passwords=[PW1], Engine="REDIS",
                       AccessString="on ~app::* -@all +@read")
    check("CreateUser: UserId stored lowercase [API-CreateUser]", u["UserId"] == "user1", u["UserId"])
    check("CreateUser: UserName kept as given [CLI-create-user]", u["UserName"] == "myUser", u["UserName"])
    check("CreateUser: Status active [CLI-create-user]", u["Status"] == "active", u["Status"])
    check("CreateUser: Engine answered lowercase [CLI-create-user]", u["Engine"] == "redis", u["Engine"])
    check("CreateUser: UserGroupIds empty list [CLI-create-user]", u.get("UserGroupIds") == [], u.get("UserGroupIds"))
    check("CreateUser: Authentication {password, PasswordCount 1} [CLI-create-user]",
          u["Authentication"] == {"Type": "password", "PasswordCount": 1}, u["Authentication"])
    check("CreateUser: ARN arn:aws:elasticache:<region>:<account>:user:<id> [CLI-create-user]",
          u["ARN"] == arn("user", "user1"), u["ARN"])
    check("CreateUser: MinimumEngineVersion 6.0 for a Redis 6 rule set [API-User 'which is Redis OSS 6.0']",
          u.get("MinimumEngineVersion") == "6.0", u.get("MinimumEngineVersion"))
    check("CreateUser: AccessString answered in canonical form, starting with 'on ~app::* -@all +@read' [CLI-create-user]",
          u["AccessString"].startswith("on ~app::* -@all +@read"), u["AccessString"])
    check("CreateUser: no password in the answer [RBAC]", PW1 not in json.dumps(u, default=str))
    expanded = ("on ~app::* -@all +@read +@hash +@bitmap +@geo -setbit -bitfield -hset -hsetnx -hmset -hincrby "
                "-hincrbyfloat -hdel -bitop -geoadd -georadius -georadiusbymember")
    u = ec.create_user(UserId="tfexpanded", UserName="tf", Passwords=[PW1], Engine="redis", AccessString=expanded)
    check("CreateUser: the CLI example's expanded string is answered unchanged (terraform sends it) [CLI-create-user]",
          u["AccessString"] == expanded, u["AccessString"])
    # [RBAC]: "If neither on nor off is specified, the user is off"
    u = ec.create_user(UserId="offuser", UserName="offuser", Passwords=[PW1], Engine="redis",
                       AccessString="~objects:* ~items:* ~public:*")
    check("CreateUser: no on/off means off; -@all spelled out [RBAC example 'off ~objects:* ~items:* ~public:* -@all']",
          u["AccessString"] == "off ~objects:* ~items:* ~public:* -@all", u["AccessString"])
    # [RBAC]: default user's access string form
    u = ec.create_user(UserId="full", UserName="full", Passwords=[PW1, PW2], Engine="redis", AccessString="on ~* +@all")
    check("CreateUser: 'on ~* +@all' answered as is [CLI-describe-users]", u["AccessString"] == "on ~* +@all",
          u["AccessString"])
    check("CreateUser: two passwords allowed, PasswordCount 2 [API-CreateUser 'up to two']",
          u["Authentication"].get("PasswordCount") == 2, u["Authentication"])
    expect_error("CreateUser: existing id -> UserAlreadyExists 400 [API-CreateUser]",
                 lambda: ec.create_user(UserId="USER1", UserName="x", Passwords=[PW1], Engine="redis",
                                        AccessString="on ~* +@all"), "UserAlreadyExists", 400)
    expect_error("CreateUser: id 'default' exists -> UserAlreadyExists 400 [RBAC default user]",
                 lambda: ec.create_user(UserId="default", UserName="default", Passwords=[PW1], Engine="redis",
                                        AccessString="on ~* +@all"), "UserAlreadyExists", 400)
    expect_error("CreateUser: 3 passwords -> InvalidParameterValue 400 [API-CreateUser 'up to two passwords']",
                 lambda: ec.create_user(UserId="three", UserName="x", Passwords=[PW1, PW2, PW3], Engine="redis",
                                        AccessString="on ~* +@all"), "InvalidParameterValue", 400)
    expect_error("CreateUser: 15-char password -> InvalidParameterValue 'Passwords length must be between 16-128 characters.' [RBAC]",
                 lambda: ec.create_user(UserId="short", UserName="x", Passwords=["a" * 15], Engine="redis",
                                        AccessString="on ~* +@all"), "InvalidParameterValue", 400,
                 r"Passwords length must be between 16-128 characters")
    expect_error("CreateUser: 129-char password -> InvalidParameterValue [RBAC 16-128]",
                 lambda: ec.create_user(UserId="long", UserName="x", Passwords=["a" * 129], Engine="redis",
                                        AccessString="on ~* +@all"), "InvalidParameterValue", 400)
    for ch in ',"/@':
        expect_error(f"CreateUser: password containing {ch!r} -> InvalidParameterValue [RBAC forbidden characters]",
                     lambda: ec.create_user(UserId="badchar", UserName="x", Passwords=["abcdefghijklmnop" + ch],
                                            Engine="redis", AccessString="on ~* +@all"), "InvalidParameterValue", 400)
    u = ec.create_user(UserId="len128", UserName="x", Passwords=["a" * 128, "b" * 16], Engine="redis",
                       AccessString="on ~* +@all")
    check("CreateUser: 16 and 128 characters are accepted [RBAC 16-128]", u["Authentication"]["PasswordCount"] == 2)
    for rule in (">secret", "nopass", "resetpass", "reset", "#" + "a" * 64):
        expect_error(f"CreateUser: access string with '{rule[:9]}' -> InvalidParameterValue [RBAC no passwords/reset]",
                     lambda: ec.create_user(UserId="badacl", UserName="x", Passwords=[PW1], Engine="redis",
                                            AccessString="on ~* +@all " + rule), "InvalidParameterValue", 400)
    expect_error("CreateUser: unknown command in access string -> InvalidParameterValue [RBAC 'an exception will be thrown']",
                 lambda: ec.create_user(UserId="badcmd", UserName="x", Passwords=[PW1], Engine="redis",
                                        AccessString="on ~* +nosuchcommand"), "InvalidParameterValue", 400)
    expect_error("CreateUser: engine 'memcached' -> InvalidParameterValue [API-CreateUser 'valkey or redis']",
                 lambda: ec.create_user(UserId="mc", UserName="x", Passwords=[PW1], Engine="memcached",
                                        AccessString="on ~* +@all"), "InvalidParameterValue", 400)
    expect_error("CreateUser: malformed id '1abc' -> InvalidParameterValue [MODEL UserId pattern]",
                 lambda: ec.create_user(UserId="1abc", UserName="x", Passwords=[PW1], Engine="redis",
                                        AccessString="on ~* +@all"), "InvalidParameterValue", 400)
    # no-password: [CLI-describe-users] default user shows Type no-password (output enum)
    u = ec.create_user(UserId="nopw", UserName="nopw", NoPasswordRequired=True, Engine="redis",
                       AccessString="on ~* +@all")
    check("CreateUser: NoPasswordRequired -> Authentication {Type: no-password}, no PasswordCount [MODEL AuthenticationType]",
          u["Authentication"] == {"Type": "no-password"}, u["Authentication"])
    u = ec.create_user(UserId="nopw2", UserName="nopw2", AuthenticationMode={"Type": "no-password-required"},
                       Engine="redis", AccessString="on ~* +@all")
    check("CreateUser: AuthenticationMode no-password-required -> Type no-password [MODEL]",
          u["Authentication"] == {"Type": "no-password"}, u["Authentication"])
    u = ec.create_user(UserId="pwmode", UserName="pwmode", AuthenticationMode={"Type": "password", "Passwords": [PW1]},
                       Engine="redis", AccessString="on ~* +@all")
    check("CreateUser: AuthenticationMode password -> Type password, count 1 [MODEL]",
          u["Authentication"] == {"Type": "password", "PasswordCount": 1}, u["Authentication"])
    u = ec.create_user(UserId="iamuser", UserName="iamuser", AuthenticationMode={"Type": "iam"}, Engine="redis",
                       AccessString="on ~* +@all")
    check("CreateUser: iam -> Authentication {Type: iam} [MODEL, auth-iam]", u["Authentication"] == {"Type": "iam"},
          u["Authentication"])
    check("CreateUser: iam user needs Redis OSS 7.0 -> MinimumEngineVersion 7.0 [auth-iam]",
          u.get("MinimumEngineVersion") == "7.0", u.get("MinimumEngineVersion"))
    expect_error("CreateUser: iam with UserName != UserId -> InvalidParameterCombination 'User Id and User name must be same' [auth-iam]",
                 lambda: ec.create_user(UserId="iam2", UserName="other", AuthenticationMode={"Type": "iam"},
                                        Engine="redis", AccessString="on ~* +@all"),
                 "InvalidParameterCombination", 400, r"User Id and User name must be same for authentication type: iam")
    expect_error("CreateUser: iam with passwords -> InvalidParameterCombination [GUESS moto]",
                 lambda: ec.create_user(UserId="iam3", UserName="iam3",
                                        AuthenticationMode={"Type": "iam", "Passwords": [PW1]},
                                        Engine="redis", AccessString="on ~* +@all"), "InvalidParameterCombination", 400)
    expect_error("CreateUser: valkey user without a password -> InvalidParameterCombination [RBAC valkey users must authenticate; GUESS code]",
                 lambda: ec.create_user(UserId="vnopw", UserName="vnopw", NoPasswordRequired=True, Engine="valkey",
                                        AccessString="on ~* +@all"), "InvalidParameterCombination", 400)
    u = ec.create_user(UserId="vuser", UserName="vuser", Passwords=[PW1], Engine="valkey", AccessString="on ~* +@all")
    check("CreateUser: valkey user -> Engine valkey, MinimumEngineVersion 7.2 [RBAC Valkey 7.2]",
          (u["Engine"], u.get("MinimumEngineVersion")) == ("valkey", "7.2"), (u["Engine"], u.get("MinimumEngineVersion")))
    u = ec.create_user(UserId="chan", UserName="chan", Passwords=[PW1], Engine="redis", AccessString="on ~* &chan:* +@all")
    check("CreateUser: channel rules need 6.2 -> MinimumEngineVersion 6.2 [RBAC '&' Redis 6.2]",
          u.get("MinimumEngineVersion") == "6.2", u.get("MinimumEngineVersion"))
    u = ec.create_user(UserId="sel", UserName="sel", Passwords=[PW1], Engine="redis", AccessString="on %R~r:* +@all")
    check("CreateUser: %R~ needs 7.0 -> MinimumEngineVersion 7.0 [RBAC Redis 7 rules]",
          u.get("MinimumEngineVersion") == "7.0", u.get("MinimumEngineVersion"))
    tags51 = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    expect_error("CreateUser: 51 tags -> TagQuotaPerResourceExceeded 400 [MODEL 'maximum 50']",
                 lambda: ec.create_user(UserId="tags51", UserName="x", Passwords=[PW1], Engine="redis",
                                        AccessString="on ~* +@all", Tags=tags51), "TagQuotaPerResourceExceeded", 400)
    u = ec.create_user(UserId="tagged", UserName="x", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all",
                       Tags=[{"Key": "team", "Value": "a"}])
    t = ec.list_tags_for_resource(ResourceName=u["ARN"])["TagList"]
    check("CreateUser: Tags given at create are listed by ListTagsForResource [API-CreateUser Tags]",
          t == [{"Key": "team", "Value": "a"}], t)

    # DescribeUsers: [CLI-describe-users] the built-in default user
    all_users = [x for p in ec.get_paginator("describe_users").paginate() for x in p["Users"]]
    d = next((x for x in all_users if x["UserId"] == "default"), None)
    check("DescribeUsers: lists the built-in default user [CLI-describe-users, RBAC]", d is not None)
    if d:
        check("DescribeUsers: default user = default/default/active/redis/'on ~* +@all'/no-password [CLI-describe-users]",
              (d["UserName"], d["Status"], d["Engine"], d["AccessString"], d["Authentication"])
              == ("default", "active", "redis", "on ~* +@all", {"Type": "no-password"}), d)
        check("DescribeUsers: default user ARN ...:user:default [CLI-describe-users]", d["ARN"] == arn("user", "default"))
    check("DescribeUsers: two users may share one UserName [CLI-describe-users user1/user2 'myUser']",
          sum(1 for x in all_users if x["UserName"] == "nopw") == 1 and ec.create_user(
              UserId="samename", UserName="myUser", Passwords=[PW1], Engine="redis",
              AccessString="on ~* +@all")["UserName"] == "myUser")
    r = ec.describe_users(UserId="USER1")
    check("DescribeUsers: UserId selects that user, case-insensitively [API-DescribeUsers, stored lowercase]",
          [x["UserId"] for x in r["Users"]] == ["user1"], r["Users"])
    expect_error("DescribeUsers: unknown UserId -> UserNotFound 404 [API-DescribeUsers]",
                 lambda: ec.describe_users(UserId="nosuchuser"), "UserNotFound", 404)
    r = ec.describe_users(Filters=[{"Name": "UserId", "Values": ["user1", "full"]}])
    check("DescribeUsers: Filters Name=UserId selects users [API-DescribeUsers 'For example, UserId']",
          sorted(x["UserId"] for x in r["Users"]) == ["full", "user1"], [x["UserId"] for x in r["Users"]])
    r = ec.describe_users(Engine="valkey")
    check("DescribeUsers: Engine narrows the list [API-DescribeUsers Engine]",
          {x["Engine"] for x in r["Users"]} == {"valkey"} and r["Users"], [x["UserId"] for x in r["Users"]])
    for i in range(25):
        ec.create_user(UserId=f"page{i:02d}", UserName="pager", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    all_users = [x for p in ec.get_paginator("describe_users").paginate() for x in p["Users"]]
    p1 = ec.describe_users(MaxRecords=20)
    check("DescribeUsers: MaxRecords=20 gives 20 and a Marker [API-DescribeUsers]",
          len(p1["Users"]) == 20 and p1.get("Marker"), (len(p1["Users"]), p1.get("Marker")))
    p2 = ec.describe_users(MaxRecords=20, Marker=p1["Marker"])
    ids = [x["UserId"] for x in p1["Users"] + p2["Users"]]
    check("DescribeUsers: Marker continues without repeats [API-DescribeUsers Marker]", len(ids) == len(set(ids)))
    check("DescribeUsers: the paginator sees every user exactly once [MODEL paginators]",
          len(all_users) == len({x["UserId"] for x in all_users}))
    check("DescribeUsers: last page has no Marker [API-DescribeUsers]",
          "Marker" not in ec.describe_users(MaxRecords=100) or len(all_users) > 100)

    # ModifyUser: [CLI-modify-user]
    m = ec.modify_user(UserId="user1", AppendAccessString="on ~* +@all")
    check("ModifyUser: Status modifying [CLI-modify-user]", m["Status"] == "modifying", m["Status"])
    check("ModifyUser: AppendAccessString 'on ~* +@all' collapses to 'on ~* +@all' [CLI-modify-user]",
          m["AccessString"] == "on ~* +@all", m["AccessString"])
    check("ModifyUser: returns the whole User (UserName, Authentication, ARN) [CLI-modify-user]",
          m["UserName"] == "myUser" and m["Authentication"] == {"Type": "password", "PasswordCount": 1}
          and m["ARN"] == arn("user", "user1"), m)
    check("ModifyUser: user returns to active [API-User Status]", wait_for(lambda: user_status(ec, "user1") == "active"))
    m = ec.modify_user(UserId="user1", Passwords=[PW2, PW3])
    check("ModifyUser: Passwords replace the set -> PasswordCount 2 [terraform obs]",
          m["Authentication"].get("PasswordCount") == 2, m["Authentication"])
    wait_for(lambda: user_status(ec, "user1") == "active")
    m = ec.modify_user(UserId="user1", Passwords=[PW1])
    check("ModifyUser: Passwords replace the set -> PasswordCount 1 [terraform obs]",
          m["Authentication"].get("PasswordCount") == 1, m["Authentication"])
    wait_for(lambda: user_status(ec, "user1") == "active")
    expect_error("ModifyUser: unknown user -> UserNotFound 404 [API-ModifyUser]",
                 lambda: ec.modify_user(UserId="nosuchuser", AccessString="on ~* +@all"), "UserNotFound", 404)
    expect_error("ModifyUser: the built-in default user cannot be modified [RBAC 'You can't modify or delete this user']",
                 lambda: ec.modify_user(UserId="default", AccessString="off ~* +@all"), "InvalidParameterValue", 400)
    expect_error("ModifyUser: access string with a password -> InvalidParameterValue [RBAC]",
                 lambda: ec.modify_user(UserId="user1", AccessString="on >x ~* +@all"), "InvalidParameterValue", 400)
    m = ec.modify_user(UserId="full", AuthenticationMode={"Type": "iam"})
    check("ModifyUser: switch to iam when UserName = UserId [RBAC --authentication-mode Type=iam]",
          m["Authentication"] == {"Type": "iam"}, m["Authentication"])
    wait_for(lambda: user_status(ec, "full") == "active")

    # [RBAC] "To create a new default user with the AWS CLI" and the modify-user example
    u = ec.create_user(UserId="new-default-user", UserName="default", Engine="REDIS", Passwords=["a-str0ng-pa))word"],
                       AccessString="off +get ~keys*")
    check("CreateUser: RBAC page's new default user 'off +get ~keys*' -> 'off ~keys* -@all +get' [RBAC delete-user example form]",
          u["AccessString"] == "off ~keys* -@all +get", u["AccessString"])
    g = ec.create_user_group(UserGroupId="new-group-2", Engine="REDIS", UserIds=["new-default-user"])
    check("CreateUserGroup: a group holding only the new default-named user [RBAC]",
          g["UserIds"] == ["new-default-user"] and g["Engine"] == "redis", g)
    m = ec.modify_user(UserId="new-default-user", AccessString="~objects:* ~items:* ~public:*", NoPasswordRequired=True)
    check("ModifyUser: RBAC example -> 'off ~objects:* ~items:* ~public:* -@all', Type no-password, UserGroupIds kept [RBAC]",
          (m["Status"], m["AccessString"], m["Authentication"], m["UserGroupIds"])
          == ("modifying", "off ~objects:* ~items:* ~public:* -@all", {"Type": "no-password"}, ["new-group-2"]), m)
    wait_for(lambda: user_status(ec, "new-default-user") == "active")
    u = ec.create_user(UserId="keys2", UserName="keys2", Engine="redis", Passwords=[PW1], AccessString="on ~keys* -@all +get")
    check("CreateUser: 'on ~keys* -@all +get' answered as is [RBAC delete-user example]",
          u["AccessString"] == "on ~keys* -@all +get", u["AccessString"])
    r = ec.describe_users(Engine="REDIS", UserId="keys2")
    check("DescribeUsers: Engine compared without regard to case [RBAC engine 'REDIS' examples]",
          [x["UserId"] for x in r["Users"]] == ["keys2"], r["Users"])

    # DeleteUser [CLI-delete-user]
    dres = ec.delete_user(UserId="offuser")
    check("DeleteUser: Status deleting [CLI-delete-user]", dres["Status"] == "deleting", dres["Status"])
    check("DeleteUser: user is gone afterwards -> UserNotFound [API-DeleteUser]",
          wait_for(lambda: user_status(ec, "offuser") == "UserNotFound"))
    expect_error("DeleteUser: unknown user -> UserNotFound 404 [API-DeleteUser]",
                 lambda: ec.delete_user(UserId="nosuchuser"), "UserNotFound", 404)
    expect_error("DeleteUser: the built-in default user cannot be deleted [RBAC]",
                 lambda: ec.delete_user(UserId="default"), "InvalidParameterValue", 400)


def groups(s):
    ec = s.ec
    ec.create_user(UserId="member1", UserName="member1", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    ec.create_user(UserId="member2", UserName="member2", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    ec.create_user(UserId="vmember", UserName="vmember", Passwords=[PW1], Engine="valkey", AccessString="on ~* +@all")
    ec.create_user(UserId="altdefault", UserName="default", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    g = ec.create_user_group(UserGroupId="MyUserGroup", Engine="redis", UserIds=["default"])
    check("CreateUserGroup: id stored lowercase [API-CreateUserGroup]", g["UserGroupId"] == "myusergroup", g)
    check("CreateUserGroup: Status creating [CLI-create-user-group]", g["Status"] == "creating", g["Status"])
    check("CreateUserGroup: Engine, UserIds, ReplicationGroups [] [CLI-create-user-group]",
          (g["Engine"], g["UserIds"], g.get("ReplicationGroups")) == ("redis", ["default"], []), g)
    check("CreateUserGroup: ARN ...:usergroup:<id> [CLI-create-user-group]",
          g["ARN"] == arn("usergroup", "myusergroup"), g["ARN"])
    check("CreateUserGroup: MinimumEngineVersion 6.0 on a redis group [obs terraform log]",
          g.get("MinimumEngineVersion") == "6.0", g.get("MinimumEngineVersion"))
    check("CreateUserGroup: no PendingChanges on create [API-UserGroup]", "PendingChanges" not in g)
    check("CreateUserGroup: group becomes active [API-UserGroup Status]",
          wait_for(lambda: group_status(ec, "myusergroup") == "active"))
    d = next(x for x in ec.describe_users(UserId="default")["Users"])
    check("DescribeUsers: a member lists its group in UserGroupIds [CLI-describe-users]",
          "myusergroup" in d["UserGroupIds"], d["UserGroupIds"])
    expect_error("CreateUserGroup: existing id -> UserGroupAlreadyExists 400 [API-CreateUserGroup]",
                 lambda: ec.create_user_group(UserGroupId="myusergroup", Engine="redis", UserIds=["default"]),
                 "UserGroupAlreadyExists", 400)
    expect_error("CreateUserGroup: no default-named user -> DefaultUserRequired 'User group needs to contain a user with the user name default.' [obs]",
                 lambda: ec.create_user_group(UserGroupId="nodefault", Engine="redis", UserIds=["member1"]),
                 "DefaultUserRequired", 400, r"User group needs to contain a user with the user name default")
    expect_error("CreateUserGroup: no UserIds on a redis group -> DefaultUserRequired [obs]",
                 lambda: ec.create_user_group(UserGroupId="nousers", Engine="redis"), "DefaultUserRequired", 400)
    expect_error("CreateUserGroup: unknown member -> UserNotFound 404 [API-CreateUserGroup]",
                 lambda: ec.create_user_group(UserGroupId="unk", Engine="redis", UserIds=["default", "ghost"]),
                 "UserNotFound", 404)
    expect_error("CreateUserGroup: two users named default -> DuplicateUserName 400 [API-CreateUserGroup, RBAC]",
                 lambda: ec.create_user_group(UserGroupId="dup", Engine="redis", UserIds=["default", "altdefault"]),
                 "DuplicateUserName", 400)
    g = ec.create_user_group(UserGroupId="altgroup", Engine="redis", UserIds=["altdefault"])
    check("CreateUserGroup: another default-named user satisfies the rule [RBAC, terraform obs]",
          g["UserIds"] == ["altdefault"], g["UserIds"])
    g = ec.create_user_group(UserGroupId="vgroup", Engine="valkey", UserIds=["member1"])
    check("CreateUserGroup: valkey group needs no default user [RBAC]", g["Engine"] == "valkey", g)
    check("CreateUserGroup: valkey group MinimumEngineVersion 7.2 [RBAC Valkey 7.2]",
          g.get("MinimumEngineVersion") == "7.2", g.get("MinimumEngineVersion"))
    ec.create_user(UserId="nopwmember", UserName="nopwmember", NoPasswordRequired=True, Engine="redis",
                   AccessString="on ~* +@all")
    expect_error("CreateUserGroup: valkey group with a no-password user -> InvalidParameterValue [RBAC]",
                 lambda: ec.create_user_group(UserGroupId="vbad", Engine="valkey", UserIds=["nopwmember"]),
                 "InvalidParameterValue", 400)
    expect_error("CreateUserGroup: valkey user in a redis group -> InvalidParameterValue [RBAC 'Valkey users are restricted to Valkey user group associations only']",
                 lambda: ec.create_user_group(UserGroupId="rmix", Engine="redis", UserIds=["default", "vmember"]),
                 "InvalidParameterValue", 400)
    expect_error("CreateUserGroup: engine memcached -> InvalidParameterValue [MODEL EngineType]",
                 lambda: ec.create_user_group(UserGroupId="mcg", Engine="memcached", UserIds=["default"]),
                 "InvalidParameterValue", 400)
    expect_error("CreateUserGroup: 51 tags -> TagQuotaPerResourceExceeded [MODEL]",
                 lambda: ec.create_user_group(UserGroupId="t51", Engine="redis", UserIds=["default"],
                                              Tags=[{"Key": f"k{i}", "Value": ""} for i in range(51)]),
                 "TagQuotaPerResourceExceeded", 400)

    # ModifyUserGroup [CLI-modify-user-group]
    m = ec.modify_user_group(UserGroupId="myusergroup", UserIdsToAdd=["member1"])
    check("ModifyUserGroup: Status modifying [CLI-modify-user-group]", m["Status"] == "modifying", m["Status"])
    check("ModifyUserGroup: UserIds still the old members [CLI-modify-user-group]", m["UserIds"] == ["default"], m)
    check("ModifyUserGroup: PendingChanges {UserIdsToAdd: [member1]} [CLI-modify-user-group]",
          m.get("PendingChanges") == {"UserIdsToAdd": ["member1"]}, m.get("PendingChanges"))
    check("ModifyUserGroup: group returns to active [API-UserGroup]",
          wait_for(lambda: group_status(ec, "myusergroup") == "active"))
    g = ec.describe_user_groups(UserGroupId="myusergroup")["UserGroups"][0]
    check("ModifyUserGroup: applied -> member in UserIds, PendingChanges gone [CLI-modify-user-group]",
          sorted(g["UserIds"]) == ["default", "member1"] and "PendingChanges" not in g, g)
    before = ec.describe_user_groups(UserGroupId="myusergroup")["UserGroups"][0]
    expect_error("ModifyUserGroup: removing a non-member -> InvalidParameterValue '... is not a member' [obs]",
                 lambda: ec.modify_user_group(UserGroupId="myusergroup", UserIdsToAdd=["member2"],
                                              UserIdsToRemove=["nopwmember"]), "InvalidParameterValue", 400,
                 r"is not a member")
    after = ec.describe_user_groups(UserGroupId="myusergroup")["UserGroups"][0]
    check("ModifyUserGroup: a rejected request changes nothing, adds included [obs]",
          after["UserIds"] == before["UserIds"] and after["Status"] == "active" and "PendingChanges" not in after, after)
    expect_error("ModifyUserGroup: unknown group -> UserGroupNotFound 404 [API-ModifyUserGroup]",
                 lambda: ec.modify_user_group(UserGroupId="nosuchgroup", UserIdsToAdd=["member1"]),
                 "UserGroupNotFound", 404)
    expect_error("ModifyUserGroup: unknown user to add -> UserNotFound 404 [API-ModifyUserGroup]",
                 lambda: ec.modify_user_group(UserGroupId="myusergroup", UserIdsToAdd=["ghost"]), "UserNotFound", 404)
    expect_error("ModifyUserGroup: removing the only default-named user -> DefaultUserRequired [API-ModifyUserGroup]",
                 lambda: ec.modify_user_group(UserGroupId="myusergroup", UserIdsToRemove=["default"]),
                 "DefaultUserRequired", 400)
    expect_error("ModifyUserGroup: adding a second default-named user -> DuplicateUserName [API-ModifyUserGroup]",
                 lambda: ec.modify_user_group(UserGroupId="myusergroup", UserIdsToAdd=["altdefault"]),
                 "DuplicateUserName", 400)
    m = ec.modify_user_group(UserGroupId="myusergroup", UserIdsToAdd=["altdefault"], UserIdsToRemove=["default"])
    check("ModifyUserGroup: swapping the default user in one call is accepted [RBAC]",
          m.get("PendingChanges") == {"UserIdsToRemove": ["default"], "UserIdsToAdd": ["altdefault"]},
          m.get("PendingChanges"))
    wait_for(lambda: group_status(ec, "myusergroup") == "active")
    g = ec.describe_user_groups(UserGroupId="myusergroup")["UserGroups"][0]
    check("ModifyUserGroup: after the swap the members are altdefault and member1 [RBAC]",
          sorted(g["UserIds"]) == ["altdefault", "member1"], g["UserIds"])
    expect_error("DeleteUser: a default-named user a redis group relies on -> DefaultUserAssociatedToUserGroup [API-DeleteUser, obs]",
                 lambda: ec.delete_user(UserId="altdefault"), "DefaultUserAssociatedToUserGroup", 400)
    dres = ec.delete_user(UserId="member1")
    check("DeleteUser: the answer lists the groups the user was in [CLI-delete-user, RBAC delete-user example]",
          sorted(dres["UserGroupIds"]) == ["myusergroup", "vgroup"], dres["UserGroupIds"])
    g = ec.describe_user_groups(UserGroupId="myusergroup")["UserGroups"][0]
    check("DeleteUser: 'removed from all user groups' [API-DeleteUser]", "member1" not in g["UserIds"], g["UserIds"])

    # DescribeUserGroups [CLI-describe-user-groups]
    gl = ec.describe_user_groups()["UserGroups"]
    check("DescribeUserGroups: lists groups with UserGroupId/Status/Engine/UserIds/ReplicationGroups/ARN [CLI-describe-user-groups]",
          all({"UserGroupId", "Status", "Engine", "UserIds", "ReplicationGroups", "ARN"} <= set(x) for x in gl) and gl, gl)
    expect_error("DescribeUserGroups: unknown id -> UserGroupNotFound 404 [API-DescribeUserGroups]",
                 lambda: ec.describe_user_groups(UserGroupId="nosuchgroup"), "UserGroupNotFound", 404)
    pages = list(ec.get_paginator("describe_user_groups").paginate(PaginationConfig={"PageSize": 1}))
    ids = [x["UserGroupId"] for p in pages for x in p["UserGroups"]]
    check("DescribeUserGroups: paging one at a time lists each group once [MODEL paginators]",
          len(ids) == len(set(ids)) == len(gl) and len(pages) >= len(gl), ids)

    # DeleteUserGroup [CLI-delete-user-group]
    dg = ec.delete_user_group(UserGroupId="altgroup")
    check("DeleteUserGroup: Status deleting, members unchanged [CLI-delete-user-group]",
          dg["Status"] == "deleting" and dg["UserIds"] == ["altdefault"], dg)
    check("DeleteUserGroup: group is gone afterwards [API-DeleteUserGroup]",
          wait_for(lambda: group_status(ec, "altgroup") == "UserGroupNotFound"))
    check("DeleteUserGroup: users are not deleted [RBAC]", user_status(ec, "altdefault") == "active")
    expect_error("DeleteUserGroup: unknown id -> UserGroupNotFound 404 [API-DeleteUserGroup]",
                 lambda: ec.delete_user_group(UserGroupId="nosuchgroup"), "UserGroupNotFound", 404)


def tags(s):
    ec = s.ec
    ec.create_user(UserId="tagme", UserName="tagme", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    ec.create_user_group(UserGroupId="taggroup", Engine="redis", UserIds=["default"])
    a = ec.add_tags_to_resource(ResourceName=arn("user", "tagme"),
                                Tags=[{"Key": "Project", "Value": "querySpeedUp"}, {"Key": "Environment", "Value": "PROD"}])
    check("AddTagsToResource: answers the resource's TagList [CLI-add-tags-to-resource]",
          sorted(a["TagList"], key=lambda t: t["Key"]) ==
          [{"Key": "Environment", "Value": "PROD"}, {"Key": "Project", "Value": "querySpeedUp"}], a)
    a = ec.add_tags_to_resource(ResourceName=arn("user", "tagme"), Tags=[{"Key": "Project", "Value": "v2"}])
    check("AddTagsToResource: an existing key's value is overwritten [API-AddTagsToResource]",
          {t["Key"]: t["Value"] for t in a["TagList"]} == {"Project": "v2", "Environment": "PROD"}, a)
    r = ec.remove_tags_from_resource(ResourceName=arn("user", "tagme"), TagKeys=["Environment"])
    check("RemoveTagsFromResource: answers what is left [API-RemoveTagsFromResource]",
          r["TagList"] == [{"Key": "Project", "Value": "v2"}], r)
    expect_error("RemoveTagsFromResource: a key the resource lacks -> TagNotFound 404 [API-RemoveTagsFromResource]",
                 lambda: ec.remove_tags_from_resource(ResourceName=arn("user", "tagme"), TagKeys=["nope"]),
                 "TagNotFound", 404)
    a = ec.add_tags_to_resource(ResourceName=arn("user", "tagme"), Tags=[{"Key": "project", "Value": "lower"}])
    check("AddTagsToResource: keys are case-sensitive, 'project' is not 'Project' [API-AddTagsToResource]",
          {t["Key"]: t["Value"] for t in a["TagList"]} == {"Project": "v2", "project": "lower"}, a)
    expect_error("RemoveTagsFromResource: 'PROJECT' is not a key of the resource -> TagNotFound [API-AddTagsToResource case-sensitive]",
                 lambda: ec.remove_tags_from_resource(ResourceName=arn("user", "tagme"), TagKeys=["PROJECT"]),
                 "TagNotFound", 404)
    ec.remove_tags_from_resource(ResourceName=arn("user", "tagme"), TagKeys=["project"])
    l = ec.list_tags_for_resource(ResourceName=arn("usergroup", "taggroup"))
    check("ListTagsForResource: an untagged group answers an empty TagList [API-ListTagsForResource]",
          l["TagList"] == [], l)
    ec.add_tags_to_resource(ResourceName=arn("usergroup", "taggroup"), Tags=[{"Key": "k", "Value": "v"}])
    l = ec.list_tags_for_resource(ResourceName=arn("usergroup", "taggroup"))
    check("ListTagsForResource: user group ARN tags [API-ListTagsForResource]",
          l["TagList"] == [{"Key": "k", "Value": "v"}], l)
    expect_error("ListTagsForResource: unknown user ARN -> UserNotFound 404 [API-ListTagsForResource]",
                 lambda: ec.list_tags_for_resource(ResourceName=arn("user", "ghost")), "UserNotFound", 404)
    expect_error("ListTagsForResource: unknown group ARN -> UserGroupNotFound 404 [API-ListTagsForResource]",
                 lambda: ec.list_tags_for_resource(ResourceName=arn("usergroup", "ghost")), "UserGroupNotFound", 404)
    expect_error("ListTagsForResource: another partition's ARN names no resource here -> UserNotFound [ARN format]",
                 lambda: ec.list_tags_for_resource(ResourceName="arn:aws-cn:elasticache:us-east-1:000000000000:user:tagme"),
                 "UserNotFound", 404)
    expect_error("ListTagsForResource: 'reservedinstance' ARN type -> ReservedCacheNodeNotFound [IAM.ResourceLevelPermissions ARN formats]",
                 lambda: ec.list_tags_for_resource(ResourceName=arn("reservedinstance", "ri1")),
                 "ReservedCacheNodeNotFound", 404)
    expect_error("ListTagsForResource: malformed ARN -> InvalidARN 400 [API-ListTagsForResource]",
                 lambda: ec.list_tags_for_resource(ResourceName="not-an-arn"), "InvalidARN", 400)
    expect_error("AddTagsToResource: malformed ARN -> InvalidARN 400 [API-AddTagsToResource]",
                 lambda: ec.add_tags_to_resource(ResourceName="arn:aws:s3:::bucket", Tags=[{"Key": "k", "Value": "v"}]),
                 "InvalidARN", 400)
    expect_error("AddTagsToResource: more than 50 -> TagQuotaPerResourceExceeded [API-AddTagsToResource]",
                 lambda: ec.add_tags_to_resource(ResourceName=arn("user", "tagme"),
                                                 Tags=[{"Key": f"x{i}", "Value": ""} for i in range(50)]),
                 "TagQuotaPerResourceExceeded", 400)


def in_flight(s):
    """Rules that need a resource to be mid-transition (server with a 2 s transition delay)."""
    ec = s.ec
    ec.create_user(UserId="slow", UserName="slow", Passwords=[PW1], Engine="redis", AccessString="on ~* +@all")
    g = ec.create_user_group(UserGroupId="slowgroup", Engine="redis", UserIds=["default"])
    expect_error("ModifyUserGroup: group creating -> InvalidUserGroupState [API-ModifyUserGroup]",
                 lambda: ec.modify_user_group(UserGroupId="slowgroup", UserIdsToAdd=["slow"]),
                 "InvalidUserGroupState", 400, r"has status creating")
    wait_for(lambda: group_status(ec, "slowgroup") == "active")
    ec.modify_user_group(UserGroupId="slowgroup", UserIdsToAdd=["slow"])
    expect_error("ModifyUserGroup: group modifying -> InvalidUserGroupState 'User group slowgroup has status modifying. Only active user groups can be modified.' [obs]",
                 lambda: ec.modify_user_group(UserGroupId="slowgroup", UserIdsToRemove=["slow"]),
                 "InvalidUserGroupState", 400,
                 r"^User group slowgroup has status modifying\. Only active user groups can be modified\.$")
    expect_error("DeleteUserGroup: group modifying -> InvalidUserGroupState [API-DeleteUserGroup]",
                 lambda: ec.delete_user_group(UserGroupId="slowgroup"), "InvalidUserGroupState", 400)
    ec.modify_user(UserId="slow", AccessString="on ~a* +@all")
    expect_error("ModifyUser: user modifying -> InvalidUserState 'User slow has status modifying. Only active users can be modified.' [obs]",
                 lambda: ec.modify_user(UserId="slow", AccessString="on ~b* +@all"), "InvalidUserState", 400,
                 r"^User slow has status modifying\. Only active users can be modified\.$")
    expect_error("DeleteUser: user modifying -> InvalidUserState [API-DeleteUser]",
                 lambda: ec.delete_user(UserId="slow"), "InvalidUserState", 400)
    g = ec.describe_user_groups(UserGroupId="slowgroup")["UserGroups"][0]
    check("DescribeUserGroups: mid-change shows modifying with PendingChanges [CLI-modify-user-group]",
          g["Status"] == "modifying" and g.get("PendingChanges") == {"UserIdsToAdd": ["slow"]}, g)
    wait_for(lambda: group_status(ec, "slowgroup") == "active")
    ec.delete_user_group(UserGroupId="slowgroup")
    g = ec.describe_user_groups(UserGroupId="slowgroup")["UserGroups"][0]
    check("DescribeUserGroups: a deleting group is listed as deleting until gone [API-UserGroup Status]",
          g["Status"] == "deleting", g["Status"])


def quotas(s):
    """[QUOTA] defaults on a fresh server: 1000 users, 100 user groups, 100 users per user group."""
    ec = s.ec
    for i in range(1000):
        ec.create_user(UserId=f"q{i}", UserName=f"q{i}", NoPasswordRequired=True, Engine="redis",
                       AccessString="on ~* +@all")
    expect_error("Quota: the 1001st user -> UserQuotaExceeded 400 (built-in default not counted) [QUOTA 'Maximum number of users 1000']",
                 lambda: ec.create_user(UserId="q1000", UserName="x", NoPasswordRequired=True, Engine="redis",
                                        AccessString="on ~* +@all"), "UserQuotaExceeded", 400)
    expect_error("Quota: a group of 101 users -> UserGroupQuotaExceeded 400 [QUOTA 'Users per user group 100', MODEL description]",
                 lambda: ec.create_user_group(UserGroupId="big", Engine="redis",
                                              UserIds=["default"] + [f"q{i}" for i in range(100)]),
                 "UserGroupQuotaExceeded", 400)
    g = ec.create_user_group(UserGroupId="big", Engine="redis", UserIds=["default"] + [f"q{i}" for i in range(99)])
    check("Quota: a group of exactly 100 users is accepted [QUOTA]", len(g["UserIds"]) == 100, len(g["UserIds"]))
    wait_for(lambda: group_status(ec, "big") == "active")
    expect_error("Quota: ModifyUserGroup past 100 users -> UserGroupQuotaExceeded [QUOTA; GUESS code]",
                 lambda: ec.modify_user_group(UserGroupId="big", UserIdsToAdd=["q500"]), "UserGroupQuotaExceeded", 400)
    for i in range(99):
        ec.create_user_group(UserGroupId=f"g{i}", Engine="redis", UserIds=["default"])
    expect_error("Quota: the 101st user group -> UserGroupQuotaExceeded 400 [QUOTA 'Maximum number of user groups 100']",
                 lambda: ec.create_user_group(UserGroupId="g100", Engine="redis", UserIds=["default"]),
                 "UserGroupQuotaExceeded", 400)


def xml_shapes(s):
    """[MODEL] every element of every answer is a member of the operation's output shape, lists use the
    model's item names (<member>, <Tag>): SDK parsers silently drop anything else."""
    import gzip
    model = json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__),
                                             "data/elasticache/2015-02-02/service-2.json.gz")))
    shapes = model["shapes"]

    def walk(el, shape_name, path, problems):
        shape = shapes[shape_name]
        if shape["type"] == "structure":
            for child in el:
                tag = child.tag.replace(f"{{{NS}}}", "")
                member = shape["members"].get(tag)
                if member is None:
                    problems.append(f"{path}/{tag} is not a member of {shape_name}")
                else:
                    walk(child, member["shape"], f"{path}/{tag}", problems)
        elif shape["type"] == "list":
            item = shape["member"].get("locationName", "member")
            for child in el:
                tag = child.tag.replace(f"{{{NS}}}", "")
                if tag != item:
                    problems.append(f"{path}/{tag} should be <{item}>")
                walk(child, shape["member"]["shape"], f"{path}/{tag}", problems)

    def call(action, params):
        st, _, x = s.raw(dict(params, Action=action, Version="2015-02-02"))
        problems = []
        result = x.find(f"{{{NS}}}{action}Result")
        if st != 200 or result is None:
            problems.append(f"status {st}: {ET.tostring(x)[:200]}")
        else:
            walk(result, model["operations"][action]["output"]["shape"], action, problems)
        check(f"XML: {action} answer uses only the model's member and item names [MODEL]", not problems, problems)

    call("CreateUser", {"UserId": "shape1", "UserName": "shape1", "Engine": "redis", "AccessString": "on ~* +@all",
                        "Passwords.member.1": PW1, "Tags.Tag.1.Key": "a", "Tags.Tag.1.Value": "b"})
    call("CreateUserGroup", {"UserGroupId": "shapegroup", "Engine": "redis", "UserIds.member.1": "default"})
    call("DescribeUsers", {"MaxRecords": "2"})
    call("DescribeUserGroups", {"MaxRecords": "2"})
    call("ModifyUser", {"UserId": "shape1", "AccessString": "on ~x* +get"})
    call("AddTagsToResource", {"ResourceName": arn("user", "shape1"), "Tags.Tag.1.Key": "c", "Tags.Tag.1.Value": "d"})
    call("ListTagsForResource", {"ResourceName": arn("user", "shape1")})
    call("RemoveTagsFromResource", {"ResourceName": arn("user", "shape1"), "TagKeys.member.1": "c"})
    wait_for(lambda: group_status(s.ec, "shapegroup") == "active")
    call("ModifyUserGroup", {"UserGroupId": "shapegroup", "UserIdsToAdd.member.1": "shape1"})
    wait_for(lambda: group_status(s.ec, "shapegroup") == "active")
    call("DeleteUserGroup", {"UserGroupId": "shapegroup"})
    wait_for(lambda: user_status(s.ec, "shape1") == "active")
    call("DeleteUser", {"UserId": "shape1"})


def wire(s):
    ec = s.ec
    st, h, x = s.raw({"Action": "DescribeUsers", "Version": "2015-02-02", "UserId": "default"})
    check("Wire: success root <DescribeUsersResponse> in the 2015-02-02 namespace [MODEL xmlNamespace]",
          st == 200 and x.tag == f"{{{NS}}}DescribeUsersResponse", (st, x.tag))
    check("Wire: <DescribeUsersResult> wrapper [MODEL resultWrapper]", x.find(f"{{{NS}}}DescribeUsersResult") is not None)
    rid = x.findtext(f"{{{NS}}}ResponseMetadata/{{{NS}}}RequestId")
    check("Wire: ResponseMetadata/RequestId present and equal to x-amzn-RequestId [MODEL, query protocol]",
          rid and {k.lower(): v for k, v in h.items()}.get("x-amzn-requestid") == rid, (rid, h))
    members = x.findall(f"{{{NS}}}DescribeUsersResult/{{{NS}}}Users/{{{NS}}}member")
    check("Wire: list elements are <member> [MODEL]", len(members) == 1, len(members))
    st, h, x = s.raw({"Action": "DescribeUsers", "Version": "2015-02-02", "UserId": "ghost"})
    check("Wire: error document <ErrorResponse><Error><Type>Sender</Type><Code>UserNotFound</Code> 404 [MODEL, ERR]",
          st == 404 and x.findtext(f"{{{NS}}}Error/{{{NS}}}Type") == "Sender"
          and x.findtext(f"{{{NS}}}Error/{{{NS}}}Code") == "UserNotFound"
          and x.findtext(f"{{{NS}}}RequestId"), (st, ET.tostring(x)))
    st, _, x = s.raw({"Action": "NoSuchAction", "Version": "2015-02-02"})
    check("Wire: unknown action -> InvalidAction 400 [ERR]",
          (st, x.findtext(f"{{{NS}}}Error/{{{NS}}}Code")) == (400, "InvalidAction"), (st, ET.tostring(x)))
    st, _, x = s.raw({"Version": "2015-02-02"})
    check("Wire: no Action -> MissingAction 400 [ERR]",
          (st, x.findtext(f"{{{NS}}}Error/{{{NS}}}Code")) == (400, "MissingAction"), (st, ET.tostring(x)))
    st, _, x = s.raw({"Action": "CreateUser", "Version": "2015-02-02", "UserName": "x", "Engine": "redis",
                      "AccessString": "on ~* +@all", "NoPasswordRequired": "true"})
    check("Wire: required UserId missing -> MissingParameter 400 [ERR]",
          (st, x.findtext(f"{{{NS}}}Error/{{{NS}}}Code")) == (400, "MissingParameter"), (st, ET.tostring(x)))
    st, _, x = s.raw({"Action": "DescribeUserGroups", "Version": "2015-02-02"}, method="GET")
    check("Wire: GET with the query in the URL works [PARAM, ProgrammingGuide.QueryAPI 'GET or POST']",
          st == 200 and x.tag == f"{{{NS}}}DescribeUserGroupsResponse", (st, x.tag))
    st, _, x = s.raw({"Action": "DescribeUsers", "Version": "2015-02-02", "MaxRecords": "abc"})
    check("Wire: MaxRecords=abc -> InvalidParameterValue 400 [ERR]",
          (st, x.findtext(f"{{{NS}}}Error/{{{NS}}}Code")) == (400, "InvalidParameterValue"), (st, ET.tostring(x)))
    st, _, x = s.raw({"Action": "CreateUser", "Version": "2015-02-02", "UserId": "tagwire", "UserName": "x",
                      "Engine": "redis", "AccessString": "on ~* +@all", "NoPasswordRequired": "true",
                      "Tags.Tag.1.Key": "a", "Tags.Tag.1.Value": "b"})
    check("Wire: Tags.Tag.N.Key/Value encoding [API-CreateUser 'Tags.Tag.N']", st == 200, ET.tostring(x))
    st, _, x = s.raw({"Action": "ListTagsForResource", "Version": "2015-02-02", "ResourceName": arn("user", "tagwire")})
    tag = x.find(f"{{{NS}}}ListTagsForResourceResult/{{{NS}}}TagList/{{{NS}}}Tag")
    check("Wire: TagList elements are <Tag> [MODEL TagList locationName]",
          tag is not None and tag.findtext(f"{{{NS}}}Key") == "a", ET.tostring(x))

    # Authentication: the common errors of every AWS Query API [ERR]
    base = {"Action": "DescribeUsers", "Version": "2015-02-02"}
    def code(r):
        return r[0], r[2].findtext(f"{{{NS}}}Error/{{{NS}}}Code")
    got = code(s.raw(base, sign=False))
    check("Auth: unsigned request -> MissingAuthenticationToken 403 [ERR]", got == (403, "MissingAuthenticationToken"), got)
    got = code(s.raw(base, key="AKIDNOBODYKNOWS00000"))
    check("Auth: unknown access key -> InvalidClientTokenId 403 [ERR]", got == (403, "InvalidClientTokenId"), got)
    got = code(s.raw(base, secret="not-the-secret"))
    check("Auth: wrong secret -> SignatureDoesNotMatch 403 [SigV4]", got == (403, "SignatureDoesNotMatch"), got)
    import datetime
    old_date = datetime.datetime.now(datetime.timezone.utc).replace(tzinfo=None) - datetime.timedelta(hours=1)
    got = code(s.raw(base, date=old_date))
    check("Auth: signed an hour ago -> RequestExpired 400 [ERR 'the request reached the service more than 15 minutes after the date stamp']",
          got == (400, "RequestExpired"), got)

    # [PARAM]: X-Amz-Algorithm/Credential/Date/SignedHeaders/Signature may travel in the query string
    req = botocore.awsrequest.AWSRequest(
        method="GET", url=s.url + "/?" + urllib.parse.urlencode({"Action": "DescribeUserGroups", "Version": "2015-02-02"}))
    botocore.auth.SigV4QueryAuth(botocore.credentials.Credentials(KEY, SECRET), "elasticache", REGION,
                                 expires=300).add_auth(req)
    try:
        with urllib.request.urlopen(urllib.request.Request(req.prepare().url), timeout=10) as resp:
            got = resp.status
    except urllib.error.HTTPError as e:
        got = (e.code, e.read()[:300])
    check("Auth: SigV4 in the query string (X-Amz-* common parameters) is accepted [PARAM]", got == 200, got)

    # AWS CLI, unmodified [CLI-*]
    rc, out, err = s.cli("create-user", "--user-id", "cliuser", "--user-name", "myUser", "--passwords", PW1,
                         "--engine", "redis", "--access-string", "on ~app::* -@all +@read")
    check("CLI create-user: exit 0 and the example's members [CLI-create-user]",
          rc == 0 and out and {"UserId", "UserName", "Status", "Engine", "AccessString", "UserGroupIds",
                               "Authentication", "ARN"} <= set(out), (rc, out, err))
    rc, out, err = s.cli("create-user-group", "--user-group-id", "cligroup", "--engine", "redis", "--user-ids", "default")
    check("CLI create-user-group: creating, UserIds [default], ReplicationGroups [] [CLI-create-user-group]",
          rc == 0 and (out["Status"], out["UserIds"], out["ReplicationGroups"]) == ("creating", ["default"], []),
          (rc, out, err))
    wait_for(lambda: group_status(ec, "cligroup") == "active")
    rc, out, err = s.cli("modify-user-group", "--user-group-id", "cligroup", "--user-ids-to-add", "cliuser")
    check("CLI modify-user-group: modifying with PendingChanges.UserIdsToAdd [CLI-modify-user-group]",
          rc == 0 and out["Status"] == "modifying" and out["PendingChanges"] == {"UserIdsToAdd": ["cliuser"]},
          (rc, out, err))
    rc, out, err = s.cli("describe-users", "--user-id", "ghost")
    check("CLI describe-users unknown id: fails with UserNotFound [API-DescribeUsers]",
          rc != 0 and "UserNotFound" in err, (rc, err))


def engine_semantics(s):
    """[RBAC] "a simpler string may be used instead of the one provided if there are redundancies": the
    answered (canonical) string must grant exactly what the given one does. Both are applied to a real
    redis-server and every command is tried with ACL DRYRUN."""
    import socket
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    proc = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def cli(stdin):
            return subprocess.run(["redis-cli", "-p", str(port)], input=stdin, capture_output=True, text=True,
                                  timeout=30).stdout.splitlines()
        wait_for(lambda: cli("PING\n") == ["PONG"], timeout=10)
        commands = [c for c in cli("COMMAND LIST\n") if c] + ["config get", "config set", "client list",
                                                              "client info", "acl whoami", "acl setuser"]
        quote = lambda t: '"' + t.replace('"', '\\"') + '"'
        cases = ["on ~app::* -@all +@read", "on ~* +@all -@dangerous +flushall", "on ~* -@all +@read -@read +get",
                 "on ~* +@all -get +get", "on ~* -@all +get +set -get", "on ~a ~a +get +get -get",
                 "on ~* -@all +client|list +client|info", "on ~* -@all +@hash -hset +@write",
                 "on ~* -@all +config -config|set", "on ~* +@all nocommands +@string -@write", "on ~* +@read -@all",
                 "on ~* -@all +acl -acl|setuser", "on ~* +@all -client +client|info", "on allkeys allcommands -@keyspace +del",
                 "off +get ~keys*", "on ~a resetkeys ~b +@all", "on %R~app::* %W~w:* +@all -@dangerous"]
        for i, c in enumerate(cases):
            ours = s.ec.create_user(UserId=f"sem{i}", UserName="sem", NoPasswordRequired=True, Engine="redis",
                                    AccessString=c)["AccessString"]
            setup = cli(f"ACL SETUSER given{i} reset nopass {' '.join(map(quote, c.split()))}\n"
                        f"ACL SETUSER answered{i} reset nopass {' '.join(map(quote, ours.split()))}\n")
            runs = [cli("".join(f"ACL DRYRUN {u}{i} {cmd} app::k1 app::k2\n" for cmd in commands))
                    for u in ("given", "answered")]
            differ = [a + " | " + b for a, b in zip(*runs) if a != b]
            check(f"AccessString {c!r} -> {ours!r} grants the same on redis-server [RBAC 'simpler string']",
                  setup == ["OK", "OK"] and len(runs[0]) == len(runs[1]) >= len(commands) and not differ,
                  (setup, len(runs[0]), len(runs[1]), len(commands), differ[:10]))
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(10)


def cache_settings(s):
    """[API-CreateReplicationGroup] [API-CreateServerlessCache] [GUESS] a setting that cannot be kept is
    refused with its fault, never accepted and dropped; a refused create leaves nothing behind."""
    rg = dict(ReplicationGroupId="probe-settings", ReplicationGroupDescription="d")
    expect_error("GlobalReplicationGroupId naming no global datastore is GlobalReplicationGroupNotFoundFault "
                 "[API-CreateReplicationGroup errors]",
                 lambda: s.ec.create_replication_group(GlobalReplicationGroupId="ldgnf-none", **rg),
                 "GlobalReplicationGroupNotFoundFault", 404)
    expect_error("SnapshotName naming no snapshot is SnapshotNotFoundFault [API-CreateReplicationGroup errors]",
                 lambda: s.ec.create_replication_group(SnapshotName="nightly", **rg), "SnapshotNotFoundFault", 404)
    expect_error("r6gd without DataTieringEnabled is refused with AWS's words [GUESS cache settings]",
                 lambda: s.ec.create_replication_group(CacheNodeType="cache.r6gd.xlarge", **rg),
                 "InvalidParameterCombination", 400,
                 r"When using the cache\.r6gd\.xlarge node type, you must enable data tiering\.")
    expect_error("a maintenance window under 60 minutes is InvalidParameterValue [GUESS cache settings]",
                 lambda: s.ec.create_replication_group(PreferredMaintenanceWindow="sun:05:00-sun:05:30", **rg),
                 "InvalidParameterValue", 400)
    # Any other Port is echoed on every endpoint (PortEchoIT, the Go scenario); one below 1024 is refused.
    expect_error("a Port below 1024 is refused, not ignored [GUESS cache settings]",
                 lambda: s.ec.create_replication_group(Port=80, **rg), "InvalidParameterValue", 400)
    expect_error("SnapshotArnsToRestore naming no snapshot is ServerlessCacheSnapshotNotFoundFault [GUESS cache settings]",
                 lambda: s.ec.create_serverless_cache(ServerlessCacheName="probe-settings", Engine="redis",
                                                      SnapshotArnsToRestore=["arn:aws:elasticache:us-east-1:"
                                                                             "000000000000:serverlesscachesnapshot:x"]),
                 "ServerlessCacheSnapshotNotFoundFault", 404)
    check("a refused create leaves no cache behind [GUESS cache settings]",
          s.ec.describe_replication_groups()["ReplicationGroups"] == []
          and s.ec.describe_serverless_caches()["ServerlessCaches"] == [])


def main():
    if not os.path.exists(JAR):
        raise SystemExit("build first: mvn -q -B -DskipTests package")
    started = time.time()
    fast, slow, fresh = Server("0s"), Server("2s"), Server("0s")
    try:
        for server in (fast, slow, fresh):
            server.ready()
        for section, server in ((users, fast), (groups, fast), (tags, fast), (wire, fast), (xml_shapes, fast),
                                (cache_settings, fast),
                                (in_flight, slow),
                                (engine_semantics, slow), (quotas, fresh)):
            try:
                t0 = time.time()
                section(server)
                if VERBOSE:
                    print(f"-- {section.__name__}: {time.time() - t0:.1f}s")
            except Exception as e:  # a crash in one section is a failure, not the end of the probe
                check(f"{section.__name__}: section ran to the end", False, repr(e))
    finally:
        fast.stop()
        slow.stop()
        fresh.stop()
    print(f"conformance-probe: ran in {time.time() - started:.1f}s")
    print(f"conformance-probe: {passed} passed, {len(failed)} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
