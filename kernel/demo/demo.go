// Package demo is a tiny package of this module used only by the kernel's
// integration test: a notebook imports it to prove that the nnbook-gonb kernel
// compiles cells against this checkout's packages. It is not under internal/
// because a notebook's cells are compiled in a scratch module of their own,
// and Go refuses imports of internal packages from another module.
package demo

// Greeting returns a fixed greeting for name. The text is matched verbatim by
// kernel.TestExecNotebook.
func Greeting(name string) string {
	return "hello from the nnbook checkout, " + name
}
