package spectest

import (
	"context"

	"github.com/specfirst/intune-assignments/server/store"
)

// FailingStore is a store.Store whose every method fails as Fail says: by
// returning its error, or by panicking.
type FailingStore struct {
	Fail func() error
}

var _ store.Store = FailingStore{}

// StoreFailing is a FailingStore whose every call returns err.
func StoreFailing(err error) FailingStore { return FailingStore{Fail: func() error { return err }} }

func (s FailingStore) List(context.Context, string, int, int) ([]store.Assignment, int, error) {
	return nil, 0, s.Fail()
}

func (s FailingStore) Get(context.Context, string, string) (store.Assignment, error) {
	return store.Assignment{}, s.Fail()
}

func (s FailingStore) Create(context.Context, string, store.Assignment) error { return s.Fail() }

func (s FailingStore) Update(context.Context, string, string, func(store.Assignment) (store.Assignment, error)) (store.Assignment, error) {
	return store.Assignment{}, s.Fail()
}

func (s FailingStore) Delete(context.Context, string, string) error { return s.Fail() }

func (s FailingStore) Replace(context.Context, string, []store.Assignment) error { return s.Fail() }
