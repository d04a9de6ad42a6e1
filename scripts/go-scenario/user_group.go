package main

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_user_group (internal/service/elasticache/user_group.go).

type userGroupConfig struct {
	UserGroupID, Engine string
	UserIDs             []string
	Tags                map[string]string
}

// The provider's user group waiters: 30s Delay, 10s MinTimeout (shortened by the time scale).
func waitUserGroup(ctx context.Context, t *T, id string, pending, target []string) (*types.UserGroup, error) {
	conf := &stateChangeConf{
		Pending: pending,
		Target:  target,
		Refresh: statusFunc(func() (*types.UserGroup, error) { return findUserGroupByID(ctx, t.conn, id) },
			func(g *types.UserGroup) string { return aws.ToString(g.Status) }),
		Timeout:    15 * time.Minute,
		MinTimeout: 10 * time.Second,
		Delay:      30 * time.Second,
	}
	v, err := conf.waitForState(ctx, t.scale)
	g, _ := v.(*types.UserGroup)
	return g, err
}

func waitUserGroupCreated(ctx context.Context, t *T, id string) (*types.UserGroup, error) {
	return waitUserGroup(ctx, t, id, []string{"creating", "modifying"}, []string{"active"})
}

func waitUserGroupUpdated(ctx context.Context, t *T, id string) (*types.UserGroup, error) {
	return waitUserGroup(ctx, t, id, []string{"modifying"}, []string{"active"})
}

func waitUserGroupDeleted(ctx context.Context, t *T, id string) error {
	_, err := waitUserGroup(ctx, t, id, []string{"deleting"}, []string{})
	return err
}

func createUserGroup(ctx context.Context, t *T, c userGroupConfig) {
	out, err := t.conn.CreateUserGroup(ctx, &elasticache.CreateUserGroupInput{
		Engine:      aws.String(c.Engine),
		UserGroupId: aws.String(c.UserGroupID),
		UserIds:     c.UserIDs,
		Tags:        tagsIn(c.Tags),
	})
	t.check(err, "creating ElastiCache User Group ("+c.UserGroupID+")")
	if aws.ToString(out.UserGroupId) != c.UserGroupID {
		t.Fatalf("CreateUserGroup answered UserGroupId %q, want %q", aws.ToString(out.UserGroupId), c.UserGroupID)
	}
	_, err = waitUserGroupCreated(ctx, t, c.UserGroupID)
	t.check(err, "waiting for ElastiCache User Group ("+c.UserGroupID+") create")
}

// readUserGroup is resourceUserGroupRead plus the tags read.
func readUserGroup(ctx context.Context, t *T, id string, isNew bool) (attrs, bool) {
	g, err := findUserGroupByID(ctx, t.conn, id)
	if !isNew && isNotFound(err) {
		return nil, false
	}
	t.check(err, "reading ElastiCache User Group ("+id+")")
	state := attrs{
		"arn":           aws.ToString(g.ARN),
		"engine":        aws.ToString(g.Engine),
		"user_group_id": aws.ToString(g.UserGroupId),
		"user_ids":      set(g.UserIds),
	}
	tags, err := listTags(ctx, t.conn, aws.ToString(g.ARN))
	t.check(err, "listing tags for ElastiCache User Group ("+id+")")
	state["tags"] = tags
	return state, true
}

func checkUserGroup(ctx context.Context, t *T, c userGroupConfig) {
	state, _ := readUserGroup(ctx, t, c.UserGroupID, true)
	state["engine"] = strings.ToLower(state["engine"].(string)) // case-insensitive diff suppression
	t.noDiff("aws_elasticache_user_group."+c.UserGroupID, attrs{
		"engine":        strings.ToLower(c.Engine),
		"user_group_id": c.UserGroupID,
		"user_ids":      set(c.UserIDs),
		"tags":          nonNilTags(c.Tags),
	}, state)
	t.computed("aws_elasticache_user_group."+c.UserGroupID, state, map[string]func(any) bool{
		"arn": func(v any) bool { return strings.HasSuffix(v.(string), ":usergroup:"+c.UserGroupID) },
	})
}

// userIDDelta is the update's set difference of user_ids (old - new, new - old).
func userIDDelta(old, new []string) (remove, add []string) {
	in := func(s []string, v string) bool {
		for _, x := range s {
			if x == v {
				return true
			}
		}
		return false
	}
	for _, v := range old {
		if !in(new, v) {
			remove = append(remove, v)
		}
	}
	for _, v := range new {
		if !in(old, v) {
			add = append(add, v)
		}
	}
	return remove, add
}

