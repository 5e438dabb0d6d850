package loadbench

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// MemStatus is a process's memory use as Linux reports it in
// /proc/PID/status.
type MemStatus struct {
	// RSS is VmRSS in bytes: what is resident now.
	RSS uint64
	// HWM is VmHWM in bytes: the most that was ever resident.
	HWM uint64
}

// ReadMemStatus reads the memory use of the process pid.
func ReadMemStatus(pid int) (MemStatus, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return MemStatus{}, fmt.Errorf("read the memory use of process %d: %w", pid, err)
	}
	defer f.Close()
	m, err := parseMemStatus(f)
	if err != nil {
		return MemStatus{}, fmt.Errorf("process %d: %w", pid, err)
	}
	return m, nil
}

// parseMemStatus reads the VmRSS and VmHWM lines, e.g. "VmRSS:   12345 kB".
func parseMemStatus(r io.Reader) (MemStatus, error) {
	var m MemStatus
	fields := map[string]*uint64{"VmRSS": &m.RSS, "VmHWM": &m.HWM}
	found := 0
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		dst := fields[name]
		if !ok || dst == nil {
			continue
		}
		n, err := parseKB(value)
		if err != nil {
			return MemStatus{}, fmt.Errorf("%s: %w", name, err)
		}
		*dst = n
		found++
	}
	if err := sc.Err(); err != nil {
		return MemStatus{}, fmt.Errorf("read status: %w", err)
	}
	if found != len(fields) {
		return MemStatus{}, fmt.Errorf("status has no VmRSS or no VmHWM line")
	}
	return m, nil
}

// parseKB reads " 12345 kB" as bytes; the kernel's kB is 1024 bytes.
func parseKB(s string) (uint64, error) {
	num, unit, _ := strings.Cut(strings.TrimSpace(s), " ")
	if strings.TrimSpace(unit) != "kB" {
		return 0, fmt.Errorf("value %q is not in kB", strings.TrimSpace(s))
	}
	n, err := strconv.ParseUint(num, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("value %q: %w", strings.TrimSpace(s), err)
	}
	return n * 1024, nil
}
