// Replays the Terraform AWS provider's call sequences for ElastiCache RBAC resources against
// cachewarden, with the AWS SDK for Go v2 (the SDK the provider is built on). Each scenario creates,
// waits as the provider waits, reads back with the provider's finder and compares every attribute the
// provider writes to state against what was configured, updates in place, destroys and waits for gone.
//
// Usage: go-scenario -endpoint http://127.0.0.1:PORT [-only user,user_group,...|all] [-time-scale 0.01]
// Credentials and region come from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/elasticache"
)

// scenario is one provider resource's life (or one sequence from the provider's issues).
type scenario struct {
	name string
	// shipped scenarios run by default; the others wait for server work in progress (-only switches them on).
	shipped bool
	// strict scenarios fail on the known gaps (knownGaps) instead of noting them.
	strict bool
	run    func(ctx context.Context, t *T)
}

var scenarios = []scenario{
	{"user", true, false, userScenario},
	{"user_group", true, false, userGroupScenario},
	{"user_group_association", true, false, associationScenario},
	{"tpa28688_concurrent_associations", true, false, concurrentAssociationsScenario},
	{"tpa43281_group_update_after_user_delete", true, false, groupUpdateAfterUserDeleteScenario},
	{"tpa49726_modify_user_while_modifying", true, false, modifyUserWhileModifyingScenario},
	{"replication_group", true, false, replicationGroupScenario},
	{"replication_group_echo", true, false, replicationGroupEchoScenario},
	{"subnet_group", true, false, subnetGroupScenario},
	{"subnet_group_in_use", true, false, subnetGroupInUseScenario},
	{"parameter_group", true, false, parameterGroupScenario},
	{"parameter_group_in_use", true, false, parameterGroupInUseScenario},
	{"replication_group_cluster_mode", true, false, clusterModeScenario},
}

// T collects one scenario's failures; Fatalf ends the scenario (not the run).
type T struct {
	name  string
	conn  *elasticache.Client
	scale float64
	// strict turns known gaps (knownGaps) into failures (-strict, or the scenario targets them).
	strict bool
	mu     sync.Mutex
	errors []string
	notes  []string
}

type fatal struct{}

func (t *T) Errorf(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.errors = appendOnce(t.errors, fmt.Sprintf(format, args...))
}

// appendOnce keeps a message once: the same diff read back after several steps is one finding.
func appendOnce(list []string, msg string) []string {
	for _, m := range list {
		if m == msg {
			return list
		}
	}
	return append(list, msg)
}

func (t *T) Notef(format string, args ...any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.notes = appendOnce(t.notes, fmt.Sprintf(format, args...))
}

func (t *T) Fatalf(format string, args ...any) {
	t.Errorf(format, args...)
	panic(fatal{})
}

