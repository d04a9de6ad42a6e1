-- wrk -t2 -c8 -d10s -s bench/create-user.lua http://127.0.0.1:PORT/ -- PREFIX   (a --no-auth server started with a
-- high --max-users). CreateUser with an id no other request of the run uses: thread k sends PREFIX-k-0, PREFIX-k-1, ...
-- (give each run its own PREFIX: a second run's ids would all be refused as existing). Body as bench/run's CreateUser.
local tcount = 0
setup = function(thread) thread:set("k", tcount); tcount = tcount + 1 end
init = function(args) prefix = args[1] or "wrk"; n = 0 end
request = function()
  local id = prefix .. "-" .. k .. "-" .. n
  n = n + 1
  local body = "Action=CreateUser&Version=2015-02-02&UserId=" .. id .. "&UserName=" .. id .. "&Engine=redis"
    .. "&Passwords.member.1=bench-password-" .. id .. "&AccessString=on%20~app%3A*%20-%40all%20%2B%40read"
  return wrk.format("POST", "/", {["Content-Type"]="application/x-www-form-urlencoded"}, body)
end
