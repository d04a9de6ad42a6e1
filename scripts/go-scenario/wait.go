package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"
)

// stateChangeConf mirrors terraform-plugin-sdk's retry.StateChangeConf, which every provider waiter
// uses: sleep Delay, then refresh; a state in Target counts towards ContinuousTargetOccurence, a state
// in Pending keeps polling, any other state is an error. A nil result (not found) succeeds when Target
// is empty (a delete waiter) and otherwise is tolerated NotFoundChecks times. Between refreshes the
// wait doubles from 100ms, at least MinTimeout and at most 10s, or is PollInterval when set.
type stateChangeConf struct {
	Pending                   []string
	Target                    []string
	Refresh                   func() (any, string, error)
	Timeout                   time.Duration
	Delay                     time.Duration
	MinTimeout                time.Duration
	PollInterval              time.Duration
	NotFoundChecks            int
	ContinuousTargetOccurence int
}

type unexpectedStateError struct {
	state   string
	targets []string
}

func (e *unexpectedStateError) Error() string {
	return fmt.Sprintf("unexpected state '%s', wanted target '%s'", e.state, strings.Join(e.targets, ", "))
}

var debug = os.Getenv("GO_SCENARIO_DEBUG") != ""

// notFoundError is what the provider's finders return for a missing resource (retry.NotFoundError).
type notFoundError struct{ cause error }

func (e *notFoundError) Error() string {
	if e.cause != nil {
		return "couldn't find resource: " + e.cause.Error()
	}
	return "couldn't find resource"
}

func isNotFound(err error) bool {
	var nf *notFoundError
	return errors.As(err, &nf)
}

// waitForState runs the conf; scale shortens Delay, MinTimeout, PollInterval and the base wait.
func (c *stateChangeConf) waitForState(ctx context.Context, scale float64) (any, error) {
	if c.NotFoundChecks == 0 {
		c.NotFoundChecks = 20
	}
	if c.ContinuousTargetOccurence == 0 {
		c.ContinuousTargetOccurence = 1
	}
	sc := func(d time.Duration) time.Duration { return time.Duration(float64(d) * scale) }
	timeout := c.Timeout
	if timeout == 0 || timeout > 2*time.Minute {
		timeout = 2 * time.Minute // the provider's 5-60 minute timeouts, capped for a test run
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	sleep := func(d time.Duration) error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d):
			return nil
		}
	}
	if err := sleep(sc(c.Delay)); err != nil {
		return nil, fmt.Errorf("timeout while waiting for state to become '%s'", strings.Join(c.Target, ", "))
	}
	wait := 100 * time.Millisecond
	notFoundTick, targetOccurence := 0, 0
	if debug {
		start := time.Now()
		defer func() {
			fmt.Printf("debug: wait for %v took %s\n", c.Target, time.Since(start).Round(time.Millisecond))
		}()
	}
	var last any
	lastState := ""
	for {
		res, state, err := c.Refresh()
		if err != nil {
			return res, err
		}
		if res == nil {
			if len(c.Target) == 0 {
				targetOccurence++
				if targetOccurence == c.ContinuousTargetOccurence {
					return nil, nil
				}
			} else {
				notFoundTick++
				if notFoundTick > c.NotFoundChecks {
					return nil, &notFoundError{cause: fmt.Errorf("not found %d times while waiting for '%s'", notFoundTick, strings.Join(c.Target, ", "))}
				}
			}
		} else {
			last, lastState = res, state
			notFoundTick = 0
			found := false
			for _, s := range c.Target {
				if state == s {
					found = true
					targetOccurence++
					if targetOccurence == c.ContinuousTargetOccurence {
						return res, nil
					}
				}
			}
			for _, s := range c.Pending {
				if state == s {
					found = true
					targetOccurence = 0
				}
			}
			if !found && len(c.Pending) > 0 {
				return res, &unexpectedStateError{state: state, targets: c.Target}
			}
		}
		if targetOccurence == 0 {
			wait *= 2
		}
		next := sc(wait)
		if c.PollInterval > 0 && c.PollInterval < 180*time.Second {
			next = sc(c.PollInterval)
		} else if next < sc(c.MinTimeout) {
			next = sc(c.MinTimeout)
		} else if next > sc(10*time.Second) {
			next = sc(10 * time.Second)
		}
		if next < 20*time.Millisecond {
			next = 20 * time.Millisecond
		}
		if err := sleep(next); err != nil {
			return last, fmt.Errorf("timeout while waiting for state to become '%s' (last state: '%s')", strings.Join(c.Target, ", "), lastState)
		}
	}
}

// retryWhen mirrors tfresource.RetryWhen: call f until it succeeds or retryable says no, within timeout.
// The provider's retry backs off from 500ms; scaled like the waiters. It returns how many retries it took.
func retryWhen(ctx context.Context, scale float64, timeout time.Duration, f func() error, retryable func(error) bool) (int, error) {
	deadline := time.Now().Add(timeout)
	retries := 0
	wait := time.Duration(float64(500*time.Millisecond) * scale)
	if wait < 20*time.Millisecond {
		wait = 20 * time.Millisecond
	}
	for {
		err := f()
		if err == nil || !retryable(err) || time.Now().After(deadline) {
			if debug && retries > 0 {
				fmt.Printf("debug: retried %d times (%s)\n", retries, apiCode(err))
			}
			return retries, err
		}
		if debug {
			fmt.Printf("debug: retrying on %s\n", apiCode(err))
		}
		retries++
		select {
		case <-ctx.Done():
			return retries, err
		case <-time.After(wait):
		}
	}
}
