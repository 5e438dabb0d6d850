package spectest

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
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