// check fails the scenario on an unexpected error.
func (t *T) check(err error, what string) {
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func main() {
	endpoint := flag.String("endpoint", "", "cachewarden's API URL, e.g. http://127.0.0.1:4600")
	only := flag.String("only", "", "comma-separated scenarios to run, or 'all'; default: the shipped ones")
	scale := flag.Float64("time-scale", 0.01, "factor applied to the provider's Delay/MinTimeout/PollInterval")
	list := flag.Bool("list", false, "list the scenarios and exit")
	parallel := flag.Bool("parallel", true, "run the scenarios concurrently (each uses its own ids)")
	strict := flag.Bool("strict", false, "fail on the known gaps too (see knownGaps)")
	flag.Parse()
	if *list {
		for _, s := range scenarios {
			fmt.Printf("%s\tshipped=%v strict=%v\n", s.name, s.shipped, s.strict)
		}
		return
	}
	if *endpoint == "" {
		fmt.Fprintln(os.Stderr, "usage: go-scenario -endpoint URL [-only a,b|all]")
		os.Exit(2)
	}
	selected, err := selectScenarios(*only)
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-scenario:", err)
		os.Exit(2)
	}

	ctx := context.Background()
	// Static credentials from the environment instead of config.LoadDefaultConfig: the same signer
	// and client, without compiling the SSO/STS/IMDS credential chain (a third of the build time).
	key, secret := os.Getenv("AWS_ACCESS_KEY_ID"), os.Getenv("AWS_SECRET_ACCESS_KEY")
	if key == "" || secret == "" {
		fmt.Fprintln(os.Stderr, "go-scenario: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
		os.Exit(2)
	}
	region := os.Getenv("AWS_REGION")
	if region == "" {
		region = "us-east-1"
	}
	// The provider's client retries throttling and 5xx like any SDK client (the standard retryer), and
	// since aws-sdk-go-v2 1.32.8 also a connection closed under it (net.ErrClosed, aws/aws-sdk-go-v2#2949).
	// Debian's 1.17 lacks that: smithy closes the request body as soon as the answer arrives, racing the
	// transport's write loop, which may then close the connection while the answer's body is read
	// ("deserialization failed … use of closed network connection" on a 200; #1825, #2737).
	conn := elasticache.New(elasticache.Options{
		Region:           region,
		Credentials:      aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(key, secret, "")),
		EndpointResolver: elasticache.EndpointResolverFromURL(*endpoint),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.Retryables = append(o.Retryables, retry.IsErrorRetryableFunc(retryClosedConnection))
		}),
	})

	results := make([]*T, len(selected))
	took := make([]time.Duration, len(selected))
	var wg sync.WaitGroup
	for i, s := range selected {
		results[i] = &T{name: s.name, conn: conn, scale: *scale, strict: *strict || s.strict}
		run := func(i int, s scenario) {
			defer wg.Done()
			start := time.Now()
			runOne(ctx, results[i], s)
			took[i] = time.Since(start).Round(time.Millisecond)
		}
		wg.Add(1)
		if *parallel {
			go run(i, s)
		} else {
			run(i, s)
		}
	}
	wg.Wait()

	passed, failed := 0, 0
	for i, s := range selected {
		t, took := results[i], took[i]
		for _, n := range t.notes {
			fmt.Printf("note %s: %s\n", s.name, n)
		}
		if len(t.errors) == 0 {
			passed++
			fmt.Printf("ok   %s (%s)\n", s.name, took)
		} else {
			failed++
			fmt.Printf("FAIL %s (%s)\n", s.name, took)
			for _, e := range t.errors {
				fmt.Printf("     %s\n", e)
			}
		}
	}
	if n := closedRetries.Load(); n > 0 {
		fmt.Printf("note: %d request(s) retried after the Go transport closed the connection under them (net.ErrClosed)\n", n)
	}
	fmt.Printf("go-scenario: %d passed, %d failed\n", passed, failed)
	if failed > 0 {
		os.Exit(1)
	}
}

// retryClosedConnection is the upstream SDK's rule for net.ErrClosed; it counts how often it fired.
func retryClosedConnection(err error) aws.Ternary {
	if errors.Is(err, net.ErrClosed) {
		closedRetries.Add(1)
		return aws.TrueTernary
	}
	return aws.UnknownTernary
}

var closedRetries atomic.Int64

func runOne(ctx context.Context, t *T, s scenario) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(fatal); !ok {
				t.Errorf("panic: %v", r)
			}
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	s.run(ctx, t)
}

func selectScenarios(only string) ([]scenario, error) {
	if only == "" {
		var out []scenario
		for _, s := range scenarios {
			if s.shipped {
				out = append(out, s)
			}
		}
		return out, nil
	}
	if only == "all" {
		return scenarios, nil
	}
	byName := map[string]scenario{}
	var names []string
	for _, s := range scenarios {
		byName[s.name] = s
		names = append(names, s.name)
	}
	sort.Strings(names)
	var out []scenario
	for _, n := range strings.Split(only, ",") {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		s, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("unknown scenario %q (known: %s)", n, strings.Join(names, ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

// parallel applies independent resources at once, as Terraform does (-parallelism=10). A Fatalf in
// one of them ends only that branch; the scenario stops after all are done if any failed.
func (t *T) parallel(fns ...func()) {
	var wg sync.WaitGroup
	failed := make([]bool, len(fns))
	for i, fn := range fns {
		wg.Add(1)
		go func(i int, fn func()) {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					failed[i] = true
					if _, ok := r.(fatal); !ok {
						t.Errorf("panic: %v", r)
					}
				}
			}()
			fn()
		}(i, fn)
	}
	wg.Wait()
	for _, f := range failed {
		if f {
			panic(fatal{})
		}
	}
}

// each runs fn for every id in parallel.
func (t *T) each(ids []string, fn func(id string)) {
	fns := make([]func(), 0, len(ids))
	for _, id := range ids {
		id := id
		fns = append(fns, func() { fn(id) })
	}
	t.parallel(fns...)
}
