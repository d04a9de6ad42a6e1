-- wrk -t2 -c8 -d10s -s bench/mug.lua http://127.0.0.1:PORT/ -- 2   (a --no-auth server; the argument after --: wrk's -t)
-- Needs bench-toggle-00..63 users and bench-group-000..511 groups holding default (docs/bench.md, "Writes, fourth look").
-- ModifyUserGroup toggling: thread k of T owns groups g = k, k+T, ...; each turn toggles user g%64 in g.
local tcount = 0
setup = function(thread) thread:set("k", tcount); tcount = tcount + 1 end
init = function(args) T = tonumber(args[1] or "2"); mine = {}; for g = k, 511, T do table.insert(mine, g) end; turn = 0; member = {} end
request = function()
  local g = mine[(turn % #mine) + 1]
  turn = turn + 1
  local gid = string.format("bench-group-%03d", g)
  local uid = string.format("bench-toggle-%02d", g % 64)
  local body
  if member[g] then
    body = "Action=ModifyUserGroup&Version=2015-02-02&UserGroupId=" .. gid .. "&UserIdsToRemove.member.1=" .. uid
  else
    body = "Action=ModifyUserGroup&Version=2015-02-02&UserGroupId=" .. gid .. "&UserIdsToAdd.member.1=" .. uid
  end
  member[g] = not member[g]
  return wrk.format("POST", "/", {["Content-Type"]="application/x-www-form-urlencoded"}, body)
end

-- A refused toggle (the group still modifying, or a previous run left it the other way) puts the
-- group's state back in step from the error message.
response = function(status, headers, body)
  if status ~= 200 then
    local g = string.match(body, "member of user group bench%-group%-(%d+)")
    if g then
      g = tonumber(g)
      if string.find(body, "already a member", 1, true) then member[g] = true else member[g] = false end
    end
  end
end
