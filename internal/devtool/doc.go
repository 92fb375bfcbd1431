// Package devtool gives the lab's development commands (mkassets, serve,
// poster, soak, train-classifier) the command-line contract of
// cmd/wakesleep: exit status 2 and one line on stderr for a bad command
// line, 1 and one line "NAME: error" for a runtime error.
package devtool
