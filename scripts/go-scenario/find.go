package main

import (
	"context"
	"errors"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
	"github.com/aws/smithy-go"
)

// The provider's finders (find.go / the resource files): describe by id through the paginator, turn
// the resource's NotFound fault into a not-found error, and insist on exactly one result.

func findUserByID(ctx context.Context, conn *elasticache.Client, id string) (*types.User, error) {
	input := &elasticache.DescribeUsersInput{UserId: aws.String(id)}
	var out []types.User
	pages := elasticache.NewDescribeUsersPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.UserNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.Users...)
	}
	return single(out)
}

func findUserGroupByID(ctx context.Context, conn *elasticache.Client, id string) (*types.UserGroup, error) {
	input := &elasticache.DescribeUserGroupsInput{UserGroupId: aws.String(id)}
	var out []types.UserGroup
	pages := elasticache.NewDescribeUserGroupsPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.UserGroupNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.UserGroups...)
	}
	return single(out)
}

func findReplicationGroupByID(ctx context.Context, conn *elasticache.Client, id string) (*types.ReplicationGroup, error) {
	input := &elasticache.DescribeReplicationGroupsInput{ReplicationGroupId: aws.String(id)}
	var out []types.ReplicationGroup
	pages := elasticache.NewDescribeReplicationGroupsPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.ReplicationGroupNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.ReplicationGroups...)
	}
	return single(out)
}

// findCacheClusterByID is findCacheClusterWithNodeInfoByID: ShowCacheNodeInfo=true, as the provider's
// replication group read asks for its first member cluster.
func findCacheClusterByID(ctx context.Context, conn *elasticache.Client, id string) (*types.CacheCluster, error) {
	input := &elasticache.DescribeCacheClustersInput{CacheClusterId: aws.String(id), ShowCacheNodeInfo: aws.Bool(true)}
	var out []types.CacheCluster
	pages := elasticache.NewDescribeCacheClustersPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.CacheClusterNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.CacheClusters...)
	}
	return single(out)
}

func findCacheSubnetGroupByName(ctx context.Context, conn *elasticache.Client, name string) (*types.CacheSubnetGroup, error) {
	input := &elasticache.DescribeCacheSubnetGroupsInput{CacheSubnetGroupName: aws.String(name)}
	var out []types.CacheSubnetGroup
	pages := elasticache.NewDescribeCacheSubnetGroupsPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.CacheSubnetGroupNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.CacheSubnetGroups...)
	}
	return single(out)
}

func findCacheParameterGroupByName(ctx context.Context, conn *elasticache.Client, name string) (*types.CacheParameterGroup, error) {
	input := &elasticache.DescribeCacheParameterGroupsInput{CacheParameterGroupName: aws.String(name)}
	var out []types.CacheParameterGroup
	pages := elasticache.NewDescribeCacheParameterGroupsPaginator(conn, input)
	for pages.HasMorePages() {
		page, err := pages.NextPage(ctx)
		if isA[*types.CacheParameterGroupNotFoundFault](err) {
			return nil, &notFoundError{cause: err}
		}
		if err != nil {
			return nil, err
		}
		out = append(out, page.CacheParameterGroups...)
	}
	return single(out)
}

// single is tfresource.AssertSingleValueResult.
func single[T any](items []T) (*T, error) {
	switch len(items) {
	case 0:
		return nil, &notFoundError{cause: errors.New("empty result")}
	case 1:
		return &items[0], nil
	default:
		return nil, errors.New("too many results")
	}
}

// statusFunc is the provider's status* refresh function: not found is (nil, "", nil).
func statusFunc[T any](find func() (*T, error), status func(*T) string) func() (any, string, error) {
	return func() (any, string, error) {
		v, err := find()
		if isNotFound(err) {
			return nil, "", nil
		}
		if err != nil {
			return nil, "", err
		}
		return v, status(v), nil
	}
}

// isA is errs.IsA: the error chain holds a T.
func isA[T error](err error) bool {
	if err == nil {
		return false
	}
	var target T
	return errors.As(err, &target)
}

// isAMessageContains is errs.IsAErrorMessageContains.
func isAMessageContains[T interface {
	error
	ErrorMessage() string
}](err error, needle string) bool {
	if err == nil {
		return false
	}
	var target T
	return errors.As(err, &target) && strings.Contains(target.ErrorMessage(), needle)
}

// apiCode is the AWS error code of err ("" when err is not an API error).
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func errorsAs[F error](err error, dst *F) bool { return errors.As(err, dst) }
