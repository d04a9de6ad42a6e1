package main

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_user_group_association (internal/service/elasticache/user_group_association.go).

const associationTimeout = 10 * time.Minute

// createAssociation is resourceUserGroupAssociationCreate: ModifyUserGroup UserIdsToAdd, retried
// while the group answers InvalidUserGroupState (#28688), then wait for the group. It returns the
// number of retries.
func createAssociation(ctx context.Context, t *T, groupID, userID string) (int, error) {
	retries, err := retryWhen(ctx, t.scale, associationTimeout, func() error {
		_, err := t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{
			UserGroupId: aws.String(groupID), UserIdsToAdd: []string{userID}})
		return err
	}, isA[*types.InvalidUserGroupStateFault])
	if err != nil {
		return retries, err
	}
	_, err = waitUserGroupUpdated(ctx, t, groupID)
	return retries, err
}

// readAssociation is findUserGroupAssociationByTwoPartKey: the group exists and lists the user.
func readAssociation(ctx context.Context, t *T, groupID, userID string) (bool, error) {
	g, err := findUserGroupByID(ctx, t.conn, groupID)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, id := range g.UserIds {
		if id == userID {
			return true, nil
		}
	}
	return false, nil
}

// deleteAssociation is resourceUserGroupAssociationDelete: UserIdsToRemove with the same retry;
// "not a member" means already gone.
func deleteAssociation(ctx context.Context, t *T, groupID, userID string) (int, error) {
	retries, err := retryWhen(ctx, t.scale, associationTimeout, func() error {
		_, err := t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{
			UserGroupId: aws.String(groupID), UserIdsToRemove: []string{userID}})
		return err
	}, isA[*types.InvalidUserGroupStateFault])
	if isAMessageContains[*types.InvalidParameterValueException](err, "not a member") {
		return retries, nil
	}
	if err != nil {
		return retries, err
	}
	_, err = waitUserGroupUpdated(ctx, t, groupID)
	return retries, err
}

func checkAssociation(ctx context.Context, t *T, groupID, userID string, want bool) {
	found, err := readAssociation(ctx, t, groupID, userID)
	t.check(err, "reading ElastiCache User Group Association ("+groupID+","+userID+")")
	if found != want {
		t.Errorf("aws_elasticache_user_group_association %s,%s: found=%v, want %v", groupID, userID, found, want)
	}
}

func associationScenario(ctx context.Context, t *T) {
	createUser(ctx, t, passwordUser("tf-uga-user"))
	g := userGroupConfig{UserGroupID: "tf-uga-group", Engine: "redis", UserIDs: []string{"default"}}
	createUserGroup(ctx, t, g)

	_, err := createAssociation(ctx, t, g.UserGroupID, "tf-uga-user")
	t.check(err, "creating ElastiCache User Group Association")
	checkAssociation(ctx, t, g.UserGroupID, "tf-uga-user", true)

	_, err = deleteAssociation(ctx, t, g.UserGroupID, "tf-uga-user")
	t.check(err, "deleting ElastiCache User Group Association")
	checkAssociation(ctx, t, g.UserGroupID, "tf-uga-user", false)

	// Deleting an association that is already gone: AWS answers InvalidParameterValue "... is not a
	// member ...", which the provider takes as done. Any other answer breaks `terraform destroy`.
	_, err = t.conn.ModifyUserGroup(ctx, &elasticache.ModifyUserGroupInput{
		UserGroupId: aws.String(g.UserGroupID), UserIdsToRemove: []string{"tf-uga-user"}})
	if !isAMessageContains[*types.InvalidParameterValueException](err, "not a member") {
		t.Errorf("removing a non-member: want InvalidParameterValue containing \"not a member\", got %v", err)
	}
	_, err = deleteAssociation(ctx, t, g.UserGroupID, "tf-uga-user")
	t.check(err, "deleting an already deleted ElastiCache User Group Association")

	// An association whose group is gone reads as not found (removed from state), not as an error.
	deleteUserGroup(ctx, t, g.UserGroupID)
	checkAssociation(ctx, t, g.UserGroupID, "tf-uga-user", false)
	deleteUser(ctx, t, "tf-uga-user")
}
