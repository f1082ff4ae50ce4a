package main

import (
	"os"

	"github.com/nnbook/nnbook/kernel/internal/kernelcmd"
)

func main() {
	os.Exit(kernelcmd.Run(os.Args[1:], os.Stdout, os.Stderr))
}
