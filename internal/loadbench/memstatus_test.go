package loadbench

import (
	"os"
	"strings"
	"testing"
)

func TestParseMemStatus(t *testing.T) {
	const status = "Name:\tintune-emulator\nVmPeak:\t 1300000 kB\nVmHWM:\t   20480 kB\nVmRSS:\t   10240 kB\nThreads:\t8\n"
	m, err := parseMemStatus(strings.NewReader(status))
	if err != nil {
		t.Fatal(err)
	}
	if want := (MemStatus{RSS: 10240 * 1024, HWM: 20480 * 1024}); m != want {
		t.Errorf("got %+v, want %+v", m, want)
	}

	for name, bad := range map[string]string{
		"no VmHWM":   "VmRSS:\t 1 kB\n",
		"not kB":     "VmRSS:\t 1 MB\nVmHWM:\t 1 kB\n",
		"not number": "VmRSS:\t x kB\nVmHWM:\t 1 kB\n",
	} {
		if _, err := parseMemStatus(strings.NewReader(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestReadMemStatusSelf reads this test's own status: the peak is at least
// what is resident now, and both are plausible for a Go test binary.
func TestReadMemStatusSelf(t *testing.T) {
	m, err := ReadMemStatus(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if m.RSS < 1<<20 || m.RSS > 1<<34 || m.HWM < m.RSS {
		t.Errorf("implausible memory use: %+v", m)
	}
}
