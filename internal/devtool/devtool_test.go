package devtool

import (
	"errors"
	"strings"
	"testing"
)

func TestContract(t *testing.T) {
	var out strings.Builder
	var code int
	oldStderr, oldExit := stderr, exit
	stderr, exit = &out, func(c int) { code = c }
	defer func() { stderr, exit = oldStderr, oldExit }()

	Check("tool", nil)
	if code != 0 || out.Len() != 0 {
		t.Errorf("Check(nil): exit %d, wrote %q; want nothing", code, out.String())
	}
	Check("tool", errors.New("disk full"))
	if code != 1 || out.String() != "tool: disk full\n" {
		t.Errorf("Check(err): exit %d, wrote %q; want 1 and \"tool: disk full\"", code, out.String())
	}
	out.Reset()
	Usagef("tool", "-n %d: want at least 1", 0)
	if code != 2 || out.String() != "tool: -n 0: want at least 1\n" {
		t.Errorf("Usagef: exit %d, wrote %q", code, out.String())
	}
}
