package spectest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// RewriteJSON wraps a server so that edit changes every JSON object it
// answers with: a server broken on purpose, for a test that requires the
// break to be reported.
func RewriteJSON(edit func(obj map[string]any)) func(http.Handler) http.Handler {
	return func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, r)
			body := rec.Body.Bytes()
			var obj map[string]any
			if json.Unmarshal(body, &obj) == nil {
				edit(obj)
				body, _ = json.Marshal(obj)
			}
			for k, v := range rec.Header() {
				w.Header()[k] = v
			}
			w.Header().Set("Content-Length", strconv.Itoa(len(body)))
			w.WriteHeader(rec.Code)
			_, _ = w.Write(body)
		})
	}
}

// Breaks are the ways a server can be broken on purpose with RewriteJSON,
// by name: the contract runs of every language must fail against each.
var Breaks = map[string]func(obj map[string]any){
	// bare-type writes every @odata.type without its leading '#', the
	// spelling the spec accepts in requests but no answer uses.
	"bare-type": bareODataType,
	// drop-target leaves the target out of an assignment answered alone.
	"drop-target": func(obj map[string]any) { delete(obj, "target") },
}

func bareODataType(obj map[string]any) {
	EachObject(obj, func(o map[string]any) {
		if name, ok := o["@odata.type"].(string); ok {
			o["@odata.type"] = strings.TrimPrefix(name, "#")
		}
	})
}

// EachObject calls fn with every JSON object in v, v itself included,
// parents before their members.
func EachObject(v any, fn func(obj map[string]any)) {
	switch v := v.(type) {
	case map[string]any:
		fn(v)
		for _, e := range v {
			EachObject(e, fn)
		}
	case []any:
		for _, e := range v {
			EachObject(e, fn)
		}
	}
}
