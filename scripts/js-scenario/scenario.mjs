// The scenario every client runs (see scripts/cli-scenario.sh), with the AWS SDK for JavaScript v3:
// users, a group, ModifyUserGroup (PendingChanges), wait for active, paging with MaxRecords/Marker,
// an error with its code and status, DescribeEvents. Usage: node scenario.mjs PORT
// (credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, as the SDK reads them).
import assert from "node:assert/strict";
import {
  CreateUserCommand, CreateUserGroupCommand, DescribeEventsCommand, DescribeUserGroupsCommand,
  DescribeUsersCommand, ElastiCacheClient, ModifyUserGroupCommand, UserGroupNotFoundFault,
  InvalidParameterValueException, paginateDescribeUsers,
} from "@aws-sdk/client-elasticache";

const port = process.argv[2];
if (!port) throw new Error("usage: node scenario.mjs PORT");
const ec = new ElastiCacheClient({ endpoint: `http://127.0.0.1:${port}`, region: "us-east-1" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function groupStatus(id) {
  return (await ec.send(new DescribeUserGroupsCommand({ UserGroupId: id }))).UserGroups[0].Status;
}
async function waitActive(id) {
  for (let i = 0; i < 100; i++) {
    if ((await groupStatus(id)) === "active") return;
    await sleep(200);
  }
  throw new Error(`user group ${id} never became active`);
}

const steps = [];
async function step(name, fn) {
  await fn();
  steps.push(name);
}

await step("create users", async () => {
  for (const id of ["js-u1", "js-u2", "js-u3"]) {
    const u = await ec.send(new CreateUserCommand({
      UserId: id, UserName: id, Engine: "redis", Passwords: ["a-long-enough-password"], AccessString: "on ~* +@all",
    }));
    assert.equal(u.UserId, id);
    assert.equal(u.Authentication.Type, "password");
    assert.equal(u.Authentication.PasswordCount, 1);
  }
});

await step("create a group and wait for active", async () => {
  const g = await ec.send(new CreateUserGroupCommand({ UserGroupId: "js-g", Engine: "redis", UserIds: ["default"] }));
  assert.equal(g.Status, "creating");
  await waitActive("js-g");
});

await step("ModifyUserGroup, PendingChanges, then active", async () => {
  const g = await ec.send(new ModifyUserGroupCommand({ UserGroupId: "js-g", UserIdsToAdd: ["js-u1", "js-u2"] }));
  assert.equal(g.Status, "modifying");
  assert.deepEqual([...g.PendingChanges.UserIdsToAdd].sort(), ["js-u1", "js-u2"]);
  await waitActive("js-g");
  const after = (await ec.send(new DescribeUserGroupsCommand({ UserGroupId: "js-g" }))).UserGroups[0];
  assert.deepEqual([...after.UserIds].sort(), ["default", "js-u1", "js-u2"]);
  assert.equal(after.PendingChanges, undefined);
});

await step("paging with MaxRecords and Marker", async () => {
  const ids = [];
  let Marker;
  do {
    const page = await ec.send(new DescribeUsersCommand({ MaxRecords: 1, Marker }));
    assert.ok(page.Users.length <= 1);
    ids.push(...page.Users.map((u) => u.UserId));
    Marker = page.Marker;
  } while (Marker);
  assert.deepEqual(ids, ["default", "js-u1", "js-u2", "js-u3"]);
  const viaPaginator = [];
  for await (const page of paginateDescribeUsers({ client: ec, pageSize: 2 }, {})) {
    viaPaginator.push(...page.Users.map((u) => u.UserId));
  }
  assert.deepEqual(viaPaginator, ids);
});

await step("errors with their code and status", async () => {
  await assert.rejects(ec.send(new DescribeUserGroupsCommand({ UserGroupId: "missing" })), (e) => {
    assert.ok(e instanceof UserGroupNotFoundFault, `${e.name}: ${e.message}`);
    assert.equal(e.name, "UserGroupNotFoundFault");
    assert.equal(e.$metadata.httpStatusCode, 404);
    return true;
  });
  await assert.rejects(ec.send(new ModifyUserGroupCommand({ UserGroupId: "js-g", UserIdsToRemove: ["js-u3"] })),
    (e) => {
      assert.ok(e instanceof InvalidParameterValueException, `${e.name}: ${e.message}`);
      assert.equal(e.$metadata.httpStatusCode, 400);
      return true;
    });
});

await step("DescribeEvents", async () => {
  const out = await ec.send(new DescribeEventsCommand({ SourceType: "user-group", SourceIdentifier: "js-g" }));
  const messages = out.Events.map((e) => e.Message);
  assert.ok(messages.includes("Modifications applied to user group js-g"), messages.join(" | "));
  assert.ok(messages.some((m) => m.startsWith("Modification of user group js-g started")), messages.join(" | "));
  for (const e of out.Events) {
    assert.equal(e.SourceType, "user-group");
    assert.equal(e.SourceIdentifier, "js-g");
    assert.ok(e.Date instanceof Date && !Number.isNaN(e.Date.getTime()));
  }
});

console.log(`js-scenario: ${steps.length} passed, 0 failed (${steps.join("; ")})`);
