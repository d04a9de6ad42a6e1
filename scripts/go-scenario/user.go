package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
	"github.com/aws/aws-sdk-go-v2/service/elasticache/types"
)

// aws_elasticache_user (internal/service/elasticache/user.go).

// userConfig is the resource's configuration block.
type userConfig struct {
	UserID, UserName, AccessString, Engine string
	Passwords                              []string
	AuthMode                               *authMode // authentication_mode block, when set
	NoPasswordRequired                     bool
	Tags                                   map[string]string
}

func waitUser(ctx context.Context, t *T, id string, pending, target []string) (*types.User, error) {
	conf := &stateChangeConf{
		Pending: pending,
		Target:  target,
		Refresh: statusFunc(func() (*types.User, error) { return findUserByID(ctx, t.conn, id) },
			func(u *types.User) string { return aws.ToString(u.Status) }),
		Timeout: 5 * time.Minute,
	}
	v, err := conf.waitForState(ctx, t.scale)
	u, _ := v.(*types.User)
	return u, err
}

func waitUserCreated(ctx context.Context, t *T, id string) (*types.User, error) {
	return waitUser(ctx, t, id, []string{"creating"}, []string{"active"})
}

func waitUserUpdated(ctx context.Context, t *T, id string) (*types.User, error) {
	return waitUser(ctx, t, id, []string{"modifying"}, []string{"active"})
}

func waitUserDeleted(ctx context.Context, t *T, id string) error {
	_, err := waitUser(ctx, t, id, []string{"deleting"}, []string{})
	return err
}

func createUser(ctx context.Context, t *T, c userConfig) {
	input := &elasticache.CreateUserInput{
		AccessString:       aws.String(c.AccessString),
		Engine:             aws.String(c.Engine),
		NoPasswordRequired: aws.Bool(c.NoPasswordRequired),
		Tags:               tagsIn(c.Tags),
		UserId:             aws.String(c.UserID),
		UserName:           aws.String(c.UserName),
	}
	if len(c.Passwords) > 0 {
		input.Passwords = c.Passwords
	}
	out, err := t.conn.CreateUser(ctx, input, withParams(c.AuthMode.params()))
	t.check(err, "CreateUser "+c.UserID)
	if aws.ToString(out.UserId) != c.UserID {
		t.Fatalf("CreateUser answered UserId %q, want %q", aws.ToString(out.UserId), c.UserID)
	}
	_, err = waitUserCreated(ctx, t, c.UserID)
	t.check(err, "waiting for ElastiCache User ("+c.UserID+") create")
}

// readUser is resourceUserRead plus the transparent tags read: the state it would write.
func readUser(ctx context.Context, t *T, id string, isNew bool) (attrs, bool) {
	u, err := waitUserUpdated(ctx, t, id)
	if !isNew && isNotFound(err) {
		return nil, false
	}
	t.check(err, "reading ElastiCache User ("+id+")")
	state := attrs{
		"access_string": aws.ToString(u.AccessString),
		"arn":           aws.ToString(u.ARN),
		"engine":        aws.ToString(u.Engine),
		"user_id":       aws.ToString(u.UserId),
		"user_name":     aws.ToString(u.UserName),
	}
	if a := u.Authentication; a != nil {
		state["authentication_mode.0.type"] = string(a.Type)
		state["authentication_mode.0.password_count"] = aws.ToInt32(a.PasswordCount)
	}
	tags, err := listTags(ctx, t.conn, aws.ToString(u.ARN))
	t.check(err, "listing tags for ElastiCache User ("+id+")")
	state["tags"] = tags
	return state, true
}

// configuredUser is what the configuration says each read attribute must be. engine has a
// case-insensitive diff suppression, so it is compared lowercased on both sides.
func configuredUser(c userConfig) attrs {
	a := attrs{
		"access_string": c.AccessString,
		"engine":        strings.ToLower(c.Engine),
		"user_id":       c.UserID,
		"user_name":     c.UserName,
		"tags":          nonNilTags(c.Tags),
	}
	if c.AuthMode != nil {
		a["authentication_mode.0.type"] = string(c.AuthMode.Type)
	}
	return a
}

func checkUser(ctx context.Context, t *T, c userConfig, wantType string, wantCount int32) {
	state, _ := readUser(ctx, t, c.UserID, true)
	state["engine"] = strings.ToLower(state["engine"].(string))
	t.noDiff("aws_elasticache_user."+c.UserID, configuredUser(c), state)
	t.computed("aws_elasticache_user."+c.UserID, state, map[string]func(any) bool{
		"arn": func(v any) bool {
			return strings.HasPrefix(v.(string), "arn:aws:elasticache:") && strings.HasSuffix(v.(string), ":user:"+c.UserID)
		},
		"authentication_mode.0.type":           func(v any) bool { return v == wantType },
		"authentication_mode.0.password_count": func(v any) bool { return v == wantCount },
	})
}

