// Command cell is a GoNB cell's program for display's tests: it shows what its arguments say
// through package display, as nn's Fit progress does, and prints what it did to stdout.
//
//	cell [-use] update ID HTML | html HTML | available ...
//
// With -use it first hands display a Backend that prints its calls instead of writing to GoNB.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/nnbook/nnbook/internal/notebook/display"
)

func main() {
	use := flag.Bool("use", false, "hand display a Backend that prints its calls")
	flag.Parse()
	if *use {
		display.Use(display.Backend{
			UpdateHTML: func(id, html string) { fmt.Printf("backend update %s %s\n", id, html) },
			HTML:       func(html string) { fmt.Printf("backend html %s\n", html) },
			UniqueID:   func() string { return "backend-id" },
		})
	}
	args := flag.Args()
	for len(args) > 0 {
		switch args[0] {
		case "available":
			fmt.Println("available", display.Available())
			args = args[1:]
		case "id":
			fmt.Println("id", display.UniqueID())
			args = args[1:]
		case "update":
			display.UpdateHTML(args[1], args[2])
			args = args[3:]
		case "html":
			start := time.Now()
			display.HTML(args[1])
			fmt.Printf("html returned after %d ms\n", time.Since(start).Milliseconds())
			args = args[2:]
		default:
			fmt.Fprintln(os.Stderr, "unknown step", args[0])
			os.Exit(2)
		}
	}
}