// updateUserGroup is resourceUserGroupUpdate: one ModifyUserGroup with the adds and removes (a
// "not a member" rejection is ignored, as the provider has done since #43520), then wait; then tags.
func updateUserGroup(ctx context.Context, t *T, old, new userGroupConfig) {
	input := &elasticache.ModifyUserGroupInput{UserGroupId: aws.String(old.UserGroupID)}
	remove, add := userIDDelta(old.UserIDs, new.UserIDs)
	if len(add) > 0 {
		input.UserIdsToAdd = add
	}
	if len(remove) > 0 {
		input.UserIdsToRemove = remove
	}
	extra := map[string]string{}
	if !strings.EqualFold(old.Engine, new.Engine) {
		extra["Engine"] = new.Engine // ModifyUserGroup.Engine: newer than Debian's model
	}
	if len(add)+len(remove)+len(extra) > 0 {
		_, err := t.conn.ModifyUserGroup(ctx, input, withParams(extra))
		if !isAMessageContains[*types.InvalidParameterValueException](err, "not a member") {
			t.check(err, "updating ElastiCache User Group ("+old.UserGroupID+")")
		}
		_, err = waitUserGroupUpdated(ctx, t, old.UserGroupID)
		t.check(err, "waiting for ElastiCache User Group ("+old.UserGroupID+") update")
	}
	g, err := findUserGroupByID(ctx, t.conn, old.UserGroupID)
	t.check(err, "finding ElastiCache User Group ("+old.UserGroupID+")")
	updateTags(ctx, t, aws.ToString(g.ARN), old.Tags, new.Tags)
}

// deleteUserGroup is resourceUserGroupDelete and the refresh after it.
func deleteUserGroup(ctx context.Context, t *T, id string) {
	_, err := t.conn.DeleteUserGroup(ctx, &elasticache.DeleteUserGroupInput{UserGroupId: aws.String(id)})
	if !isA[*types.UserGroupNotFoundFault](err) {
		t.check(err, "deleting ElastiCache User Group ("+id+")")
	}
	if err := waitUserGroupDeleted(ctx, t, id); err != nil && !isA[*types.UserGroupNotFoundFault](err) && !isA[*types.InvalidUserGroupStateFault](err) {
		t.Fatalf("waiting for ElastiCache User Group (%s) delete: %v", id, err)
	}
	if _, found := readUserGroup(ctx, t, id, false); found {
		t.Errorf("aws_elasticache_user_group.%s: still found after destroy", id)
	}
}

// passwordUser is a plain aws_elasticache_user for the group scenarios.
func passwordUser(id string) userConfig {
	return userConfig{UserID: id, UserName: id, Engine: "redis", AccessString: "on ~* +@all",
		Passwords: []string{"password123456789"}}
}

func userGroupScenario(ctx context.Context, t *T) {
	t.each([]string{"tf-ug-user1", "tf-ug-user2"}, func(id string) { createUser(ctx, t, passwordUser(id)) })
	c := userGroupConfig{UserGroupID: "tf-user-group", Engine: "REDIS", UserIDs: []string{"default", "tf-ug-user1"},
		Tags: map[string]string{"Name": "tf-user-group"}}
	createUserGroup(ctx, t, c)
	checkUserGroup(ctx, t, c)

	// swap a member (one ModifyUserGroup with an add and a remove) and change the tags.
	c2 := c
	c2.UserIDs = []string{"default", "tf-ug-user2"}
	c2.Tags = map[string]string{"Name": "tf-user-group", "owner": "cache-team"}
	updateUserGroup(ctx, t, c, c2)
	checkUserGroup(ctx, t, c2)

	// add one more, then back to default only.
	c3 := c2
	c3.UserIDs = []string{"default", "tf-ug-user1", "tf-ug-user2"}
	updateUserGroup(ctx, t, c2, c3)
	checkUserGroup(ctx, t, c3)
	c4 := c3
	c4.UserIDs = []string{"default"}
	updateUserGroup(ctx, t, c3, c4)
	checkUserGroup(ctx, t, c4)

	deleteUserGroup(ctx, t, c.UserGroupID)
	t.each([]string{"tf-ug-user1", "tf-ug-user2"}, func(id string) { deleteUser(ctx, t, id) })
}
