package loadbench

import (
	"fmt"
	"net"
)

// FreeAddr returns a loopback address whose port was free a moment ago, to
// hand to a child server. Another process could take the port in between;
// the child then fails to listen, and WaitReady reports its exit.
func FreeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	addr := ln.Addr().String()
	if err := ln.Close(); err != nil {
		return "", fmt.Errorf("find a free port: %w", err)
	}
	return addr, nil
}
