#!/bin/sh
# present-once.sh BUILD_DIR writes BUILD_DIR/wasm.mod (with wasm.sum), a
# `go build -modfile` that builds the page with one line of Ebitengine
# changed: a changed screen is presented once instead of four times. The
# changed copy of the module is BUILD_DIR/ebiten (Go refuses overlays of
# files in the module cache, so the module is copied and replaced).
#
# Why: the page redraws what changed twice a second, and Ebitengine then
# presents the screen on the next four frames (internal/ui/context.go,
# maxSkipCount = 4, meant for native swap chains with several buffers).
# In a browser the canvas keeps its last frame when nothing is drawn, so
# the three later presents show nothing new, yet each is a full-canvas
# draw and composite. With software WebGL (SwiftShader) on two cores they
# cost the GPU process 7.5-10.4 ms of CPU per frame against 3.3-5.2 ms
# presenting once (BENCHMARKS.md, "Presenting once").
#
# A second change: internal/debug looks up Ebitengine's source directory
# with go/build, for debug logs (ebitenginedebug) only; in a browser there
# is no Go tree, so the lookup always fails. Without it, go/build (and
# go/doc, os/exec...) no longer link into main.wasm: 130,500 bytes less
# gzip-compressed (4,961,737 -> 4,831,237 for main.wasm on 2026-12-03), room
# under dist/'s 5 MB budget. The debug logs lose only the caller's file.
#
# The changes are made with sed on a copy of the module cache's, so it follows
# the Ebitengine version in go.mod; if that line ever changes, the build
# stops here and says so (for either change), rather than build a page that silently differs.
set -eu
build=$1
go=${GO:-go}
mod=github.com/hajimehoshi/ebiten/v2
$go mod download $mod
dir=$($go list -m -f '{{.Dir}}' $mod)
src=$dir/internal/ui/context.go
line='	const maxSkipCount = 4'
if [ "$(grep -cxF "$line" "$src")" != 1 ]; then
	echo "wasm/ebiten/present-once.sh: $src no longer has the line" >&2
	echo "  '$line' once: look at how this Ebitengine version skips presents," >&2
	echo "  then update or remove the overlay (see the comment in this script)." >&2
	exit 1
fi
caller=$dir/internal/debug/caller.go
if [ "$(grep -c 'build.Default.Import(\|ebitengineFileDir = filepath.ToSlash(pkg.Dir)\|^	"go/build"$' "$caller")" != 3 ]; then
	echo "wasm/ebiten/present-once.sh: $caller no longer looks up its directory" >&2
	echo "  with go/build as expected: update or remove that change." >&2
	exit 1
fi
mkdir -p "$build"
abs=$(cd "$build" && pwd)
rm -rf "$abs/ebiten"
cp -R "$dir" "$abs/ebiten"
chmod -R u+w "$abs/ebiten"
sed -i "s/^	const maxSkipCount = 4\$/	const maxSkipCount = 1/" "$abs/ebiten/internal/ui/context.go"
patched=$abs/ebiten/internal/debug/caller.go
before=$(wc -l <"$patched")
sed -i -e '/pkg, err := build.Default.Import(/,/ebitengineFileDir = filepath.ToSlash(pkg.Dir)/d' \
	-e '/^	"go\/build"$/d' "$patched"
# Exactly the import and the lookup's five lines, and no go/build left.
if [ $((before - $(wc -l <"$patched"))) != 6 ] || grep -q 'go/build\|build\.' "$patched"; then
	echo "wasm/ebiten/present-once.sh: $caller changed around its go/build lookup:" >&2
	echo "  update or remove that change (see the comment in this script)." >&2
	exit 1
fi
cp go.mod "$abs/wasm.mod"
cp go.sum "$abs/wasm.sum"
# A relative path (from the module's root, where make runs), so that the
# paths recorded in main.wasm, and so its size, do not depend on where the
# repository was cloned.
printf '\nreplace %s => ./%s/ebiten\n' "$mod" "$build" >> "$abs/wasm.mod"
