package artifact

import (
	"os"
	"regexp"
	"testing"
)

// The fallback gnark version equals the one go.mod requires, and the build information agrees.
func TestGnarkVersionMatchesGoMod(t *testing.T) {
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`github.com/consensys/gnark (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("gnark not required in go.mod")
	}
	if string(m[1]) != GnarkFallbackVersion {
		t.Fatalf("GnarkFallbackVersion %s, go.mod requires %s", GnarkFallbackVersion, m[1])
	}
	if GnarkVersion() != GnarkFallbackVersion {
		t.Fatalf("build information says gnark %s, go.mod %s", GnarkVersion(), m[1])
	}
}
