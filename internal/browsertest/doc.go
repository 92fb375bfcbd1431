// Package browsertest holds the real-browser tests of the web demo: they serve
// dist/ (run `make dist` first) under a sub-path with package static, drive
// Debian's /usr/bin/chromium through chromedp, and check the page through its
// test hook, window.wakesleep (design.md, "The page's test hook").
//
// Run them with `make test` or `make test-browser`. Without chromium they are
// skipped, except under CI (CI set), where a missing browser is a failure.
// Screenshots go to $WAKESLEEP_SCREENSHOTS, else build/screenshots/: look at
// them, a test that passes on a blank canvas has tested nothing.
package browsertest
