// loader.js: downloads main.wasm with a true progress bar, compiles it and
// starts the Go program (Ebiten then appends its own canvas to <body>).
//
// The page loads page.css, wasm_exec.js (from the Go toolchain that built
// main.wasm) and then this file, at the end of <body>; the loader builds its
// own card. Nothing here is inline script or style, and nothing is fetched
// from anywhere but the page's own folder: the pages run under a strict
// Content-Security-Policy (README.md).
//
// What a reader sees while waiting: the card with a poster of the demo
// (poster.webp, a screenshot of the real page made by `make poster`), the
// size to download, and a bar that moves or says why it does not. A
// download that fails, or stalls (no bytes for STALL_MS), gets a message and
// a "Try again" button that downloads again without reloading the page.
//
// Progress: with gzip or brotli, Content-Length is the compressed size but the
// stream yields uncompressed bytes, so `make dist` bakes main.wasm's real size
// into WASM_SIZE below (and its gzip size, the likely download, into
// WASM_GZIP). Unbaked (served straight from web/), the bar falls back to
// Content-Length when the response is not encoded, else it only counts bytes.
//
// When the page is shown inside a frame (a blog post's <iframe>), a
// transparent shield covers the demo so that the wheel and fingers keep
// scrolling the post: Ebiten's canvas cancels those events. A click or a tap
// lifts the shield; Esc, a click or a tap outside the frame, or (on a touch
// screen) the "done" button puts it back.
//
// window.wakesleepLoader reports what happened, for people and for tests:
// {phase, received, total, transfer, mode, error, attempts, touch,
// interactive, ms: {phase: time since navigation}}, and offers
// showLink(url), which the Go program calls when the browser refuses the
// clipboard.
(function () {
	"use strict";

	var WASM_URL = "main.wasm";
	var WASM_SIZE = Number("@WASM_SIZE@"); // uncompressed bytes, baked by make dist
	var WASM_GZIP = Number("@WASM_GZIP@"); // gzip-compressed bytes, baked by make dist
	var WASM_VERSION = "@WASM_VERSION@"; // content hash, baked by make dist
	var POSTER_URL = "poster.webp";
	var STALL_MS = 15000; // no bytes for this long: the download has stalled
	var QUIET_MS = 3000; // no bytes for this long: say that we are waiting

	var state = (window.wakesleepLoader = {
		phase: "init",
		received: 0,
		total: WASM_SIZE > 0 ? WASM_SIZE : null,
		// Bytes on the wire: Content-Length once the response says it,
		// before that the gzip size make dist measured.
		transfer: WASM_GZIP > 0 ? WASM_GZIP : null,
		mode: null, // "streaming" or "arrayBuffer"
		error: null,
		attempts: 0,
		touch: false,
		ms: {},
		showLink: showLink,
	});

	var ui = buildUI();

	// The overlay shown until the demo is ready.
	function buildUI() {
		var box = document.createElement("div");
		box.id = "loader";
		box.innerHTML =
			'<div class="loader-card">' +
			"<h1>Wake-sleep</h1>" +
			'<p class="loader-lede">A Helmholtz machine learning to see and dream digits, live in this page.</p>' +
			'<div id="loader-bar" class="loader-bar" role="progressbar" aria-label="Loading the demo" aria-valuemin="0" aria-valuemax="100">' +
			'<div id="loader-fill" class="loader-fill"></div></div>' +
			'<p class="loader-status" aria-live="polite"><span id="loader-phase">Loading…</span> <span id="loader-detail"></span></p>' +
			'<div id="loader-error" class="loader-error" role="alert" hidden><p></p>' +
			'<button type="button" id="loader-retry">Try again</button></div>' +
			'<img id="loader-poster" class="loader-poster" width="640" height="400" alt="What is loading: the demo, with a drawn digit, ' +
			'the recognition network\'s layers, ten machines\' bits, dreams and the training panel.">' +
			"</div>";
		document.body.appendChild(box);
		var poster = box.querySelector("#loader-poster");
		poster.addEventListener("error", function () {
			poster.hidden = true; // a host that lost it: the card without it
		});
		poster.src = POSTER_URL;
		var r = {
			box: box,
			bar: box.querySelector("#loader-bar"),
			fill: box.querySelector("#loader-fill"),
			phase: box.querySelector("#loader-phase"),
			detail: box.querySelector("#loader-detail"),
			status: box.querySelector(".loader-status"),
			error: box.querySelector("#loader-error"),
			retry: box.querySelector("#loader-retry"),
			poster: poster,
		};
		r.retry.addEventListener("click", function () {
			if (retry) retry();
			else location.reload();
		});
		return r;
	}

	// retry, when set, starts the download again; otherwise the error's
	// button reloads the page.
	var retry = null;

	function mark(phase, text) {
		state.phase = phase;
		state.ms[phase] = Math.round(performance.now());
		ui.phase.textContent = text;
	}

	function megabytes(n) {
		return (n / 1e6).toFixed(1) + " MB";
	}

	// The download's size in words: what a reader on a metered or slow link
	// wants to know before it starts.
	function sizeText() {
		// The baked gzip size is close (brotli is smaller), not exact.
		if (state.transfer > 0) return (state.transferExact ? "" : "about ") + megabytes(state.transfer);
		if (state.total > 0) return megabytes(state.total);
		return "";
	}

	function progress(received, total) {
		state.received = received;
		if (total > 0) {
			var pct = Math.min(100, Math.floor((100 * received) / total));
			ui.fill.style.width = pct + "%";
			ui.bar.classList.remove("indeterminate");
			ui.bar.setAttribute("aria-valuenow", String(pct));
			ui.detail.textContent = pct + "% of " + sizeText();
		} else {
			ui.bar.classList.add("indeterminate");
			ui.bar.removeAttribute("aria-valuenow");
			ui.detail.textContent = megabytes(received) + (state.transfer > 0 ? " of " + sizeText() : "");
		}
	}

	function fail(message, err, again) {
		stopWatch();
		state.phase = "failed";
		state.error = message;
		if (err) console.error("wakesleep loader:", err);
		retry = again || null;
		ui.box.classList.add("failed");
		ui.box.classList.remove("done");
		ui.box.hidden = false;
		ui.error.hidden = false;
		ui.error.querySelector("p").textContent = message;
		ui.retry.textContent = again ? "Try again" : "Reload";
	}

	// The watch on the download: the bar says when no bytes have come for
	// a while, and after STALL_MS the download is given up (abort), so that
	// a dead connection ends in a message and a retry, not a frozen bar.
	var watch = null;

	function startWatch(abort) {
		stopWatch();
		var w = (watch = { last: performance.now(), abort: abort, timer: 0 });
		w.timer = setInterval(function () {
			var quiet = performance.now() - w.last;
			if (quiet >= STALL_MS) {
				state.stalled = true;
				stopWatch();
				w.abort();
			} else if (quiet >= QUIET_MS) {
				ui.bar.classList.add("waiting");
				ui.detail.textContent = "waiting for the network: no data for " + Math.floor(quiet / 1000) + " s";
			}
		}, 500);
	}

	function fed() {
		if (!watch) return;
		watch.last = performance.now();
		ui.bar.classList.remove("waiting");
	}

	function stopWatch() {
		if (watch) clearInterval(watch.timer);
		watch = null;
	}

	// A stream that counts the bytes passing through it.
	function counted(body, total) {
		var received = 0;
		var reader = body.getReader();
		return new ReadableStream({
			pull: function (controller) {
				return reader.read().then(
					function (r) {
						if (r.done) {
							// Streaming compilation overlaps the download; what
							// is left after the last byte is compiling.
							stopWatch();
							progress(received, received);
							mark("compiling", "Compiling…");
							controller.close();
							return;
						}
						fed();
						received += r.value.byteLength;
						progress(received, total);
						controller.enqueue(r.value);
					},
					function (err) {
						// The compiler reports this as its own TypeError.
						state.interrupted = true;
						throw err;
					},
				);
			},
			cancel: function (reason) {
				return reader.cancel(reason);
			},
		});
	}

	function download() {
		var url = WASM_URL + (WASM_VERSION.charAt(0) === "@" ? "" : "?v=" + WASM_VERSION);
		var ctl = typeof AbortController === "function" ? new AbortController() : null;
		startWatch(function () {
			if (ctl) ctl.abort();
		});
		return fetch(url, ctl ? { signal: ctl.signal } : undefined).then(
			function (resp) {
				fed();
				if (!resp.ok) {
					stopWatch();
					throw new LoadError(
						"Could not download the demo (" + WASM_URL + ": HTTP " + resp.status + " " + resp.statusText + ").",
						null,
						resp.status >= 500 || resp.status === 408 || resp.status === 429,
					);
				}
				var length = Number(resp.headers.get("Content-Length")) || 0;
				var encoded = !!resp.headers.get("Content-Encoding");
				var total = state.total;
				if (!(total > 0) && !encoded) {
					total = length || null;
					state.total = total;
				}
				// What actually comes over the wire, when the host says.
				if (length > 0) state.transfer = length;
				else if (!encoded && total > 0) state.transfer = total;
				state.transferExact = length > 0 || !encoded;
				return { resp: resp, total: total };
			},
			function (err) {
				stopWatch();
				if (state.stalled) throw stalled();
				throw new LoadError(
					"Could not download the demo: the network request for " + WASM_URL + " failed (" + err.message + "). " +
						"Check your connection and try again.",
					err,
					true,
				);
			},
		);
	}

	function LoadError(message, cause, retryable) {
		this.message = message;
		this.cause = cause;
		this.retryable = !!retryable;
	}

	function stalled() {
		return new LoadError(
			"The download of the demo stalled: no data came for " + STALL_MS / 1000 + " s. Check your connection and try again.",
			null,
			true,
		);
	}

	// instantiateStreaming compiles while the bytes arrive, but only for a
	// response of type application/wasm; any other host gets the
	// arrayBuffer path, which compiles after the download.
	function instantiate(go) {
		return download().then(function (d) {
			var type = (d.resp.headers.get("Content-Type") || "").split(";")[0].trim();
			if (WebAssembly.instantiateStreaming && type === "application/wasm") {
				state.mode = "streaming";
				var body = new Response(counted(d.resp.body, d.total), {
					headers: { "Content-Type": "application/wasm" },
				});
				return WebAssembly.instantiateStreaming(body, go.importObject).then(
					function (r) {
						return r.instance;
					},
					function (err) {
						if (err instanceof LoadError || state.interrupted || state.stalled) throw err;
						// A proxy that mangles the response: try once more the slow way.
						console.warn("wakesleep loader: streaming compile failed, retrying with arrayBuffer:", err);
						return download().then(function (d2) {
							return viaArrayBuffer(go, d2);
						});
					},
				);
			}
			return viaArrayBuffer(go, d);
		});
	}

	function viaArrayBuffer(go, d) {
		state.mode = "arrayBuffer";
		return new Response(counted(d.resp.body, d.total))
			.arrayBuffer()
			.then(function (buf) {
				return WebAssembly.instantiate(buf, go.importObject);
			})
			.then(function (r) {
				return r.instance;
			});
	}

	// Tell the Go program it is embedded (the compact layout), without
	// asking the embedding page to put it in the iframe's URL.
	function markEmbedded() {
		var params = new URLSearchParams(location.search);
		if (params.has("embed")) return;
		params.set("embed", "1");
		history.replaceState(history.state, "", "?" + params.toString() + location.hash);
	}

	function canvas() {
		return document.querySelector("body > canvas");
	}

	// A touch screen: the shield then speaks of tapping and offers "done".
	function touchScreen() {
		return (
			(navigator.maxTouchPoints || 0) > 0 ||
			"ontouchstart" in window ||
			(window.matchMedia && matchMedia("(pointer: coarse)").matches)
		);
	}

	// place puts the shield's label and the "done" button where they cover
	// none of the demo: in the margin right of the page's column when the
	// frame is wide enough to have one, else in the top strip of the
	// drawing pad, the border that MNIST's digits (and so the page, which
	// centres drawings as MNIST did) leave empty. It reads the layout from
	// the page's hook; before the hook is ready the loader's card covers
	// everything anyway.
	function place(label, done, hint) {
		var s;
		try {
			s = window.wakesleep && window.wakesleep.status();
		} catch (e) {}
		if (!s || !s.ready || !s.pad || !(s.pad.width > 0)) return false;
		var c = canvas();
		var cr = c ? c.getBoundingClientRect() : { left: 0, top: 0 };
		var right = 0;
		var rects = [s.pad, s.dreams, s.topUnits];
		var b = s.buttons || {};
		for (var k in b) rects.push(b[k]);
		for (var i = 0; i < rects.length; i++) {
			var r = rects[i];
			if (r && r.width > 0) right = Math.max(right, r.x + r.width);
		}
		var margin = window.innerWidth - (cr.left + right);
		var pad = s.pad;
		[label, done, hint].forEach(function (el) {
			var st = el.style;
			st.left = st.right = st.top = st.maxWidth = "";
			el.classList.remove("in-margin", "in-pad", "placed");
		});
		if (margin >= 150) {
			var left = cr.left + right + 12;
			label.classList.add("in-margin");
			done.classList.add("in-margin");
			label.style.left = done.style.left = left + "px";
			label.style.top = done.style.top = cr.top + pad.y + "px";
			label.style.maxWidth = window.innerWidth - left - 8 + "px";
		} else {
			// The pad's top strip: 4 of its 28 rows.
			label.classList.add("in-pad");
			done.classList.add("in-pad");
			label.style.left = cr.left + pad.x + 3 + "px";
			label.style.top = done.style.top = cr.top + pad.y + 3 + "px";
			label.style.maxWidth = pad.width - 6 + "px";
			done.style.right = window.innerWidth - (cr.left + pad.x + pad.width) + 3 + "px";
			// How to give the scroll back, in the pad's bottom strip.
			hint.style.left = cr.left + pad.x + 3 + "px";
			hint.style.maxWidth = pad.width - 6 + "px";
			hint.style.top = cr.top + pad.y + pad.height - hint.getBoundingClientRect().height - 3 + "px";
			hint.classList.add("placed");
		}
		label.classList.add("placed");
		return true;
	}

	// The shield over a framed demo; see the comment at the top. Its label
	// and the "done" button are placed by place, over none of the panels.
	function guardScrolling() {
		var touch = (state.touch = touchScreen());
		var shield = document.createElement("div");
		shield.id = "interact";
		shield.className = "interact";
		shield.setAttribute("role", "button");
		shield.setAttribute("tabindex", "0");
		shield.setAttribute("aria-label", touch ? "Tap to use the demo" : "Interact with the demo");
		shield.innerHTML = touch
			? '<span class="interact-label" id="interact-label"><b>Tap to interact</b><span> · then “done” or a tap outside to scroll the page</span></span>' +
				'<span class="interact-hint" id="interact-hint">“done”: scroll the page</span>'
			: '<span class="interact-label" id="interact-label"><b>Click to interact</b><span> · Esc or click outside to scroll again</span></span>' +
				'<span class="interact-hint" id="interact-hint">Esc: scroll the page</span>';
		document.body.appendChild(shield);
		var label = shield.querySelector("#interact-label");
		var hint = shield.querySelector("#interact-hint");
		// Shown while the demo has the fingers, on touch screens: the way to
		// give the scrolling back without a keyboard.
		var done = document.createElement("button");
		done.type = "button";
		done.id = "interact-done";
		done.className = "interact-done";
		done.textContent = "done ✓";
		done.setAttribute("aria-label", "Done: give the scrolling back to the page");
		done.hidden = true;
		document.body.appendChild(done);
		state.interactive = false;

		function lift(e) {
			if (e) e.preventDefault();
			shield.hidden = true;
			done.hidden = !touch;
			state.interactive = true;
			var c = canvas();
			if (c) c.focus({ preventScroll: true });
		}
		function restore() {
			if (shield.hidden) {
				shield.hidden = false;
				done.hidden = true;
				state.interactive = false;
			}
		}
		shield.addEventListener("click", lift);
		shield.addEventListener("keydown", function (e) {
			if (e.key === "Enter" || e.key === " ") lift(e);
		});
		done.addEventListener("click", function (e) {
			e.preventDefault();
			restore();
		});
		// Ebiten cancels touchstart on its canvas, so the button acts on
		// the touch itself, not on a click that may never come.
		done.addEventListener("touchend", function (e) {
			e.preventDefault();
			restore();
		});
		// Capture: Ebiten cancels keys on the canvas, and this must run first.
		window.addEventListener(
			"keydown",
			function (e) {
				if (e.key === "Escape") restore();
			},
			true,
		);
		// A click or a tap outside the frame takes the focus away from it.
		window.addEventListener("blur", restore);
		// Placed once the page has a layout, and again when it changes.
		(function wait() {
			if (!place(label, done, hint)) requestAnimationFrame(wait);
		})();
		window.addEventListener("resize", function () {
			setTimeout(function () {
				place(label, done, hint);
			}, 100);
		});
	}

	// showLink shows a link to copy by hand, selected, where the browser
	// refused the clipboard. The Go program calls it (wasm/storage.go).
	var linkBox = null;
	function showLink(link) {
		if (!linkBox) {
			linkBox = document.createElement("div");
			linkBox.id = "link-box";
			linkBox.className = "link-box";
			linkBox.setAttribute("role", "group");
			linkBox.setAttribute("aria-label", "The link to this run");
			linkBox.innerHTML =
				'<label for="link-field">Copy this link:</label><input id="link-field" type="text" readonly spellcheck="false">' +
				'<button type="button" aria-label="Close">✕</button>';
			document.body.appendChild(linkBox);
			var close = function () {
				linkBox.hidden = true;
				var c = canvas();
				if (c) c.focus({ preventScroll: true });
			};
			linkBox.querySelector("button").addEventListener("click", close);
			linkBox.addEventListener("keydown", function (e) {
				if (e.key === "Escape" || e.key === "Enter") close();
				e.stopPropagation(); // keys typed here are not the demo's shortcuts
			});
			linkBox.querySelector("input").addEventListener("focus", function (e) {
				e.target.select();
			});
		}
		var field = linkBox.querySelector("input");
		field.value = String(link);
		linkBox.hidden = false;
		field.focus({ preventScroll: true });
		field.select();
	}

	function hideWhenReady() {
		var started = performance.now();
		(function check() {
			var hook = window.wakesleep;
			var ready = false;
			try {
				var s = hook && hook.status && hook.status();
				if (s && s.error) {
					// The program runs but could not start the demo.
					fail("The demo could not start: " + s.error);
					return;
				}
				ready = !!(s && s.ready);
			} catch (e) {
				// The hook is the app's; a throw here must not stop the loader.
			}
			// A program without the hook still gets the overlay lifted
			// once it has drawn for a while.
			if (ready || (canvas() && performance.now() - started > 15000)) {
				// Said once, politely, without the download's figures; then
				// the card's live region goes quiet for good: the running
				// page speaks through its own (wasm/aria.go).
				mark("ready", "The demo is running.");
				ui.detail.textContent = "";
				ui.box.classList.add("done");
				setTimeout(function () {
					if (state.phase !== "ready") return;
					ui.box.hidden = true;
					ui.status.removeAttribute("aria-live");
				}, 400);
				return;
			}
			if (state.phase !== "failed") requestAnimationFrame(check);
		})();
	}

	// attempt downloads, compiles and starts the program; a failure before
	// the program runs can be tried again in place (retry), as nothing of
	// it has started.
	function attempt() {
		state.attempts++;
		state.received = 0;
		state.interrupted = false;
		state.stalled = false;
		state.error = null;
		ui.box.classList.remove("failed");
		ui.bar.classList.remove("waiting");
		ui.error.hidden = true;
		var go = new Go();
		var running = false;
		go.exit = function (code) {
			if (code !== 0) {
				fail("The demo stopped with an error (exit code " + code + "). Reload the page to start it again.");
			}
		};
		mark("downloading", state.attempts > 1 ? "Downloading again…" : "Downloading…");
		progress(0, state.total);
		if (state.received === 0 && sizeText()) ui.detail.textContent = sizeText() + " to download";
		instantiate(go)
			.then(function (instance) {
				stopWatch();
				// The Go program's memory (its heap and stacks), for the soak
				// check (make soak): WebAssembly memory only grows, so a flat
				// figure means the Go heap did not grow.
				state.wasmMemoryBytes = function () {
					try {
						return instance.exports.mem.buffer.byteLength;
					} catch (e) {
						return null;
					}
				};
				mark("starting", "Starting…");
				running = true;
				hideWhenReady();
				return go.run(instance);
			})
			.catch(function (err) {
				stopWatch();
				if (running) {
					fail("The demo could not start: " + (err && err.message ? err.message : err) + ". Reload the page to try again.", err);
				} else if (err instanceof LoadError) {
					fail(err.message, err.cause, err.retryable ? attempt : null);
				} else if (state.stalled) {
					var s = stalled();
					fail(s.message, err, attempt);
				} else if (state.interrupted) {
					fail("The download of the demo was interrupted. Check your connection and try again.", err, attempt);
				} else {
					fail("The demo could not start: " + (err && err.message ? err.message : err) + ".", err, attempt);
				}
			});
	}

	function start() {
		if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
			fail(
				"This browser cannot run WebAssembly, which the demo needs. " +
					"Try a recent Firefox, Chrome, Edge or Safari, or turn WebAssembly back on if it was switched off.",
			);
			return;
		}
		if (typeof Go !== "function") {
			fail("Could not load wasm_exec.js, the Go runtime support the demo needs. Reload the page to try again.");
			return;
		}
		if (window.self !== window.top) guardScrolling();
		if (document.body.hasAttribute("data-embed")) markEmbedded();
		attempt();
	}

	start();
})();
