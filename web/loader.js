// loader.js: downloads main.wasm with a true progress bar, compiles it and
// starts the Go program (Ebiten then appends its own canvas to <body>).
//
// The page loads wasm_exec.js (from the Go toolchain that built main.wasm)
// and then this file, at the end of <body>; the loader builds its own card.
//
// Progress: with gzip or brotli, Content-Length is the compressed size but the
// stream yields uncompressed bytes, so `make dist` bakes main.wasm's real size
// into WASM_SIZE below. Unbaked (served straight from web/), the bar falls
// back to Content-Length when the response is not encoded, else it only
// counts bytes.
//
// When the page is shown inside a frame (a blog post's <iframe>), a
// transparent shield covers the demo so that the wheel and fingers keep
// scrolling the post: Ebiten's canvas cancels those events. A click lifts
// the shield; Esc, or a click outside the frame, puts it back.
//
// window.wakesleepLoader reports what happened, for people and for tests:
// {phase, received, total, mode, error, ms: {phase: time since navigation}}.
(function () {
	"use strict";

	var WASM_URL = "main.wasm";
	var WASM_SIZE = Number("@WASM_SIZE@"); // uncompressed bytes, baked by make dist
	var WASM_VERSION = "@WASM_VERSION@"; // content hash, baked by make dist

	var CSS = [
		"#loader{position:fixed;inset:0;z-index:20;display:flex;align-items:center;justify-content:center;",
		"background:#f3f1ec;color:#1d2330;font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;",
		"transition:opacity .3s}",
		"#loader.done{opacity:0;pointer-events:none}",
		"#loader[hidden]{display:none}",
		".loader-card{width:min(26rem,86vw);text-align:left}",
		".loader-card h1{font-size:1.5rem;margin:0 0 .25rem;font-weight:600;letter-spacing:.01em}",
		".loader-lede{margin:0 0 1.2rem;color:#5b6475}",
		".loader-bar{height:.5rem;border-radius:.25rem;background:#dedad1;overflow:hidden}",
		".loader-fill{height:100%;width:0;background:#e09a1f;transition:width .15s linear}",
		".loader-bar.indeterminate .loader-fill{width:30%!important;animation:loader-slide 1.2s ease-in-out infinite}",
		"@keyframes loader-slide{from{margin-left:-30%}to{margin-left:100%}}",
		".loader-status{margin:.6rem 0 0;font-size:.9rem;color:#5b6475;font-variant-numeric:tabular-nums}",
		"#loader.failed .loader-bar,#loader.failed .loader-status{display:none}",
		".loader-error p{margin:0 0 .8rem;color:#b3261e}",
		".loader-error button{font:inherit;padding:.35rem .9rem;border-radius:.3rem;border:1px solid #b9b4a8;",
		"background:#fff;color:inherit;cursor:pointer}",
		".interact{position:fixed;inset:0;z-index:10;cursor:pointer;display:flex;align-items:flex-end;",
		"justify-content:center;background:transparent}",
		".interact[hidden]{display:none}",
		".interact-label{margin-bottom:.8rem;padding:.35rem .8rem;border-radius:1rem;background:rgba(29,35,48,.85);",
		"color:#e8ebf0;font:13px/1.3 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;",
		"box-shadow:0 1px 4px rgba(0,0,0,.4)}",
		".interact-label span{color:#c9ced8}",
		".interact:hover .interact-label,.interact:focus .interact-label{background:rgba(29,35,48,.95)}",
	].join("");

	var state = (window.wakesleepLoader = {
		phase: "init",
		received: 0,
		total: WASM_SIZE > 0 ? WASM_SIZE : null,
		mode: null, // "streaming" or "arrayBuffer"
		error: null,
		ms: {},
	});

	var ui = buildUI();

	// The overlay shown until the demo is ready. Built here, with its
	// style, so that index.html and embed.html stay two lines apart.
	function buildUI() {
		var style = document.createElement("style");
		style.textContent = CSS;
		document.head.appendChild(style);
		var box = document.createElement("div");
		box.id = "loader";
		box.innerHTML =
			'<div class="loader-card">' +
			'<h1>Wake-sleep</h1>' +
			'<p class="loader-lede">A Helmholtz machine learning to see and dream digits, live in this page.</p>' +
			'<div id="loader-bar" class="loader-bar" role="progressbar" aria-label="Loading the demo" aria-valuemin="0" aria-valuemax="100">' +
			'<div id="loader-fill" class="loader-fill"></div></div>' +
			'<p class="loader-status"><span id="loader-phase">Loading…</span> <span id="loader-detail"></span></p>' +
			'<div id="loader-error" class="loader-error" role="alert" hidden><p></p>' +
			'<button type="button" onclick="location.reload()">Reload</button></div>' +
			"</div>";
		document.body.appendChild(box);
		return {
			box: box,
			bar: box.querySelector("#loader-bar"),
			fill: box.querySelector("#loader-fill"),
			phase: box.querySelector("#loader-phase"),
			detail: box.querySelector("#loader-detail"),
			error: box.querySelector("#loader-error"),
		};
	}

	function mark(phase, text) {
		state.phase = phase;
		state.ms[phase] = Math.round(performance.now());
		if (ui.phase) ui.phase.textContent = text;
	}

	function megabytes(n) {
		return (n / 1e6).toFixed(1) + " MB";
	}

	function progress(received, total) {
		state.received = received;
		if (!ui.fill) return;
		if (total > 0) {
			var pct = Math.min(100, Math.floor((100 * received) / total));
			ui.fill.style.width = pct + "%";
			ui.bar.classList.remove("indeterminate");
			ui.bar.setAttribute("aria-valuenow", String(pct));
			ui.detail.textContent = pct + "% (" + megabytes(received) + " of " + megabytes(total) + ")";
		} else {
			ui.bar.classList.add("indeterminate");
			ui.bar.removeAttribute("aria-valuenow");
			ui.detail.textContent = megabytes(received);
		}
	}

	function fail(message, err) {
		state.phase = "failed";
		state.error = message;
		if (err) console.error("wakesleep loader:", err);
		if (ui.box) {
			ui.box.classList.add("failed");
			ui.box.hidden = false;
		}
		if (ui.error) {
			ui.error.hidden = false;
			ui.error.querySelector("p").textContent = message;
		}
	}

	// A stream that counts the bytes passing through it.
	function counted(body, total) {
		var received = 0;
		var reader = body.getReader();
		return new ReadableStream({
			pull: function (controller) {
				return reader.read().then(function (r) {
					if (r.done) {
						// Streaming compilation overlaps the download; what
						// is left after the last byte is compiling.
						progress(received, received);
						mark("compiling", "Compiling…");
						controller.close();
						return;
					}
					received += r.value.byteLength;
					progress(received, total);
					controller.enqueue(r.value);
				}, function (err) {
					// The compiler reports this as its own TypeError.
					state.interrupted = true;
					throw err;
				});
			},
			cancel: function (reason) {
				return reader.cancel(reason);
			},
		});
	}

	function download() {
		var url = WASM_URL + (WASM_VERSION.charAt(0) === "@" ? "" : "?v=" + WASM_VERSION);
		return fetch(url).then(
			function (resp) {
				if (!resp.ok) {
					throw new LoadError(
						"Could not download the demo (" + WASM_URL + ": HTTP " + resp.status + " " + resp.statusText + "). " +
							"Reload the page to try again.",
					);
				}
				var total = state.total;
				if (!(total > 0) && !resp.headers.get("Content-Encoding")) {
					total = Number(resp.headers.get("Content-Length")) || null;
					state.total = total;
				}
				return { resp: resp, total: total };
			},
			function (err) {
				throw new LoadError(
					"Could not download the demo: the network request for " + WASM_URL + " failed (" + err.message + "). " +
						"Check your connection and reload the page.",
					err,
				);
			},
		);
	}

	function LoadError(message, cause) {
		this.message = message;
		this.cause = cause;
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
						if (err instanceof LoadError) throw err;
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

	// The shield over a framed demo; see the comment at the top.
	function guardScrolling() {
		var shield = document.createElement("div");
		shield.id = "interact";
		shield.className = "interact";
		shield.setAttribute("role", "button");
		shield.setAttribute("tabindex", "0");
		shield.setAttribute("aria-label", "Interact with the demo");
		shield.innerHTML =
			'<span class="interact-label"><b>Click to interact</b><span> · Esc or click outside to scroll again</span></span>';
		document.body.appendChild(shield);
		state.interactive = false;

		function lift(e) {
			if (e) e.preventDefault();
			shield.hidden = true;
			state.interactive = true;
			var c = canvas();
			if (c) c.focus({ preventScroll: true });
		}
		function restore() {
			if (shield.hidden) {
				shield.hidden = false;
				state.interactive = false;
			}
		}
		shield.addEventListener("click", lift);
		shield.addEventListener("keydown", function (e) {
			if (e.key === "Enter" || e.key === " ") lift(e);
		});
		// Capture: Ebiten cancels keys on the canvas, and this must run first.
		window.addEventListener(
			"keydown",
			function (e) {
				if (e.key === "Escape") restore();
			},
			true,
		);
		window.addEventListener("blur", restore);
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
				mark("ready", "Ready");
				if (ui.box) ui.box.classList.add("done");
				setTimeout(function () {
					if (ui.box && state.phase === "ready") ui.box.hidden = true;
				}, 400);
				return;
			}
			if (state.phase !== "failed") requestAnimationFrame(check);
		})();
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

		var go = new Go();
		go.exit = function (code) {
			if (code !== 0) {
				fail("The demo stopped with an error (exit code " + code + "). Reload the page to start it again.");
			}
		};
		mark("downloading", "Downloading…");
		progress(0, state.total);
		instantiate(go)
			.then(function (instance) {
				mark("starting", "Starting…");
				hideWhenReady();
				return go.run(instance);
			})
			.catch(function (err) {
				if (err instanceof LoadError) {
					fail(err.message, err.cause);
				} else if (state.interrupted) {
					fail("The download of the demo was interrupted. Check your connection and reload the page.", err);
				} else {
					fail("The demo could not start: " + (err && err.message ? err.message : err) + ". Reload the page to try again.", err);
				}
			});
	}

	start();
})();
