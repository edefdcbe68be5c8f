// Package engine implements the operations behind the C ABI (docs/native-abi.md) on plain Go values: a handle
// table of live objects and one function per export. cmd/libzkprover only converts C arguments and results.
package engine

import (
	"fmt"
	"runtime/debug"
	"sync"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/zkerr"
)

// handles maps live handles to objects. Handles are never reused, so a released or unknown handle is an error,
// never another object.
var handles = struct {
	sync.RWMutex
	m    map[uint64]*artifact.Object
	next uint64
}{m: map[uint64]*artifact.Object{}}

func put(o *artifact.Object) uint64 {
	handles.Lock()
	defer handles.Unlock()
	handles.next++
	handles.m[handles.next] = o
	return handles.next
}

// get returns the object of handle h, which must be of kind want (if want is not 0).
func get(h uint64, want artifact.Kind, role string) (*artifact.Object, error) {
	handles.RLock()
	o, ok := handles.m[h]
	handles.RUnlock()
	if !ok {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: unknown or released handle %d", role, h)
	}
	if want != 0 && o.Kind != want {
		return nil, zkerr.New(zkerr.InvalidInput, "%s: handle %d is a %s, expected a %s", role, h, artifact.KindName(o.Kind, o.Backend), want)
	}
	return o, nil
}

// Release drops handle h; unknown handles are ignored.
func Release(h uint64) {
	handles.Lock()
	defer handles.Unlock()
	delete(handles.m, h)
}

// LiveHandles is the number of live handles (for tests and leak checks).
func LiveHandles() int {
	handles.RLock()
	defer handles.RUnlock()
	return len(handles.m)
}

// Guard runs fn, turning a panic into an INTERNAL error, and returns the status and message of its error.
func Guard(fn func() error) (status zkerr.Status, msg string) {
	defer func() {
		if r := recover(); r != nil {
			status = zkerr.Internal
			msg = fmt.Sprintf("internal error (recovered panic): %v\n%s", r, debug.Stack())
		}
	}()
	err := fn()
	if err == nil {
		return zkerr.OK, ""
	}
	return zkerr.StatusOf(err), err.Error()
}
