package soak

import (
	"errors"
	"time"
)

// Options bound and shape a soak run.
type Options struct {
	// Emulator is the emulator binary; "" builds ./cmd/intune-emulator of
	// the module the working directory is in.
	Emulator string
	// Duration is how long the workload runs.
	Duration time.Duration
	// RestartEvery is the time between kills; each falls half a
	// SampleEvery before a sample, so that samples and restarts alternate.
	RestartEvery time.Duration
	// SampleEvery is the time between samples of the process.
	SampleEvery time.Duration
	// WarmUp is how long after each start a sample is still warming up,
	// and left out of the settle check.
	WarmUp time.Duration
	// Workers is the number of concurrent clients.
	Workers int
	// Configurations is the number of configurations the workload uses.
	Configurations int
	// ThrottleWindow is the window of the emulator's Intune throttling
	// profile; shorter than Intune's 20 s, it lets the workload go faster
	// while still being throttled.
	ThrottleWindow time.Duration
	// Seed makes the workload's and the fault rules' random draws repeatable.
	Seed uint64
}

// DefaultOptions are make soak's: ten minutes, a kill every three.
func DefaultOptions() Options {
	return Options{
		Duration:       10 * time.Minute,
		RestartEvery:   3 * time.Minute,
		SampleEvery:    time.Minute,
		WarmUp:         time.Minute,
		Workers:        8,
		Configurations: 4,
		ThrottleWindow: 2 * time.Second,
		Seed:           1,
	}
}

func (o Options) validate() error {
	switch {
	case o.Duration <= 0 || o.RestartEvery <= 0 || o.SampleEvery <= 0 || o.ThrottleWindow <= 0:
		return errors.New("the duration, the restart and sample intervals and the throttle window must be positive")
	case o.WarmUp < 0:
		return errors.New("the warm-up must not be negative")
	case o.SampleEvery > o.Duration || o.RestartEvery > o.Duration:
		return errors.New("the sample and restart intervals must not exceed the duration")
	case o.Workers < 1 || o.Configurations < 1:
		return errors.New("there must be at least one worker and one configuration")
	}
	return nil
}
