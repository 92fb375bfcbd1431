package browsertest

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// chromiumCPU is the CPU time, in clock ticks (1/100 s), that this test
// process's Chromium children have used so far, by process type
// ("renderer", "gpu", "browser", "other"), read from Linux's /proc; nil
// elsewhere. Unlike frames per second, CPU time per frame hardly depends
// on what else the machine runs, so it compares builds on a busy machine
// (BENCHMARKS.md, "Presenting once").
func chromiumCPU() map[string]int64 {
	dirs, _ := filepath.Glob("/proc/[0-9]*")
	if len(dirs) == 0 {
		return nil
	}
	parent := map[int]int{}
	ticks := map[int]int64{}
	kind := map[int]string{}
	for _, d := range dirs {
		pid, err := strconv.Atoi(filepath.Base(d))
		if err != nil {
			continue
		}
		b, err := os.ReadFile(d + "/stat")
		if err != nil {
			continue
		}
		// Fields after the command name, which may hold spaces: state,
		// ppid, … utime is the 14th field of the line, stime the 15th.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(f) < 13 {
			continue
		}
		parent[pid], _ = strconv.Atoi(f[1])
		ut, _ := strconv.ParseInt(f[11], 10, 64)
		st, _ := strconv.ParseInt(f[12], 10, 64)
		ticks[pid] = ut + st
		cmd, _ := os.ReadFile(d + "/cmdline")
		switch c := string(cmd); {
		case strings.Contains(c, "--type=gpu-process"):
			kind[pid] = "gpu"
		case strings.Contains(c, "--type=renderer"):
			kind[pid] = "renderer"
		case strings.Contains(c, "--type="):
			kind[pid] = "other"
		default:
			kind[pid] = "browser"
		}
	}
	me := os.Getpid()
	out := map[string]int64{}
	for pid, t := range ticks {
		for p := parent[pid]; p > 1; p = parent[p] {
			if p == me {
				out[kind[pid]] += t
				break
			}
		}
	}
	return out
}

// loadAverage is the machine's 1-minute load average, or "?" where
// /proc/loadavg is missing.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}
