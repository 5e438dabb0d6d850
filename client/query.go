package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
)

// odataQuery is the request editor of the calls with OData query options.
// The generated client writes each option as an HTML form does, with the
// '$' of its name escaped and spaces as '+' ("%24filter=id+eq+%27a%27").
// odataQuery rewrites the query the way Graph's documentation writes it,
// keeping the order of the options: the names keep their '$', spaces
// become %20 (a '+' stands for a space only in HTML forms; OData's URL
// conventions write %20), and the characters that expressions and lists are made of stay as they are
// ("$filter=id%20eq%20'a'&$select=id,target").
func odataQuery(_ context.Context, req *http.Request) error {
	if req.URL.RawQuery == "" {
		return nil
	}
	pairs := strings.Split(req.URL.RawQuery, "&")
	for i, pair := range pairs {
		rawName, rawValue, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return fmt.Errorf("query option %q: %w", rawName, err)
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return fmt.Errorf("query option %s: %w", name, err)
		}
		pairs[i] = escapeQuery(name) + "=" + escapeQuery(value)
	}
	req.URL.RawQuery = strings.Join(pairs, "&")
	return nil
}

// escapeQuery percent-encodes s for a query name or value. It keeps the
// unreserved characters of RFC 3986 and those sub-delimiters and
// separators that mean nothing to a query's parsing: $ ' ( ) * , : @ / !.
// Everything else is escaped, '&', '=', '+', ';', '#', '%' and the space
// among them.
func escapeQuery(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if keptInQuery(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&0xF])
	}
	return b.String()
}

func keptInQuery(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return strings.IndexByte("-._~$'()*,:@/!", c) >= 0
}
