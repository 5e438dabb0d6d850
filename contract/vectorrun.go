package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/uuid"

	"github.com/specfirst/intune-assignments/internal/spectest"
)

// VectorRunner runs the cases of gen/vectors.gen.json against a live
// server: the Go runner, and the reference of what a runner in another
// language does with a case.
type VectorRunner struct {
	// Driver sends the requests to the version root (Driver.Base) and
	// checks every answer against the spec.
	Driver *spectest.Driver
	// Tokens are the bearer tokens of VectorFile.Tokens' kinds.
	Tokens map[string]string
}

// Run runs the case's set-up steps, its request, then its checks, and
// stops at the first step whose answer is not the expected one.
func (r VectorRunner) Run(ctx context.Context, v Vector) error {
	for i, s := range v.Setup {
		if err := r.Step(ctx, s); err != nil {
			return fmt.Errorf("set-up step %d (%s): %w", i+1, s.OperationID, err)
		}
	}
	if err := r.Step(ctx, v.Step); err != nil {
		return err
	}
	for i, s := range v.Then {
		if err := r.Step(ctx, s); err != nil {
			return fmt.Errorf("check step %d (%s): %w", i+1, s.OperationID, err)
		}
	}
	return nil
}

// Step sends one step and checks its answer.
func (r VectorRunner) Step(ctx context.Context, s Step) error {
	path := s.Path
	for name, value := range s.PathParams {
		path = strings.ReplaceAll(path, "{"+name+"}", url.PathEscape(value))
	}
	query := url.Values{}
	for name, value := range s.Query {
		query.Set(name, fmt.Sprint(value))
	}
	token, ok := r.Tokens[s.Token]
	if !ok && s.Token != TokenNone {
		return fmt.Errorf("no token of kind %q", s.Token)
	}
	res, err := r.Driver.Do(ctx, spectest.Request{
		Method: s.Method, Path: path, Query: query, Body: s.Body, ContentType: s.ContentType,
		Header: s.Headers, Token: token, Valid: s.Valid,
	})
	if err != nil {
		return err
	}
	return s.Expect.Check(res.Status, res.Header, res.Body, r.Driver.Base)
}

// Check requires an answer to be the expected one, under the MayDiffer
// rules; root is the version root URL the request was sent to.
func (e Expect) Check(status int, header http.Header, body []byte, root string) error {
	if status != e.Status {
		return fmt.Errorf("status %d, want %d; body: %s", status, e.Status, body)
	}
	for _, name := range e.Headers {
		if header.Get(name) == "" {
			return fmt.Errorf("the %d answer lacks its documented %s header", status, name)
		}
	}
	switch e.MediaType {
	case "":
		return nil
	case "text/plain":
		if got, want := strings.TrimSpace(string(body)), fmt.Sprint(e.Body); got != want {
			return fmt.Errorf("body %q, want %q", got, want)
		}
		return nil
	}
	var got any
	if err := json.Unmarshal(body, &got); err != nil {
		return fmt.Errorf("body is not JSON: %w: %s", err, body)
	}
	want := clone(e.Body)
	var problems []error
	for _, rule := range e.MayDiffer {
		if rule.Rule == RuleAnyOrder {
			if err := sortItems(got, rule); err != nil {
				problems = append(problems, fmt.Errorf("%s: %w", rule.Pointer, err))
			}
			if err := sortItems(want, rule); err != nil {
				return fmt.Errorf("the expected body at %s: %w", rule.Pointer, err)
			}
			continue
		}
		g, has := pointerGet(got, rule.Pointer)
		w, _ := pointerGet(want, rule.Pointer)
		if err := rule.check(g, has, w, header, root); err != nil {
			problems = append(problems, fmt.Errorf("%s: %w", rule.Pointer, err))
		}
		pointerRemove(got, rule.Pointer)
		pointerRemove(want, rule.Pointer)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		problems = append(problems, errors.New("body differs from the expected one (-expected +answer):\n"+diff))
	}
	return errors.Join(problems...)
}

// check applies the rule to got (has: got is present), the answer's value
// at the pointer; want is the expected body's value there.
func (r Rule) check(got any, has bool, want any, header http.Header, root string) error {
	s, isString := got.(string)
	switch r.Rule {
	case RuleAny:
		return nil
	case RuleDefault, RuleMetadataURL:
		if !has {
			return nil
		}
	}
	if !has {
		return errors.New("missing")
	}
	switch r.Rule {
	case RuleGUID:
		if _, err := uuid.Parse(s); !isString || err != nil {
			return fmt.Errorf("%v is not a GUID", got)
		}
	case RuleRootURL:
		if wantURL := strings.Replace(fmt.Sprint(want), specRoot, root, 1); s != wantURL {
			return fmt.Errorf("%v, want %s", got, wantURL)
		}
	case RuleMetadataURL:
		if !isString || !strings.HasPrefix(s, root+"/$metadata#") {
			return fmt.Errorf("%v is not a metadata URL on %s", got, root)
		}
	case RuleRequestID:
		if rid := header.Get("request-id"); !isString || s == "" || s != rid {
			return fmt.Errorf("%v, want the request-id header %q", got, rid)
		}
	case RuleDateTime:
		if _, err := time.Parse(time.RFC3339, s); !isString || err != nil {
			return fmt.Errorf("%v is not an RFC 3339 date-time", got)
		}
	case RuleNonEmpty:
		if !isString || s == "" {
			return fmt.Errorf("%v is not a non-empty string", got)
		}
	case RuleDefault:
		if !cmp.Equal(got, r.Value) {
			return fmt.Errorf("%v, want %v or nothing", got, r.Value)
		}
	default:
		return fmt.Errorf("unknown rule %q", r.Rule)
	}
	return nil
}

// sortItems sorts the array at an anyOrder rule's pointer in v by its
// items' member named by the rule's Value, in place.
func sortItems(v any, r Rule) error {
	found, has := pointerGet(v, r.Pointer)
	items, isArray := found.([]any)
	if !has || !isArray {
		return fmt.Errorf("%v is not an array", found)
	}
	member := fmt.Sprint(r.Value)
	for _, item := range items {
		if _, ok := asObject(item)[member].(string); !ok {
			return fmt.Errorf("an item without a string %q: %v", member, item)
		}
	}
	slices.SortStableFunc(items, func(x, y any) int {
		return strings.Compare(asObject(x)[member].(string), asObject(y)[member].(string))
	})
	return nil
}

// pointerGet is the value at an RFC 6901 pointer, and whether it exists.
func pointerGet(v any, pointer string) (any, bool) {
	for _, token := range pointerTokens(pointer) {
		switch node := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = node[token]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(node) {
				return nil, false
			}
			v = node[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// pointerRemove deletes the object member at pointer, where it exists.
func pointerRemove(v any, pointer string) {
	tokens := pointerTokens(pointer)
	if len(tokens) == 0 {
		return
	}
	parent, ok := pointerGet(v, "/"+strings.Join(escapeAll(tokens[:len(tokens)-1]), "/"))
	if len(tokens) == 1 {
		parent, ok = v, true
	}
	if obj, isObj := parent.(map[string]any); ok && isObj {
		delete(obj, tokens[len(tokens)-1])
	}
}

func pointerTokens(pointer string) []string {
	if pointer == "" {
		return nil
	}
	tokens := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens
}

func escapeAll(tokens []string) []string {
	out := make([]string, len(tokens))
	for i, t := range tokens {
		out[i] = pointerEscape(t)
	}
	return out
}
