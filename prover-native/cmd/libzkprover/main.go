// Command libzkprover is built with -buildmode=c-shared into the one Go library the JVM loads.
// This file holds only the cgo exports (docs/native-abi.md); all logic lives in the packages under internal/.
//
// Every export recovers panics (status 6), copies its inputs before returning, and hands out malloc'ed outputs
// that the caller frees with zk_free. The Go runtime reads GOMAXPROCS, GOMEMLIMIT and GOGC from the environment
// when the library loads; the library installs no signal handler of its own (no signal.Notify).
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
*/
import "C"

import (
	"unsafe"

	"zkinfer.io/prover-native/internal/artifact"
	"zkinfer.io/prover-native/internal/engine"
	"zkinfer.io/prover-native/internal/zkerr"
)

var zkinferVersion = "dev"

func init() { artifact.SetZkinferVersion(zkinferVersion) }

func main() {}

// run executes fn under engine.Guard and stores the message of a failure in *err.
func run(errOut **C.char, fn func() error) C.int32_t {
	if errOut != nil {
		*errOut = nil
	}
	status, msg := engine.Guard(fn)
	if status != zkerr.OK && errOut != nil {
		*errOut = C.CString(msg)
	}
	return C.int32_t(status)
}

// in copies a caller buffer into Go memory.
func in(p *C.uint8_t, n C.int64_t) ([]byte, error) {
	if n < 0 {
		return nil, zkerr.New(zkerr.InvalidInput, "negative length %d", int64(n))
	}
	if n == 0 {
		return []byte{}, nil
	}
	if p == nil {
		return nil, zkerr.New(zkerr.InvalidInput, "null pointer with length %d", int64(n))
	}
	b := make([]byte, int64(n))
	copy(b, unsafe.Slice((*byte)(unsafe.Pointer(p)), int64(n)))
	return b, nil
}

// out hands b to the caller as a malloc'ed buffer.
func out(b []byte, outPtr **C.uint8_t, outLen *C.int64_t) error {
	if outPtr == nil || outLen == nil {
		return zkerr.New(zkerr.InvalidInput, "null output pointer")
	}
	p := C.malloc(C.size_t(len(b) + 1))
	if p == nil {
		return zkerr.New(zkerr.Internal, "malloc of %d bytes failed", len(b)+1)
	}
	if len(b) > 0 {
		C.memcpy(p, unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
	*outPtr = (*C.uint8_t)(p)
	*outLen = C.int64_t(len(b))
	return nil
}

func handleOut(h uint64, err error, dst *C.uint64_t) error {
	if err != nil {
		return err
	}
	if dst == nil {
		engine.Release(h)
		return zkerr.New(zkerr.InvalidInput, "null handle output pointer")
	}
	*dst = C.uint64_t(h)
	return nil
}

func bytesOut(b []byte, err error, outPtr **C.uint8_t, outLen *C.int64_t) error {
	if err != nil {
		return err
	}
	return out(b, outPtr, outLen)
}

//export zk_info
func zk_info(o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.Info()
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_compile
func zk_compile(ir *C.uint8_t, irLen C.int64_t, backend C.int32_t, flags C.int32_t, cs *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := in(ir, irLen)
		if e != nil {
			return e
		}
		h, e := engine.Compile(b, int32(backend), int32(flags))
		return handleOut(h, e, cs)
	})
}

//export zk_cs_info
func zk_cs_info(cs C.uint64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.CSInfo(uint64(cs))
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_setup_groth16
func zk_setup_groth16(cs C.uint64_t, pk *C.uint64_t, vk *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		if pk == nil || vk == nil {
			return zkerr.New(zkerr.InvalidInput, "null handle output pointer")
		}
		p, v, e := engine.SetupGroth16(uint64(cs))
		if e != nil {
			return e
		}
		*pk, *vk = C.uint64_t(p), C.uint64_t(v)
		return nil
	})
}

//export zk_setup_plonk
func zk_setup_plonk(cs C.uint64_t, srs C.uint64_t, pk *C.uint64_t, vk *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		if pk == nil || vk == nil {
			return zkerr.New(zkerr.InvalidInput, "null handle output pointer")
		}
		p, v, e := engine.SetupPlonk(uint64(cs), uint64(srs))
		if e != nil {
			return e
		}
		*pk, *vk = C.uint64_t(p), C.uint64_t(v)
		return nil
	})
}

//export zk_srs_from_ptau
func zk_srs_from_ptau(path *C.uint8_t, pathLen C.int64_t, srs *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		p, e := in(path, pathLen)
		if e != nil {
			return e
		}
		h, e := engine.SRSFromPtau(p)
		return handleOut(h, e, srs)
	})
}

