package specgate_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

func TestParseAcknowledgements(t *testing.T) {
	const file = `# Acknowledged breaking changes

- prose before the first section is not an acknowledgement

    ## 9.0.0

    - nor is an indented example

## 3.0.0

Why 3.0.0 breaks.

- GET /a removed the thing
- components removed the schema 'x'

## 2.0.0
- POST /b added the required request property ` + "`y`" + `
`
	got, err := specgate.ParseAcknowledgements(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	want := specgate.Acknowledgements{
		{Major: 3}: {"GET /a removed the thing", "components removed the schema 'x'"},
		{Major: 2}: {"POST /b added the required request property `y`"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	for _, bad := range []string{"## Unreleased\n", "## 2.0.0\n## 2.0.0\n", "## v2.0.0\n## 2.0.0\n"} {
		if _, err := specgate.ParseAcknowledgements(strings.NewReader(bad)); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
}

func TestReadAcknowledgementsMissingFile(t *testing.T) {
	acks, err := specgate.ReadAcknowledgements(filepath.Join(t.TempDir(), "none.md"))
	if err != nil || len(acks) != 0 {
		t.Errorf("got %v, %v; want none", acks, err)
	}
}

// TestRepositoryAcknowledgements parses the repository's own file.
func TestRepositoryAcknowledgements(t *testing.T) {
	if _, err := specgate.ReadAcknowledgements("../../openapi/breaking-changes.md"); err != nil {
		t.Fatal(err)
	}
}