// updateUser is resourceUserUpdate: ModifyUser with only the changed arguments, then wait; tags
// changes go through updateTags.
func updateUser(ctx context.Context, t *T, old, new userConfig) {
	input := &elasticache.ModifyUserInput{UserId: aws.String(old.UserID)}
	changed := false
	if old.AccessString != new.AccessString {
		input.AccessString, changed = aws.String(new.AccessString), true
	}
	extra := map[string]string{}
	if old.AuthMode.key() != new.AuthMode.key() && new.AuthMode != nil {
		for k, v := range new.AuthMode.params() {
			extra[k] = v
		}
		changed = true
	}
	if !strings.EqualFold(old.Engine, new.Engine) {
		extra["Engine"], changed = new.Engine, true // ModifyUser.Engine: newer than Debian's model
	}
	if old.NoPasswordRequired != new.NoPasswordRequired {
		input.NoPasswordRequired, changed = aws.Bool(new.NoPasswordRequired), true
	}
	if show(old.Passwords) != show(new.Passwords) {
		input.Passwords, changed = new.Passwords, true
	}
	if changed {
		_, err := t.conn.ModifyUser(ctx, input, withParams(extra))
		t.check(err, "updating ElastiCache User ("+old.UserID+")")
		_, err = waitUserUpdated(ctx, t, old.UserID)
		t.check(err, "waiting for ElastiCache User ("+old.UserID+") update")
	}
	u, err := findUserByID(ctx, t.conn, old.UserID)
	t.check(err, "finding ElastiCache User ("+old.UserID+")")
	updateTags(ctx, t, aws.ToString(u.ARN), old.Tags, new.Tags)
}

// authMode is the authentication_mode block (AuthenticationMode, sent as extra parameters: see extras.go).
type authMode struct {
	Type      string // password, no-password-required, iam
	Passwords []string
}

func (m *authMode) key() string {
	if m == nil {
		return ""
	}
	return m.Type + show(m.Passwords)
}

// params is expandAuthenticationMode on the wire: AuthenticationMode.Type, AuthenticationMode.Passwords.member.N.
func (m *authMode) params() map[string]string {
	if m == nil {
		return nil
	}
	p := map[string]string{"AuthenticationMode.Type": m.Type}
	for i, pw := range m.Passwords {
		p[fmt.Sprintf("AuthenticationMode.Passwords.member.%d", i+1)] = pw
	}
	return p
}

// deleteUser is resourceUserDelete, then the next refresh's read, which must drop it from state.
func deleteUser(ctx context.Context, t *T, id string) {
	_, err := t.conn.DeleteUser(ctx, &elasticache.DeleteUserInput{UserId: aws.String(id)})
	if !isA[*types.UserNotFoundFault](err) {
		t.check(err, "deleting ElastiCache User ("+id+")")
		t.check(waitUserDeleted(ctx, t, id), "waiting for ElastiCache User ("+id+") delete")
	}
	if _, found := readUser(ctx, t, id, false); found {
		t.Errorf("aws_elasticache_user.%s: still found after destroy", id)
	}
}

func userScenario(ctx context.Context, t *T) {
	// Three independent resources, applied at once as Terraform would.
	t.parallel(func() { passwordUserLife(ctx, t) }, func() { iamUserLife(ctx, t) }, func() { noPasswordUserLife(ctx, t) })
}

func passwordUserLife(ctx context.Context, t *T) {
	c := userConfig{
		UserID: "tf-user", UserName: "tf-user-name", Engine: "REDIS",
		AccessString: "on ~app::* -@all +@read +@hash +@bitmap +@geo -setbit -bitfield -hset -hsetnx -hmset -hincrby -hincrbyfloat -hdel -bitop -geoadd -georadius -georadiusbymember",
		Passwords:    []string{"password123456789", "password987654321"},
		Tags:         map[string]string{"Name": "tf-user", "env": "test"},
	}
	createUser(ctx, t, c)
	checkUser(ctx, t, c, "password", 2)

	// access string and passwords change in place (2 -> 1 password), as the provider's update test does.
	c2 := c
	c2.AccessString = "on ~* +@all"
	c2.Passwords = []string{"password-abcdefghijk"}
	updateUser(ctx, t, c, c2)
	checkUser(ctx, t, c2, "password", 1)

	// authentication_mode block with two new passwords; tags: one changed, one removed, one added.
	c3 := c2
	c3.AuthMode = &authMode{Type: "password", Passwords: []string{"password-1111111111", "password-2222222222"}}
	c3.Tags = map[string]string{"Name": "tf-user-renamed", "team": "cache"}
	updateUser(ctx, t, c2, c3)
	checkUser(ctx, t, c3, "password", 2)

	// engine in place: redis -> valkey (the provider's update_engine test).
	c4 := c3
	c4.Engine = "valkey"
	updateUser(ctx, t, c3, c4)
	checkUser(ctx, t, c4, "password", 2)

	deleteUser(ctx, t, c.UserID)
}

// An IAM user (user_name must equal user_id) and a no-password user: create, read, destroy.
func iamUserLife(ctx context.Context, t *T) {
	iam := userConfig{UserID: "tf-iam-user", UserName: "tf-iam-user", Engine: "redis", AccessString: "on ~* +@all",
		AuthMode: &authMode{Type: "iam"}}
	createUser(ctx, t, iam)
	checkUser(ctx, t, iam, "iam", 0)
	deleteUser(ctx, t, iam.UserID)
}

func noPasswordUserLife(ctx context.Context, t *T) {
	nopass := userConfig{UserID: "tf-nopass-user", UserName: "tf-nopass-user", Engine: "redis", AccessString: "on ~* -@all +@read", // AWS answers the expanded form; configs use it
		NoPasswordRequired: true}
	createUser(ctx, t, nopass)
	checkUser(ctx, t, nopass, "no-password", 0)
	deleteUser(ctx, t, nopass.UserID)
}
