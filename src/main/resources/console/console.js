// Fills the console's tables from /console/state every 2 s. Every value goes in as a text node
// (never innerHTML), so a stored id, description or message can only ever be shown, not run.
"use strict";

const REFRESH_MS = 2000;

function cell(row, value, className) {
  const td = document.createElement("td");
  td.textContent = value == null ? "" : String(value);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function list(values) {
  return values && values.length ? values.join(", ") : "–";
}

function statusClass(status) {
  return "status status-" + String(status).replace(/[^a-z-]/g, "");
}

function fill(tableId, items, addCells, empty) {
  const body = document.querySelector("#" + tableId + " tbody");
  const rows = [];
  for (const item of items) addCells(item, rows);
  if (rows.length === 0) {
    const tr = document.createElement("tr");
    const td = cell(tr, empty, "muted");
    td.colSpan = document.querySelectorAll("#" + tableId + " thead th").length;
    rows.push(tr);
  }
  body.replaceChildren(...rows);
}

function newRow(rows) {
  const tr = document.createElement("tr");
  rows.push(tr);
  return tr;
}

function pending(p) {
  if (!p) return "–";
  return "add [" + p.userIdsToAdd.join(", ") + "], remove [" + p.userIdsToRemove.join(", ") + "]";
}

function aclClass(acl) {
  return acl === "in sync" ? "acl acl-ok" : acl === "not managed" ? "acl muted" : "acl acl-bad";
}

function render(state) {
  fill("user-groups", state.userGroups, (g, rows) => {
    const tr = newRow(rows);
    cell(tr, g.userGroupId, "id");
    cell(tr, g.status, statusClass(g.status));
    cell(tr, list(g.userIds));
    cell(tr, pending(g.pendingChanges), g.pendingChanges ? "pending" : "muted");
    cell(tr, list(g.caches));
  }, "No user groups");
  fill("caches", state.caches, (c, rows) => {
    const nodes = c.nodes.length ? c.nodes : [null];
    nodes.forEach((n, i) => {
      const tr = newRow(rows);
      if (i === 0) {
        for (const [value, cls] of [[c.id, "id"], [c.kind], [c.status, statusClass(c.status)],
                                    [list(c.userGroupIds)], [c.description, "description"]]) {
          cell(tr, value, cls).rowSpan = nodes.length;
        }
      }
      if (n) {
        cell(tr, n.cacheClusterId, "id");
        cell(tr, n.role);
        cell(tr, n.running ? n.status : n.status + " (not running)", statusClass(n.running ? n.status : "down"));
        cell(tr, n.address, "mono");
        cell(tr, n.acl, aclClass(n.acl));
      } else {
        cell(tr, "no nodes", "muted").colSpan = 5;
      }
    });
  }, "No caches");
  fill("users", state.users, (u, rows) => {
    const tr = newRow(rows);
    cell(tr, u.userId, "id");
    cell(tr, u.userName);
    cell(tr, u.status, statusClass(u.status));
    cell(tr, u.authentication);
    cell(tr, u.accessString, "mono");
    cell(tr, list(u.userGroupIds));
  }, "No users");
  fill("events", state.events, (e, rows) => {
    const tr = newRow(rows);
    cell(tr, e.date.replace("T", " ").replace("Z", " UTC"), "mono");
    cell(tr, e.sourceType);
    cell(tr, e.sourceIdentifier, "id");
    cell(tr, e.message);
  }, "No events in the last 14 days");
  const updated = document.getElementById("updated");
  updated.textContent = "updated " + state.time.replace("T", " ").replace(/\.\d+Z$|Z$/, " UTC");
  updated.className = "muted";
  document.body.dataset.loaded = "true";
}

async function refresh() {
  try {
    const response = await fetch("/console/state", { cache: "no-store" });
    if (!response.ok) throw new Error("HTTP " + response.status);
    render(await response.json());
  } catch (e) {
    const updated = document.getElementById("updated");
    updated.textContent = "cannot reach the server (" + e.message + "); retrying";
    updated.className = "error";
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
