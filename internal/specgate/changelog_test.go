package specgate_test

import (
	"strings"
	"testing"

	"github.com/specfirst/intune-assignments/internal/specgate"
)

func TestUpdateChangelog(t *testing.T) {
	const existing = "# Changelog\n\nIntro.\n\n## 2.0.0\n\nOld 2.0.0.\n\n## 1.0.0\n\nFirst.\n"
	tests := []struct {
		name, changelog, section, want string
	}{{
		name:      "a new file gets the header",
		changelog: "",
		section:   "## 1.0.0\n\nFirst.\n\n\n",
		want:      "# Changelog\n",
	}, {
		name:      "a new version goes above the newest",
		changelog: existing,
		section:   "## 3.0.0\n\nNew.",
		want:      "# Changelog\n\nIntro.\n\n## 3.0.0\n\nNew.\n\n## 2.0.0\n\nOld 2.0.0.\n\n## 1.0.0\n\nFirst.\n",
	}, {
		name:      "a known version is replaced in place",
		changelog: existing,
		section:   "## 2.0.0\n\nNew 2.0.0.\n",
		want:      "# Changelog\n\nIntro.\n\n## 2.0.0\n\nNew 2.0.0.\n\n## 1.0.0\n\nFirst.\n",
	}, {
		name:      "the oldest version is replaced at the end",
		changelog: existing,
		section:   "## 1.0.0\n\nFirst, again.\n",
		want:      "# Changelog\n\nIntro.\n\n## 2.0.0\n\nOld 2.0.0.\n\n## 1.0.0\n\nFirst, again.\n",
	}, {
		name:      "a changelog without sections gets one at the end",
		changelog: "# Changelog\n\nIntro.\n\n",
		section:   "## 1.0.0\n\nFirst.\n",
		want:      "# Changelog\n\nIntro.\n\n## 1.0.0\n\nFirst.\n",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := specgate.UpdateChangelog([]byte(tt.changelog), []byte(tt.section))
			if err != nil {
				t.Fatal(err)
			}
			if tt.changelog == "" {
				if !strings.HasPrefix(string(got), tt.want) || !strings.HasSuffix(string(got), "\n\n## 1.0.0\n\nFirst.\n") {
					t.Errorf("got\n%s", got)
				}
				return
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
	if _, err := specgate.UpdateChangelog(nil, []byte("# Not a section\n")); err == nil {
		t.Error("a section without a ## heading was merged")
	}
}