//export zk_prove
func zk_prove(cs C.uint64_t, pk C.uint64_t, witness *C.uint8_t, witnessLen C.int64_t, flags C.int32_t, proof *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		w, e := in(witness, witnessLen)
		if e != nil {
			return e
		}
		h, e := engine.Prove(uint64(cs), uint64(pk), w, int32(flags))
		return handleOut(h, e, proof)
	})
}

//export zk_verify
func zk_verify(vk C.uint64_t, proof C.uint64_t, publicWitness *C.uint8_t, n C.int64_t, flags C.int32_t, err **C.char) C.int32_t {
	return run(err, func() error {
		w, e := in(publicWitness, n)
		if e != nil {
			return e
		}
		return engine.Verify(uint64(vk), uint64(proof), w, int32(flags))
	})
}

//export zk_write_file
func zk_write_file(obj C.uint64_t, path *C.uint8_t, pathLen C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		p, e := in(path, pathLen)
		if e != nil {
			return e
		}
		return engine.WriteFile(uint64(obj), p)
	})
}

//export zk_read_file
func zk_read_file(kind C.int32_t, path *C.uint8_t, pathLen C.int64_t, obj *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		p, e := in(path, pathLen)
		if e != nil {
			return e
		}
		h, e := engine.ReadFile(int32(kind), p)
		return handleOut(h, e, obj)
	})
}

// zk_read_file_bound reads an artifact whose whole-file SHA-256 (hex, 64 bytes) was recorded when it was written and
// validated: the file must hash to it, and gnark then skips its point checks (UnsafeReadFrom), which are ~95% of
// loading a proving key. Kinds other than the proving key decode as zk_read_file does.
//
//export zk_read_file_bound
func zk_read_file_bound(kind C.int32_t, path *C.uint8_t, pathLen C.int64_t, sha *C.uint8_t, shaLen C.int64_t,
	obj *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		p, e := in(path, pathLen)
		if e != nil {
			return e
		}
		s, e := in(sha, shaLen)
		if e != nil {
			return e
		}
		h, e := engine.ReadFileBound(int32(kind), p, string(s))
		return handleOut(h, e, obj)
	})
}

//export zk_serialize
func zk_serialize(obj C.uint64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.Serialize(uint64(obj))
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_deserialize
func zk_deserialize(kind C.int32_t, data *C.uint8_t, n C.int64_t, obj *C.uint64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := in(data, n)
		if e != nil {
			return e
		}
		h, e := engine.Deserialize(int32(kind), b)
		return handleOut(h, e, obj)
	})
}

//export zk_object_info
func zk_object_info(obj C.uint64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.ObjectInfo(uint64(obj))
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_export_solidity
func zk_export_solidity(vk C.uint64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.ExportSolidity(uint64(vk))
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_proof_solidity
func zk_proof_solidity(proof C.uint64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		b, e := engine.ProofSolidity(uint64(proof))
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_release
func zk_release(obj C.uint64_t) {
	defer func() { _ = recover() }()
	engine.Release(uint64(obj))
}

//export zk_free
func zk_free(p unsafe.Pointer) {
	C.free(p)
}

//export zk_ceremony_init
func zk_ceremony_init(cs C.uint64_t, req *C.uint8_t, reqLen C.int64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		r, e := in(req, reqLen)
		if e != nil {
			return e
		}
		b, e := engine.CeremonyInit(uint64(cs), r)
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_ceremony_contribute
func zk_ceremony_contribute(req *C.uint8_t, reqLen C.int64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		r, e := in(req, reqLen)
		if e != nil {
			return e
		}
		b, e := engine.CeremonyContribute(r)
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_ceremony_verify
func zk_ceremony_verify(cs C.uint64_t, req *C.uint8_t, reqLen C.int64_t, o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		r, e := in(req, reqLen)
		if e != nil {
			return e
		}
		b, e := engine.CeremonyVerify(uint64(cs), r)
		return bytesOut(b, e, o, oLen)
	})
}

//export zk_ceremony_finish
func zk_ceremony_finish(cs C.uint64_t, req *C.uint8_t, reqLen C.int64_t, pk *C.uint64_t, vk *C.uint64_t,
	o **C.uint8_t, oLen *C.int64_t, err **C.char) C.int32_t {
	return run(err, func() error {
		if pk == nil || vk == nil {
			return zkerr.New(zkerr.InvalidInput, "null handle output pointer")
		}
		r, e := in(req, reqLen)
		if e != nil {
			return e
		}
		p, v, b, e := engine.CeremonyFinish(uint64(cs), r)
		if e != nil {
			return e
		}
		if e := out(b, o, oLen); e != nil {
			engine.Release(p)
			engine.Release(v)
			return e
		}
		*pk, *vk = C.uint64_t(p), C.uint64_t(v)
		return nil
	})
}
