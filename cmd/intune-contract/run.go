package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/contract"
	"github.com/specfirst/intune-assignments/internal/cli"
	"github.com/specfirst/intune-assignments/internal/specdoc"
	"github.com/specfirst/intune-assignments/server/auth"
	"github.com/specfirst/intune-assignments/server/intake"
)

// The environment variables the tokens may come from.
const (
	envToken       = "INTUNE_CONTRACT_TOKEN"
	envNarrowToken = "INTUNE_CONTRACT_NARROW_TOKEN"
)

// The scopes of the tokens minted for the emulator: the spec's write
// scope, which grants every operation, and contract.NarrowScope, which
// grants none.
var scopeAll = specdoc.WriteScope()

// defaultConfigID is the configuration of the spec's path examples, which
// the emulator knows.
var defaultConfigID = specdoc.ExampleConfigID()

type options struct {
	baseURL, configID      string
	token, narrowToken     string
	secret                 string
	allowWrites, allowAsgn bool
	junit, json            string
	rate                   float64
	retries                int
	maxBody                int
	timeout                time.Duration
	runPattern             string
}

func parse(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("intune-contract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.baseURL, "base-url", "", "version root of the server under test, e.g. http://127.0.0.1:8080/beta or https://graph.microsoft.com/beta (required)")
	fs.StringVar(&o.configID, "config-id", defaultConfigID, "the deviceEnrollmentConfiguration the cases work on")
	fs.StringVar(&o.token, "token", "", "bearer token with DeviceManagementServiceConfig.ReadWrite.All (or $"+envToken+"); on a loopback URL without one, a token is minted for the emulator")
	fs.StringVar(&o.narrowToken, "narrow-token", "", "token without that permission, for the 403 cases (or $"+envNarrowToken+"); minted for the emulator like -token")
	fs.StringVar(&o.secret, "secret", auth.DevSecret, "HS256 secret of the minted tokens (the emulator's)")
	fs.BoolVar(&o.allowWrites, "allow-writes", false, "run the cases that create, update and delete assignments (only ones the run creates, deleted afterwards)")
	fs.BoolVar(&o.allowAsgn, "allow-assign", false, "run the assign cases, which replace the configuration's assignments; they are saved first and restored")
	fs.StringVar(&o.junit, "junit", "", "write a JUnit XML report to this file")
	fs.StringVar(&o.json, "json", "", "write a JSON report to this file")
	fs.Float64Var(&o.rate, "rate", 0, "at most this many requests per second (0: no limit)")
	fs.IntVar(&o.retries, "retries", 3, "retries of a 429 or 503 after its Retry-After")
	fs.IntVar(&o.maxBody, "max-body-bytes", intake.DefaultMaxBodyBytes, "the server's request body limit, for the 413 cases")
	fs.DurationVar(&o.timeout, "timeout", time.Minute, "limit of each request")
	fs.StringVar(&o.runPattern, "run", "", "run only the cases whose name matches this regular expression")
	if err := cli.Parse(fs, args); err != nil {
		return o, err
	}
	if o.token == "" {
		o.token = getenv(envToken)
	}
	if o.narrowToken == "" {
		o.narrowToken = getenv(envNarrowToken)
	}
	if o.baseURL == "" {
		return o, cli.UsageError{Msg: "-base-url is required"}
	}
	u, err := url.Parse(o.baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return o, cli.UsageError{Msg: fmt.Sprintf("-base-url %q is not an http(s) URL", o.baseURL)}
	}
	if o.token == "" {
		if !isLoopback(u.Hostname()) {
			return o, cli.UsageError{Msg: fmt.Sprintf("-base-url %s is not on this machine: give -token (or $%s); tokens are minted only for a local emulator", o.baseURL, envToken)}
		}
		if o.token, err = mint(o.secret, scopeAll); err != nil {
			return o, err
		}
		if o.narrowToken == "" {
			if o.narrowToken, err = mint(o.secret, contract.NarrowScope); err != nil {
				return o, err
			}
		}
	}
	return o, nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func mint(secret, scope string) (string, error) {
	return auth.MintToken(auth.TokenOptions{Scopes: []string{scope}, HS256Secret: []byte(secret), TTL: time.Hour})
}

// run runs the command and returns its exit code.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	o, err := parse(args, getenv, stderr)
	if err != nil {
		return cli.ExitCode("intune-contract", err, stderr)
	}
	var filter *regexp.Regexp
	if o.runPattern != "" {
		if filter, err = regexp.Compile(o.runPattern); err != nil {
			fmt.Fprintln(stderr, "intune-contract: -run:", err)
			return 2
		}
	}
	suite, err := contract.Load(ctx)
	if err != nil {
		fmt.Fprintln(stderr, "intune-contract:", err)
		return 1
	}
	live, err := suite.NewLiveRun(contract.LiveConfig{
		BaseURL:        o.baseURL,
		ConfigID:       o.configID,
		Token:          o.token,
		NarrowToken:    o.narrowToken,
		MaxBodyBytes:   o.maxBody,
		AllowWrites:    o.allowWrites,
		AllowAssign:    o.allowAsgn,
		HTTPClient:     &http.Client{},
		Rate:           o.rate,
		Retries:        o.retries,
		RequestTimeout: o.timeout,
		Log:            stdout,
	})
	if err != nil {
		fmt.Fprintln(stderr, "intune-contract:", err)
		return 2
	}
	var cases []contract.Case
	for _, c := range suite.ServerCases() {
		if filter == nil || filter.MatchString(c.Name) {
			cases = append(cases, c)
		}
	}
	fmt.Fprintf(stdout, "contract cases of %s against %s, configuration %s\n", "openapi/openapi.yaml", o.baseURL, o.configID)
	start := time.Now()
	results, runErr := live.Run(ctx, cases, func(r contract.Result) { printResult(stdout, r) })
	rep := newReport(o, results, runErr, time.Since(start))
	fmt.Fprintln(stdout, rep.Summary.line())
	if runErr != nil {
		fmt.Fprintln(stderr, "intune-contract:", runErr)
	}
	if ctx.Err() != nil {
		fmt.Fprintln(stderr, "intune-contract: interrupted; the clean-up ran")
	}
	code := 0
	if rep.Summary.Failed > 0 || runErr != nil || ctx.Err() != nil {
		code = 1
	}
	if o.junit != "" {
		if err := rep.writeJUnit(o.junit); err != nil {
			fmt.Fprintln(stderr, "intune-contract:", err)
			code = 1
		}
	}
	if o.json != "" {
		if err := rep.writeJSON(o.json); err != nil {
			fmt.Fprintln(stderr, "intune-contract:", err)
			code = 1
		}
	}
	return code
}

func printResult(w io.Writer, r contract.Result) {
	switch r.Outcome {
	case contract.Passed:
		line := fmt.Sprintf("PASS  %s (%s)", r.Case, r.Duration.Round(time.Millisecond))
		if r.Message != "" {
			line += ": " + r.Message
		}
		fmt.Fprintln(w, line)
	case contract.Skipped:
		fmt.Fprintf(w, "SKIP  %s: %s\n", r.Case, r.Message)
	default:
		fmt.Fprintf(w, "FAIL  %s: %s\n", r.Case, strings.ReplaceAll(r.Message, "\n", "\n      "))
	}
}
