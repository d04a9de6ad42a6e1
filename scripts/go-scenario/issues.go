package main

import (
	"context"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// Sequences the provider's issues report as breaking on AWS. Each asserts AWS's answer (which the
// provider's code depends on) and that the provider's handling of it ends with no diff.

// tpa#28688, #37911: two aws_elasticache_user_group_association resources on one group are applied
// concurrently. The second ModifyUserGroup meets a `modifying` group; AWS answers
// InvalidUserGroupState and the provider retries until the group is active again.
func concurrentAssociationsScenario(ctx context.Context, t *T) {
	users := []string{"tf-conc-one", "tf-conc-two", "tf-conc-three"}
	t.each(users, func(id string) { createUser(ctx, t, passwordUser(id)) })
	g := userGroupConfig{UserGroupID: "tf-conc-group", Engine: "redis", UserIDs: []string{"default"}}
	createUserGroup(ctx, t, g)

	concurrently := func(op func(ctx context.Context, t *T, groupID, userID string) (int, error), what string) int {
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for _, id := range users {
			wg.Add(1)
			go func(id string) {
				defer wg.Done()
				retries, err := op(ctx, t, g.UserGroupID, id)
				mu.Lock()
				defer mu.Unlock()
				total += retries
				if err != nil {
					t.Errorf("%s association (%s,%s): %v", what, g.UserGroupID, id, err)
				}
			}(id)
		}
		wg.Wait()
		return total
	}

	if retries := concurrently(createAssociation, "creating"); retries == 0 {
		t.Errorf("three concurrent ModifyUserGroup calls never met InvalidUserGroupState: AWS refuses changes to a modifying group")
	}
	for _, id := range users {
		checkAssociation(ctx, t, g.UserGroupID, id, true)
	}
	if retries := concurrently(deleteAssociation, "deleting"); retries == 0 {
		t.Errorf("three concurrent removals never met InvalidUserGroupState")
	}
	for _, id := range users {
		checkAssociation(ctx, t, g.UserGroupID, id, false)
	}

	// The fault itself, as the provider's errs.IsA sees it: code, status 400, AWS's message.
	_, err := t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{
		UserGroupId: aws.String(g.UserGroupID), UserIdsToAdd: []string{users[0]}})
	t.check(err, "ModifyUserGroup add")
	_, err = t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{
		UserGroupId: aws.String(g.UserGroupID), UserIdsToAdd: []string{users[1]}})
	var fault *types.InvalidUserGroupStateFault
	if !isA[*types.InvalidUserGroupStateFault](err) {
		t.Errorf("ModifyUserGroup on a modifying group: want InvalidUserGroupState, got %v", err)
	} else if asFault(err, &fault); !strings.Contains(fault.ErrorMessage(), "has status modifying") {
		t.Errorf("InvalidUserGroupState message %q lacks AWS's \"has status modifying\"", fault.ErrorMessage())
	}
	_, err = waitUserGroupUpdated(ctx, t, g.UserGroupID)
	t.check(err, "waiting for the group")

	deleteUserGroup(ctx, t, g.UserGroupID)
	t.each(users, func(id string) { deleteUser(ctx, t, id) })
}

