# The wake-sleep lab: build, serve and test the web demo and the Go engine.
#
#   make serve   build dist/, then serve it on http://localhost:8080
#   make test    every test: vet, native, js/wasm under Node, real browser
#   make dist    the self-contained static site in dist/ (any host, any sub-path)
#   make wasm    build/main.wasm only
#   make assets  regenerate the embedded data (assets/)
#   make bench   engine benchmarks
#   make clean   remove dist/ and build/

GO      ?= go
GOROOT  := $(shell $(GO) env GOROOT)
DIST    := dist
BUILD   := build
ADDR    ?= :8080
# Everything dist/ serves, gzip-compressed, must fit in this many bytes (5 MB).
BUDGET  := 5000000
# 11 is the smallest .br (about 0.25 MB under 9 for main.wasm) and the slowest
# (half a minute); `make serve BROTLI_QUALITY=5` for quick rebuilds.
BROTLI_QUALITY ?= 11

WEB_FILES := index.html embed.html embed-snippet.html loader.js page.css snippet.js favicon.svg poster.webp
WASM_EXEC := $(GOROOT)/lib/wasm/wasm_exec.js
# Runs a js/wasm test binary under Node.
GO_JS_WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
# Packages whose tests also run as js/wasm under Node.
WASM_TEST_PKGS := ./engine ./internal/dataset
BROWSER_TEST_PKG := ./internal/browsertest

# actionlint checks .github/workflows/ in make test. `go run pkg@version`
# builds it as its own module (checked against sum.golang.org), so its 14
# dependencies stay out of go.mod and go.sum; a `tool` directive would add
# them all to the build list, and raise x/net and x/sys for everything.
ACTIONLINT := $(GO) run github.com/rhysd/actionlint/cmd/actionlint@v1.7.12

.PHONY: dist serve wasm assets test test-native test-wasm test-browser test-actions check-readme bench clean

