package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"zkinfer.io/prover-native/internal/testutil"
)

// TestSharedLibrarySmoke drives the built libzkprover.so through its C ABI from C (testdata/smoke.c): the real
// exports, malloc'ed outputs, error messages, released handles, null pointers. It uses the library the Maven
// build produced (target/native/linux-x86_64) or ZKINFER_NATIVE_LIB, and skips when there is none or no C compiler.
func TestSharedLibrarySmoke(t *testing.T) {
	lib := os.Getenv("ZKINFER_NATIVE_LIB")
	if lib == "" {
		lib, _ = filepath.Abs("../../target/native/linux-x86_64/libzkprover.so")
	}
	if _, err := os.Stat(lib); err != nil {
		t.Skipf("no shared library at %s (build it first)", lib)
	}
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "smoke")
	if out, err := exec.Command(cc, "-O1", "-o", bin, "testdata/smoke.c", "-ldl").CombinedOutput(); err != nil {
		t.Fatalf("cc: %v\n%s", err, out)
	}
	c := testutil.FixedPoint(-100, 37)
	files := map[string][]byte{"ir": c.IR, "w": c.Witness(), "pw": c.PublicWitness()}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(bin, lib, filepath.Join(dir, "ir"), filepath.Join(dir, "w"), filepath.Join(dir, "pw"), dir)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "OK") {
		t.Fatalf("smoke: %v\n%s", err, out)
	}
}