// tpa#43281 (and #49945, PR #43520, #49948): an aws_elasticache_user is destroyed and its group
// updated in the same apply. AWS detaches the deleted user from its groups itself, so the group's
// planned removal names a non-member, and AWS rejects the whole ModifyUserGroup, additions included.
// The fix the provider is taking (#49948) drops removals of users the group no longer lists.
func groupUpdateAfterUserDeleteScenario(ctx context.Context, t *T) {
	t.each([]string{"tf-rot-old", "tf-rot-new"}, func(id string) { createUser(ctx, t, passwordUser(id)) })
	g := userGroupConfig{UserGroupID: "tf-rot-group", Engine: "redis", UserIDs: []string{"default", "tf-rot-old"}}
	createUserGroup(ctx, t, g)

	// The user is destroyed first (the dependency order of that apply).
	deleteUser(ctx, t, "tf-rot-old")
	grp, err := waitUserGroupUpdated(ctx, t, g.UserGroupID)
	t.check(err, "waiting for the group after its member was deleted")
	for _, id := range grp.UserIds {
		if id == "tf-rot-old" {
			t.Errorf("DeleteUser left the deleted user in its group: UserIds %v", grp.UserIds)
		}
	}

	// The plan's ModifyUserGroup: add the new user, remove the deleted one.
	_, err = t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{UserGroupId: aws.String(g.UserGroupID),
		UserIdsToAdd: []string{"tf-rot-new"}, UserIdsToRemove: []string{"tf-rot-old"}})
	switch {
	case isAMessageContains[*types.InvalidParameterValueException](err, "not a member"):
		// AWS's answer; the request must have changed nothing.
	case isA[*types.UserNotFoundFault](err):
		// also a whole-request rejection; accepted, the id no longer exists.
	default:
		t.Errorf("ModifyUserGroup removing a deleted user: want InvalidParameterValue \"... not a member ...\", got %v", err)
	}
	after, err := findUserGroupByID(ctx, t.conn, g.UserGroupID)
	t.check(err, "reading the group")
	if aws.ToString(after.Status) != "active" || show(set(after.UserIds)) != show([]string{"default"}) {
		t.Errorf("a rejected ModifyUserGroup changed the group: status %s, UserIds %v", aws.ToString(after.Status), after.UserIds)
	}

	// #49948: filter the removals against the group's current members, then update.
	current := set(after.UserIds)
	old := userGroupConfig{UserGroupID: g.UserGroupID, Engine: "redis", UserIDs: current}
	want := userGroupConfig{UserGroupID: g.UserGroupID, Engine: "redis", UserIDs: []string{"default", "tf-rot-new"}}
	updateUserGroup(ctx, t, old, want)
	checkUserGroup(ctx, t, want)

	deleteUserGroup(ctx, t, g.UserGroupID)
	deleteUser(ctx, t, "tf-rot-new")
}

// tpa#49726: two ModifyUser calls for one user at once (the concurrent update surfaces).
// AWS answers the one that meets a `modifying` user with InvalidUserState ("... has status
// modifying. Only active users can be modified."); the provider's read waits for `active` (#34002),
// and the refused change applied again reads back with no diff.
func modifyUserWhileModifyingScenario(ctx context.Context, t *T) {
	c := passwordUser("tf-busy-user")
	createUser(ctx, t, c)

	// Two updates of one user from two surfaces at once: one access string, one password change.
	first := &elasticache.ModifyUserInput{UserId: aws.String(c.UserID), AccessString: aws.String("on ~a:* -@all +@read")}
	second := &elasticache.ModifyUserInput{UserId: aws.String(c.UserID), Passwords: []string{"password-second-change"}}
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i, in := range []*elasticache.ModifyUserInput{first, second} {
		wg.Add(1)
		go func(i int, in *elasticache.ModifyUserInput) {
			defer wg.Done()
			_, errs[i] = t.conn.ModifyUser(ctx, in)
		}(i, in)
	}
	wg.Wait()
	var refused *elasticache.ModifyUserInput
	switch {
	case errs[0] == nil && errs[1] == nil:
		t.Errorf("two concurrent ModifyUser calls both succeeded: AWS refuses the one that meets a modifying user (InvalidUserState)")
	case errs[0] != nil && errs[1] != nil:
		t.Fatalf("both concurrent ModifyUser calls failed: %v / %v", errs[0], errs[1])
	default:
		i := 0
		if errs[1] != nil {
			i = 1
		}
		refused = []*elasticache.ModifyUserInput{first, second}[i]
		var fault *types.InvalidUserStateFault
		if !isA[*types.InvalidUserStateFault](errs[i]) {
			t.Errorf("ModifyUser on a modifying user: want InvalidUserState, got %v", errs[i])
		} else if asFault(errs[i], &fault); !strings.Contains(fault.ErrorMessage(), "has status modifying") {
			t.Errorf("InvalidUserState message %q lacks AWS's \"has status modifying\"", fault.ErrorMessage())
		}
	}

	// What the provider does next: its read waits for modifying -> active; the refused change is
	// applied again by the next apply (resourceUserUpdate) and then reads back with no diff.
	_, err := waitUserUpdated(ctx, t, c.UserID)
	t.check(err, "waiting for the user")
	if refused != nil {
		_, err = t.conn.ModifyUser(ctx, refused)
		t.check(err, "applying the refused change again")
		_, err = waitUserUpdated(ctx, t, c.UserID)
		t.check(err, "waiting for the user")
	}
	want := c
	want.AccessString = "on ~a:* -@all +@read"
	checkUser(ctx, t, want, "password", 1)
	deleteUser(ctx, t, c.UserID)
}

func asFault[F error](err error, dst *F) bool { return errorsAs(err, dst) }