dist: wasm
	rm -rf $(DIST).tmp && mkdir -p $(DIST).tmp
	cp $(addprefix web/,$(WEB_FILES)) $(WASM_EXEC) $(BUILD)/main.wasm $(DIST).tmp/
	chmod 644 $(DIST).tmp/*
	@# The loader needs main.wasm's real size for an honest progress bar
	@# (with gzip, Content-Length is the compressed size), and its hash to
	@# bust caches when it changes.
	size=$$(wc -c < $(DIST).tmp/main.wasm) && \
	gzsize=$$(gzip -9 -n -c $(DIST).tmp/main.wasm | wc -c) && \
	version=$$(sha256sum $(DIST).tmp/main.wasm | cut -c1-16) && \
	sed -i -e "s/@WASM_SIZE@/$$size/" -e "s/@WASM_GZIP@/$$gzsize/" -e "s/@WASM_VERSION@/$$version/" $(DIST).tmp/loader.js
	gzip -9 -k -n $(DIST).tmp/*
	if command -v brotli >/dev/null; then brotli -k -q $(BROTLI_QUALITY) $$(ls $(DIST).tmp/* | grep -v '\.gz$$'); \
	else echo "brotli not installed: dist/ gets .gz files only"; fi
	rm -rf $(DIST) && mv $(DIST).tmp $(DIST)
	@raw=0; gz=0; \
	for f in $(DIST)/*; do \
	  case $$f in *.gz|*.br) continue;; esac; \
	  raw=$$((raw + $$(wc -c < $$f))); gz=$$((gz + $$(wc -c < $$f.gz))); \
	done; \
	echo "dist/: $$raw bytes raw, $$gz bytes gzip-compressed (budget $(BUDGET))"; \
	if [ $$gz -gt $(BUDGET) ]; then \
	  echo "dist/ is $$gz bytes gzip-compressed, over the $(BUDGET)-byte budget: look at what main.wasm links" >&2; \
	  exit 1; \
	fi

# The page is built with one line of Ebitengine changed (a copy replaces it):
# a changed screen is presented once, not four times (wasm/ebiten/).
wasm:
	mkdir -p $(BUILD)
	GO=$(GO) sh wasm/ebiten/present-once.sh $(BUILD)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -modfile $(BUILD)/wasm.mod -o $(BUILD)/main.wasm ./wasm

serve: dist
	$(GO) run ./internal/static/cmd/serve -dir $(DIST) -addr $(ADDR)

# The embedded MNIST subsets, then the pretrained models: trained by the
# command-line tool with fixed seeds into build/models/*.json, converted to
# the page's compact format in assets/models/ (the JSON files are rewritten
# rounded, so `wakesleep eval -model build/models/X.json` and the page
# compute with the same numbers; the tool also reads the .wshm files).
# The bars machine is the one `wakesleep paper bars` reports;
# digits (784-200-50 with lateral connections in its hidden layers,
# pretrained by wake-sleep, then reweighted wake-sleep with K = 5) is the
# page's default digits machine, the best-dreaming one tried (README,
# "Dreams, measured"); digits-150-150-50 (no laterals, the default until
# 2026-12-04) is the deeper one offered beside it (key k).
# About 10 minutes on 2 cores.
MODELS := $(BUILD)/models
WAKESLEEP := $(BUILD)/wakesleep
assets:
	$(GO) run ./internal/mkassets
	$(GO) build -o $(WAKESLEEP) ./cmd/wakesleep
	mkdir -p $(MODELS)
	$(WAKESLEEP) train -data digits -layers 784,200,50 -lateral -epochs 20 -rate 0.05 -rate-final 0.001 -seed 1 \
	  -pictures=false -o $(MODELS)/digits.json
	$(WAKESLEEP) train -init $(MODELS)/digits.json -algorithm rws -k 5 -epochs 12 -rate 0.02 -rate-final 0.001 -seed 1
	$(WAKESLEEP) train -data digits -layers 784,150,150,50 -epochs 20 -rate 0.05 -rate-final 0.001 -seed 1 -pictures=false \
	  -o $(MODELS)/digits-150-150-50.json
	$(WAKESLEEP) paper bars -seed 1 -quiet -out $(MODELS)
	for c in 0 1 2 3 4 5 6 7 8 9; do \
	  $(WAKESLEEP) train -data digits -class $$c -layers 784,24,8 -epochs 20 -rate 0.03 -rate-final 0.003 \
	    -init-scale 0.01 -seed 1 -pictures=false -o $(MODELS)/digit$$c.json || exit 1; \
	done
	$(GO) run ./internal/mkassets -models $(MODELS)/digits.json $(MODELS)/digits-150-150-50.json $(MODELS)/bars.json $(foreach c,0 1 2 3 4 5 6 7 8 9,$(MODELS)/digit$(c).json)
	$(GO) run ./internal/dreamscore/cmd/train-classifier -seed 1 -o assets/classifier/digits-mlp.wscl

test: dist
	$(MAKE) test-native test-wasm test-actions test-browser

# Every package natively but the browser tests, which run last, on their own.
test-native:
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(GO) test $$($(GO) list ./... | grep -v '/internal/browsertest$$')

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -exec="$(GO_JS_WASM_EXEC)" $(WASM_TEST_PKGS)

# The GitHub Actions workflows (the Pages deployment), checked by actionlint.
test-actions:
	$(ACTIONLINT)

# Needs dist/ (make dist) and /usr/bin/chromium. Screenshots go to
# $$WAKESLEEP_SCREENSHOTS or build/screenshots/.
test-browser:
	$(GO) test -count=1 -v -timeout 10m $(BROWSER_TEST_PKG)

# Engine benchmarks (go test -bench: the kernels, the full step, the page's
# sampling calls) natively and as js/wasm under Node, then `wakesleep bench`
# on 784-200-50: online natively, mini-batch 100 natively, online in js/wasm.
# BENCHTIME=5s BENCHCOUNT=6 for steadier figures (benchstat compares runs).
bench:
	$(GO) test -run '^$$' -bench . -benchtime $${BENCHTIME:-1s} -count $${BENCHCOUNT:-1} ./engine
	GOOS=js GOARCH=wasm $(GO) test -exec="$(GO_JS_WASM_EXEC)" -run '^$$' -bench . -benchtime $${BENCHTIME:-1s} -count $${BENCHCOUNT:-1} ./engine
	$(GO) run ./cmd/wakesleep bench -layers 784,200,50 -batch 1
	$(GO) run ./cmd/wakesleep bench -layers 784,200,50 -batch 100
	GOOS=js GOARCH=wasm $(GO) run -exec="$(GO_JS_WASM_EXEC)" ./cmd/wakesleep bench -layers 784,200,50 -batch 1

# The loader's poster (web/poster.webp: the real page in headless Chromium,
# captured at half size) with the README's picture (web/screenshot.webp, the
# same at full size), and the soak check: the page left training for
# $$SOAK (default 30m) with memory and speed printed every minute. Neither
# is part of make test; both need dist/ and /usr/bin/chromium.
SOAK ?= 30m
.PHONY: poster soak
poster: dist
	$(GO) run ./internal/browsertest/poster -dist $(DIST) -o web/poster.webp
	$(GO) run ./internal/browsertest/poster -dist $(DIST) -o web/screenshot.webp -scale 1 -quality 80
soak: dist
	$(GO) run ./internal/browsertest/soak -dist $(DIST) -for $(SOAK)

clean:
	rm -rf $(DIST) $(DIST).tmp $(BUILD)
