// Package zkerr holds the status codes of the C ABI (docs/native-abi.md) and the error type that carries one.
package zkerr

import (
	"errors"
	"fmt"
)

// Status is a C ABI status code.
type Status int32

// The status codes of docs/native-abi.md.
const (
	OK               Status = 0
	InvalidInput     Status = 1
	ArtifactMismatch Status = 2
	IO               Status = 3
	ProofInvalid     Status = 4
	Unsatisfied      Status = 5
	Internal         Status = 6
)

// Error is an error with a status code.
type Error struct {
	Status Status
	Msg    string
	Err    error
}

func (e *Error) Error() string {
	if e.Err != nil && e.Msg == "" {
		return e.Err.Error()
	}
	if e.Err != nil {
		return e.Msg + ": " + e.Err.Error()
	}
	return e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// New returns an error with status s and a formatted message.
func New(s Status, format string, args ...any) error {
	return &Error{Status: s, Msg: fmt.Sprintf(format, args...)}
}

// Wrap returns err with status s and a prefix message (err's own status, if any, is replaced).
func Wrap(s Status, err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &Error{Status: s, Msg: fmt.Sprintf(format, args...), Err: err}
}

// StatusOf returns the status of err: OK for nil, the carried status, or Internal for an error without one.
func StatusOf(err error) Status {
	if err == nil {
		return OK
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Status
	}
	return Internal
}
