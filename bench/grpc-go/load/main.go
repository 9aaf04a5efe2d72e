// The load generator of examples/user_load.rs written on grpc-go's client: C connections
// (one grpc.ClientConn each, a self-built pool as in the seed's second document) with K calls
// in flight on each, for a fixed time and at most a fixed number of calls; prints the same
// key=value line. Loopback addresses only. Built by bench/grpc-go/build.sh.
//
// Each of the C × K goroutines sends one call, waits for its answer, and sends the next; call
// n goes to connection n mod C, like the Rust pool. Calls that start after the warm-up and end
// before the deadline are measured. The first failed call stops the run with an error.
package main

import (
	"context"
	"flag"
	"fmt"
	"math"
	"net"
	"os"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"google.golang.org/grpc"

	pb "rustsvcbench/userpb"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "grpc_user_load: "+format+"\n", args...)
	os.Exit(1)
}

type worker struct {
	latencies  []int64
	lastAnswer time.Time
	err        error
}

func main() {
	addr := flag.String("addr", "127.0.0.1:10010", "HOST:PORT of the server (loopback only)")
	connections := flag.Int("connections", 1, "connections (at least 1)")
	inFlight := flag.Int("in-flight", 100, "calls in flight on each connection (at least 1)")
	seconds := flag.Float64("seconds", 5, "measured seconds, after the warm-up")
	warmupSecs := flag.Float64("warmup", 1, "seconds before measuring starts")
	maxCalls := flag.Uint64("max-calls", 10000000, "no more calls than this in all")
	timeoutMs := flag.Int("timeout-ms", 5000, "a call unanswered after this fails the run")
	call := flag.String("call", "get", "get or add")
	flag.Parse()
	if flag.NArg() > 0 {
		fail("unknown argument '%s'", flag.Arg(0))
	}

	host, _, err := net.SplitHostPort(*addr)
	if err != nil {
		fail("--addr '%s' is not HOST:PORT (%v)", *addr, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		fail("%s is not a loopback address: the load generator only talks to this machine (127.0.0.0/8 or ::1)", *addr)
	}
	if *connections < 1 {
		fail("--connections must be at least 1")
	}
	if *inFlight < 1 {
		fail("--in-flight must be at least 1")
	}
	if *maxCalls < 1 || *timeoutMs < 1 || !(*seconds > 0 && *seconds <= 3600) || !(*warmupSecs >= 0 && *warmupSecs <= 3600) {
		fail("--max-calls, --seconds and --timeout-ms must be above 0 (seconds at most 3600)")
	}
	if *call != "get" && *call != "add" {
		fail("--call '%s' is not get or add", *call)
	}
	timeout := time.Duration(*timeoutMs) * time.Millisecond

	// The pool: every connection opened before the run, each checked by a blocking dial.
	conns := make([]*grpc.ClientConn, *connections)
	clients := make([]pb.UserInfoClient, *connections)
	for i := range conns {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := grpc.DialContext(ctx, *addr, grpc.WithInsecure(), grpc.WithBlock(),
			grpc.FailOnNonTempDialError(true))
		cancel()
		if err != nil {
			fail("cannot open connection %d of %d to %s: %v", i+1, *connections, *addr, err)
		}
		defer conn.Close()
		conns[i] = conn
		clients[i] = pb.NewUserInfoClient(conn)
	}

	// The user the getUser workers read.
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	added, err := clients[0].AddUser(ctx, &pb.User{Name: "jack", Description: "strong"})
	cancel()
	if err != nil {
		fail("the set-up call addUser to %s failed: %v", *addr, err)
	}
	id := added.Value

	start := time.Now()
	warm := start.Add(time.Duration(*warmupSecs * float64(time.Second)))
	deadline := warm.Add(time.Duration(*seconds * float64(time.Second)))
	var stop int32
	var issued, answered, next uint64
	workers := make([]worker, *connections**inFlight)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func(me *worker) {
			defer wg.Done()
			for {
				if atomic.LoadInt32(&stop) != 0 || atomic.AddUint64(&issued, 1) > *maxCalls {
					return
				}
				sent := time.Now()
				if !sent.Before(deadline) {
					return
				}
				client := clients[(atomic.AddUint64(&next, 1)-1)%uint64(len(clients))]
				ctx, cancel := context.WithTimeout(context.Background(), timeout)
				var err error
				if *call == "get" {
					_, err = client.GetUser(ctx, &pb.UserId{Value: id})
				} else {
					_, err = client.AddUser(ctx, &pb.User{Name: "Ada", Description: "load"})
				}
				cancel()
				if err != nil {
					atomic.StoreInt32(&stop, 1)
					me.err = err
					return
				}
				now := time.Now()
				atomic.AddUint64(&answered, 1)
				if !sent.Before(warm) && !now.After(deadline) {
					me.latencies = append(me.latencies, now.Sub(sent).Nanoseconds())
					me.lastAnswer = now
				}
			}
		}(&workers[w])
	}
	wg.Wait()

	var latencies []int64
	var lastAnswer time.Time
	for _, w := range workers {
		if w.err != nil {
			fail("a call to %s failed after %d answered calls: %v", *addr, atomic.LoadUint64(&answered), w.err)
		}
		latencies = append(latencies, w.latencies...)
		if w.lastAnswer.After(lastAnswer) {
			lastAnswer = w.lastAnswer
		}
	}
	if len(latencies) == 0 {
		fail("no call was measured: all %d calls were made in the %.1f s warm-up; raise --max-calls or lower --warmup",
			atomic.LoadUint64(&answered), *warmupSecs)
	}
	end := lastAnswer
	if !time.Now().Before(deadline) {
		end = deadline
	}
	elapsed := end.Sub(warm)
	if elapsed < time.Microsecond {
		elapsed = time.Microsecond
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	at := func(q float64) float64 {
		i := int(math.Ceil(float64(len(latencies))*q)) - 1
		if i < 0 {
			i = 0
		}
		if i >= len(latencies) {
			i = len(latencies) - 1
		}
		return float64(latencies[i]) / 1e6
	}
	fmt.Printf("calls_per_s=%.0f p50_ms=%.3f p99_ms=%.3f calls=%d seconds=%.3f connections=%d in_flight=%d answered=%d\n",
		float64(len(latencies))/elapsed.Seconds(), at(0.5), at(0.99), len(latencies), elapsed.Seconds(),
		*connections, *inFlight, atomic.LoadUint64(&answered)+1)
}
