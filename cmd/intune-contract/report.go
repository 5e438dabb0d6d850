package main

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/specfirst/intune-assignments/contract"
)

// report is what a run found, as the JSON report writes it.
type report struct {
	BaseURL  string       `json:"baseUrl"`
	ConfigID string       `json:"configId"`
	Writes   bool         `json:"allowWrites"`
	Assign   bool         `json:"allowAssign"`
	Summary  summary      `json:"summary"`
	Cases    []caseResult `json:"cases"`
	// CleanUp is the failure of the set-up or clean-up, if any.
	CleanUp string `json:"cleanUpError,omitempty"`
	elapsed time.Duration
}

type summary struct {
	Total   int `json:"total"`
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	Skipped int `json:"skipped"`
}

func (s summary) line() string {
	return fmt.Sprintf("%d cases: %d passed, %d failed, %d skipped", s.Total, s.Passed, s.Failed, s.Skipped)
}

type caseResult struct {
	contract.Result
	DurationMS float64 `json:"durationMs"`
}

func newReport(o options, results []contract.Result, runErr error, elapsed time.Duration) report {
	rep := report{BaseURL: o.baseURL, ConfigID: o.configID, Writes: o.allowWrites, Assign: o.allowAsgn, elapsed: elapsed, Cases: []caseResult{}}
	for _, r := range results {
		rep.Cases = append(rep.Cases, caseResult{Result: r, DurationMS: float64(r.Duration.Microseconds()) / 1000})
		rep.Summary.Total++
		switch r.Outcome {
		case contract.Passed:
			rep.Summary.Passed++
		case contract.Failed:
			rep.Summary.Failed++
		default:
			rep.Summary.Skipped++
		}
	}
	if runErr != nil {
		rep.CleanUp = runErr.Error()
	}
	return rep
}

func (rep report) writeJSON(path string) error {
	raw, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(raw, '\n'), 0o644)
}

// The JUnit XML shape CI servers read (Jenkins, GitLab, GitHub actions).
type junitSuites struct {
	XMLName xml.Name     `xml:"testsuites"`
	Suites  []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Error     *junitMessage `xml:"error,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.3f", d.Seconds()) }

func (rep report) writeJUnit(path string) error {
	suite := junitSuite{
		Name:     "intune-contract " + rep.BaseURL,
		Tests:    rep.Summary.Total,
		Failures: rep.Summary.Failed,
		Skipped:  rep.Summary.Skipped,
		Time:     seconds(rep.elapsed),
	}
	for _, c := range rep.Cases {
		jc := junitCase{Name: c.Case, Classname: "contract." + c.Operation, Time: seconds(c.Duration)}
		first, _, _ := strings.Cut(c.Message, "\n")
		switch c.Outcome {
		case contract.Failed:
			jc.Failure = &junitMessage{Message: first, Text: c.Message}
		case contract.Skipped:
			jc.Skipped = &junitMessage{Message: c.Message}
		}
		suite.Cases = append(suite.Cases, jc)
	}
	if rep.CleanUp != "" {
		suite.Tests++
		suite.Errors++
		first, _, _ := strings.Cut(rep.CleanUp, "\n")
		suite.Cases = append(suite.Cases, junitCase{Name: "clean-up", Classname: "contract.run", Time: "0.000",
			Error: &junitMessage{Message: first, Text: rep.CleanUp}})
	}
	raw, err := xml.MarshalIndent(junitSuites{Suites: []junitSuite{suite}}, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append([]byte(xml.Header), append(raw, '\n')...), 0o644)
}
