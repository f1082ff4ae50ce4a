package kernelcmd

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"errors"
	"fmt"
	"go/version"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
)

// Tool is a binary that install builds into the bin directory.
type Tool struct {
	Name    string // file name in the bin directory
	Pkg     string // main package to build
	Module  string // module whose version identifies the build
	Version string // wanted version of Module
	// FromCheckout tools are built with `go build` inside the checkout, so
	// their dependencies are the ones this checkout's go.mod selects (GoNB);
	// the others with `go install Pkg@Version` outside of any module.
	FromCheckout bool
}

// Tools lists what the kernel needs, GoNB at gonbVersion (from go.mod).
func Tools(gonbVersion string) []Tool {
	return []Tool{
		{Name: "gonb", Pkg: GonbModule, Module: GonbModule, Version: gonbVersion, FromCheckout: true},
		{Name: "goimports", Pkg: "golang.org/x/tools/cmd/goimports", Module: "golang.org/x/tools", Version: GoimportsVersion},
		{Name: "gopls", Pkg: "golang.org/x/tools/gopls", Module: "golang.org/x/tools/gopls", Version: GoplsVersion},
	}
}

// CheckBinary reports whether the binary at path is t built by a Go of the
// same language version as goVersion (go1.26.x for go1.26.8: patch releases
// do not force a rebuild). When not, why says what differs.
func CheckBinary(path string, t Tool, goVersion string) (ok bool, why string) {
	bi, err := buildinfo.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, "not built yet"
	}
	if err != nil {
		return false, fmt.Sprintf("unreadable build info (%v)", err)
	}
	return checkBuildInfo(bi, t, goVersion)
}

func checkBuildInfo(bi *debug.BuildInfo, t Tool, goVersion string) (bool, string) {
	if bi.Path != t.Pkg {
		return false, fmt.Sprintf("is %s, not %s", bi.Path, t.Pkg)
	}
	got := moduleVersion(bi, t.Module)
	if got != t.Version {
		if got == "" {
			got = "an unknown version"
		}
		return false, fmt.Sprintf("is %s %s, want %s", t.Module, got, t.Version)
	}
	if version.Lang(bi.GoVersion) != version.Lang(goVersion) {
		return false, fmt.Sprintf("was built by %s, go is now %s", bi.GoVersion, goVersion)
	}
	return true, ""
}

// moduleVersion returns the version of module mod in a binary's build info.
func moduleVersion(bi *debug.BuildInfo, mod string) string {
	if bi.Main.Path == mod {
		return bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == mod {
			if d.Replace != nil {
				return d.Replace.Version
			}
			return d.Version
		}
	}
	return ""
}

// BuildTool builds t into binDir, atomically replacing any previous binary.
// The go command's own output ("go: downloading ...") goes to log.
func BuildTool(t Tool, root, binDir string, log io.Writer) error {
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	tmpDir, err := os.MkdirTemp(binDir, ".build-")
	if err != nil {
		return err
	}
	defer func() { _ = os.RemoveAll(tmpDir) }()
	built := filepath.Join(tmpDir, t.Name)

	var cmd *exec.Cmd
	if t.FromCheckout {
		cmd = exec.Command("go", "build", "-o", built, t.Pkg)
		cmd.Dir = root
	} else {
		cmd = exec.Command("go", "install", t.Pkg+"@"+t.Version)
		cmd.Dir = tmpDir // outside any module: `go install pkg@version` ignores it anyway
		cmd.Env = append(os.Environ(), "GOBIN="+tmpDir, "GOWORK=off")
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	return os.Rename(built, filepath.Join(binDir, t.Name))
}

// gonbModule is what `go list -m -json github.com/janpfeifer/gonb` says.
type gonbModule struct {
	Version string
	Dir     string // empty until the module is downloaded
}

// GonbFromGoMod returns the GoNB version this checkout's go.mod selects.
func GonbFromGoMod(root string) (gonbModule, error) {
	cmd := exec.Command("go", "list", "-m", "-json", GonbModule)
	cmd.Dir = root
	out, err := cmd.Output()
	if err != nil {
		return gonbModule{}, fmt.Errorf("finding GoNB's version in %s/go.mod: %w%s", root, err, exitStderr(err))
	}
	var m gonbModule
	if err := json.Unmarshal(out, &m); err != nil {
		return gonbModule{}, err
	}
	if m.Version == "" {
		return gonbModule{}, fmt.Errorf("%s/go.mod does not require %s (the `tool %s` directive is missing?)", root, GonbModule, GonbModule)
	}
	return m, nil
}

// goShim is installed as "go" in the bin directory, which comes first on the
// kernel's PATH, so GoNB (and goimports, gopls, `!go ...` cells) run it. It
// passes everything through to the real go ($NNBOOK_GO) except in GoNB's
// scratch module (a working directory named gonb_<id>):
//
//   - right after GoNB's `go mod init gonb_<id>` of a new kernel's scratch
//     module, it makes that module require and replace
//     github.com/nnbook/nnbook with this checkout ($NNBOOK_ROOT), and copies
//     in the checkout's own requirements and go.sum (.nnbook-reqs marks it).
//     With them in place, the `go get` GoNB runs before each cell resolves
//     third-party imports (gonbui, gonum, ...) at the versions this checkout's
//     go.mod pins instead of querying @latest;
//   - that `go get` (no arguments) is skipped when the module's imports,
//     go.mod, go.sum and go.work are the same as after one that succeeded
//     (.nnbook-get keeps every such state: goimports drops the imports a
//     cell's program does not use, so they change from cell to cell), and
//     when the module imports only the standard library and this checkout's
//     packages, whose requirements are all there: it would change nothing
//     and costs a cell 0.4-0.8 s (once the checkout's go.mod or go.sum
//     changes, go get runs again);
//   - a cell builds with CGO_ENABLED=0 unless a package it imports outside
//     the standard library has cgo files (decided with go list once per set
//     of imports, kept in .nnbook-cgo; once for all of this checkout's
//     packages when the cell imports only them and the standard library;
//     not at all when a plan, below, replays) or
//     the kernel's environment sets CGO_ENABLED: the standard library's
//     pure-Go net and os/user serve a notebook as well, and a static link
//     without runtime/cgo is about 40 ms shorter. install warms the build
//     cache the same way (WarmBuildCache);
//   - GoNB's plain `go build -o <binary>` of a cell without cgo is run with
//     -x -work once per set of imports (and go env, go.mod but its module
//     name, go.sum, go.work, the module's other Go files and the shim
//     itself, so that an update of nnbook starts afresh): from its trace
//     the shim keeps a plan, the compile of package main and the link with
//     their import configurations, in the directory plans beside the shim
//     (in the kernel's bin directory; .nnbook-plan/ in the module if that
//     cannot be written). The next cells with the same imports, in this
//     kernel or any later one (the next notebook, a restarted kernel),
//     replay that plan with the kernel's module name in the program's build
//     information: the same two tool runs, without go build's loading
//     and checking of the cell's 200-320 packages (a tenth of a second). A
//     plan lists the directories of the packages it uses outside GOROOT and
//     the module cache (this checkout's, a replaced module's) and is not
//     replayed once a file there is newer than the plan; a plan is kept only
//     when every package but main came from the build cache, and a replay
//     that fails falls back to go build (NNBOOK_REPLAY=0 in the kernel's
//     environment turns plans off);
//   - after such a go build the shim also makes, in the background, the
//     union plan: a program whose main imports (blank) this checkout's
//     packages, common standard ones (fmt, math, time, strings, ...) and
//     every set of imports built so far, built in a copy of the module. A
//     cell whose imports have no plan of their own replays the union when
//     its main imports them all: the compiler reads only the packages a cell
//     imports, and the linker links only what main reaches, so the program
//     is the one go build would make (its embedded module list aside). A
//     notebook's first use of viz, nn or autodiff then costs a replay, not a
//     go build and a go get (such cells of the five notebooks took 0.4-0.7 s
//     instead of 0.7-1.1 s, same-sitting runs). A replay that fails
//     while every compiled package its plan names is still there failed on
//     the cell (a compile error, which the go build that follows reports),
//     and the plan is kept. A union whose packages have cgo files is not
//     kept (a replay stands for the cgo decision). Plans of a go.mod, go.sum
//     or environment not added to for 30 days are removed, and all but the
//     newest 100 plans of one; a union build's lock left by a killed job,
//     after ten minutes. The busy markers left while GoNB removes its
//     scratch module (its kernel stopped) are removed with the directory;
//   - GoNB's `go build` of a cell links with -ldflags=-s -w (no symbol table,
//     no DWARF: a cell's program is run once and never debugged; panics keep
//     their function names and lines), which cuts the link, the largest part
//     of a trivial cell's time, and with the garbage collector off up to a
//     1 GiB heap (GOGC=off GOMEMLIMIT=1GiB, unless the kernel's environment
//     sets them): the linker of a cell's ~320 packages needs ~200 MB and
//     spends a fifth of its time collecting garbage otherwise. Flags a notebook
//     sets with %goflags come after -ldflags=-s -w and win.
const goShim = `#!/bin/sh
# Written by "go run ./kernel install" (nnbook); see kernel/internal/kernelcmd/tools.go.
real="${` + EnvGo + `:?` + EnvGo + ` is not set: run go run ./kernel install}"
# reqstamp CHECKOUT: the stamp of a checkout's go.mod and go.sum (kept in .nnbook-reqs).
reqstamp() { cat "$1/go.mod" "$1/go.sum" 2>/dev/null | cksum; }
if [ "$#" -eq 3 ] && [ "$1" = mod ] && [ "$2" = init ]; then
	case "$3" in gonb_*)
		"$real" "$@" || exit $?
		root="${` + EnvRoot + `:?` + EnvRoot + ` is not set}"
		# The checkout's own requirements (module and version of every require line of its
		# go.mod; paths and versions hold no spaces) and checksums come along.
		reqs=$(sed -n -e 's#//.*##' -e '/^require[[:space:]]*(/,/^)/p' -e '/^require[[:space:]][^(]/p' "$root/go.mod" 2>/dev/null |
			sed -e 's/^require//' -e 's/[()]//g' | awk 'NF == 2 { printf " -require=%s@%s", $1, $2 }')
		# shellcheck disable=SC2086
		"$real" mod edit -require=` + ModulePath + `@` + pseudoZero + ` -replace="` + ModulePath + `=$root" $reqs || exit $?
		if [ -n "$reqs" ] && cat "$root/go.sum" >>go.sum 2>/dev/null; then
			reqstamp "$root" >.nnbook-reqs
		fi
		exit 0
		;;
	esac
fi
case "$PWD" in
*/gonb_*)
	# importlines FILE...: the import declarations of Go files.
	importlines() {
		for f in "$@"; do
			[ -f "$f" ] && sed -n -e '/^import (/,/^)/p' -e '/^import [^(]/p' "$f"
		done
	}
	# importpaths FILE...: the paths Go files import, sorted, one a line.
	importpaths() { importlines "$@" | sed -n 's/^[^"]*"\([^"]*\)".*/\1/p' | sort -u; }
	# depstamp: the imports of the module's Go files and its go.mod, go.sum, go.work.
	depstamp() {
		importlines *.go
		cat go.mod go.sum go.work 2>/dev/null
	}
	# ownimports: whether go mod init brought the checkout's requirements, its go.mod and go.sum
	# have not changed since, and the module's Go files import only the standard library (no dot
	# in the first element of the path) and the checkout's packages.
	ownimports() {
		[ -f .nnbook-reqs ] && [ -n "${` + EnvRoot + `:-}" ] || return 1
		[ "$(reqstamp "$` + EnvRoot + `")" = "$(cat .nnbook-reqs)" ] || return 1
		for p in $(importpaths *.go); do
			case "${p%%/*}" in
			*.*) case "$p" in ` + ModulePath + ` | ` + ModulePath + `/*) ;; *) return 1 ;; esac ;;
			esac
		done
	}
	# ownpackages: the checkout's packages a cell can import (not its commands or internal
	# packages), one a line.
	ownpackages() {
		"$real" list -e -f '{{if ne .Name "main"}}{{.ImportPath}}{{end}}' ` + ModulePath + `/... 2>/dev/null | grep -v '/internal\(/\|$\)'
	}
	# modname: the module's name (GoNB's is gonb_ and eight hex digits).
	modname() { sed -n 's/^module[[:space:]]*\([^[:space:]]*\).*/\1/p' go.mod; }
	# makeplan X PLAN: from go build -x -work's trace X of a cell, keeps in PLAN the compile of
	# package main and the link, with their import configurations, the packages main imports
	# (PLAN/imports, one a line, sorted), and the directories of the packages they use that can
	# change (not in GOROOT or the module cache). Nothing is kept unless that is all the build
	# did (no cgo, assembly or embedded files in main, every other package from the build
	# cache).
	# workof X: the work directory go build -x -work named in its trace X.
	workof() { sed -n 's/^WORK=//p' "$1"; }
	makeplan() {
		work=$(workof "$1")
		compile=$(grep -E '^[^ ]*/compile -o [$]WORK/b001/_pkg_[.]a .* -p main ' "$1")
		link=$(grep -E '/link -o [$]WORK/b001/exe/a[.]out ' "$1")
		[ -n "$work" ] && [ -n "$compile" ] && [ -n "$link" ] || return 0
		[ "$(echo "$compile" | wc -l)" = 1 ] && [ "$(echo "$link" | wc -l)" = 1 ] || return 0
		case "$compile" in *-embedcfg*|*-asmhdr*|*-symabis*) return 0;; esac
		grep -v "=$work/b001/_pkg_[.]a\$" "$work/b001/importcfg.link" | grep -qF "$work" && return 0
		modcache=$("$real" env GOMODCACHE)
		dirs=$("$real" list -deps -f '{{if not .Standard}}{{.Dir}}{{if .Module}}{{"\n"}}{{.Module.GoMod}}{{end}}{{end}}' . 2>/dev/null) || return 0
		new=$(mktemp -d "$2.new-XXXXXX") || return 0
		echo "$dirs" | grep -v -e '^$' -e "^$modcache/" -e "^$PWD\$" -e "^$PWD/go[.]mod\$" | sort -u >"$new/dirs"
		cp "$work/b001/importcfg" "$new/importcfg"
		sed -n 's/^packagefile \([^=]*\)=.*/\1/p' "$work/b001/importcfg" | sort -u >"$new/imports"
		# The module's name, in the build information the link embeds, is the kernel's: replay
		# puts the replaying kernel's there.
		sed -e "s#$work/#@WORK@/#g" -e "/^modinfo /s#\\\\t$(modname)\\\\#\\\\t@MODULE@\\\\#g" "$work/b001/importcfg.link" >"$new/importcfg.link"
		echo "$compile" >"$new/compile"
		echo "$link" >"$new/link"
		: >"$new/made"
		# Another kernel may be replacing the same plan: what it moved in first stays.
		rm -rf "$2"
		mv "$new" "$2" && rm -rf "$2/${new##*/}"
	}
	# covers PLAN IMPORTS: whether PLAN's main imports every package of IMPORTS (one a line).
	covers() { [ -f "$1/imports" ] && ! printf '%s\n' "$2" | grep -qvxF -f "$1/imports"; }
	# cgodeps PKGS...: the packages with cgo files that PKGS use outside the standard library, one
	# a line; it fails when go list does.
	cgodeps() { CGO_ENABLED=1 "$real" list -deps -f '{{if and .CgoFiles (not .Standard)}}{{.ImportPath}}{{end}}' "$@" 2>/dev/null; }
	# nocgo PKGS...: whether no package that PKGS use outside the standard library has cgo files.
	nocgo() { d=$(cgodeps "$@") && [ -z "$d" ]; }
	# makeunion PLANS IMPORTS: keeps in PLANS/union (an absolute path) a plan whose main imports
	# the packages of IMPORTS, of this checkout (but its commands and internal packages), of the
	# union plan before, and a few of the standard library's, unless a fresh PLANS/union covers
	# IMPORTS. Its program is built as a cell would be, in a copy of the module, with blank
	# imports; it is not kept if a package it uses has cgo files.
	makeunion() {
		u=$1/union
		covers "$u" "$2" && fresh "$u" && return 0
		# A lock left by a job that was killed (its kernel stopped) goes after ten minutes.
		find "$u.lock" -maxdepth 0 -mmin +10 -exec rmdir {} + 2>/dev/null
		mkdir "$u.lock" 2>/dev/null || return 0
		t=$(mktemp -d "${TMPDIR:-/tmp}/nnbook-union-XXXXXX") || { rmdir "$u.lock"; return 0; }
		for f in go.mod go.sum go.work *.go; do
			[ -f "$f" ] && [ "$f" != main.go ] && cp "$f" "$t/"
		done
		{
			[ -f "$u/imports" ] && cat "$u/imports"
			printf '%s\n' "$2" flag fmt math math/rand math/rand/v2 time strings strconv sort slices maps errors os
			ownpackages
		} | grep -v '^$' | sort -u | {
			printf 'package main\n\nimport (\n'
			sed 's/.*/\t_ "&"/'
			printf ')\n\nfunc main() {}\n'
		} >"$t/main.go"
		# Twice at most: a first build that compiles a package keeps no plan, and compiles it
		# into the build cache for the second. The comment makes each try's main new to the
		# build cache, which would otherwise skip its compile.
		for try in 1 2; do
			echo "// $t $try" >>"$t/main.go"
			x=$(mktemp "${TMPDIR:-/tmp}/nnbook-build-XXXXXX") || break
			if (cd "$t" && "$real" build -x -work -ldflags="-s -w" -o a.out 2>"$x" && nocgo . && makeplan "$x" "$u"); then
				rm -rf "$(workof "$x")" "$x"
				covers "$u" "$2" && break
			else
				rm -rf "$(workof "$x")" "$x"
				break
			fi
		done
		rm -rf "$t"
		rmdir "$u.lock"
	}
	# fresh PLAN: whether every path PLAN/dirs lists (one a line) still exists and neither it nor
	# a file in it is newer than the plan; a path that is gone makes find complain, which counts.
	fresh() {
		[ -f "$1/made" ] || return 1
		(
			IFS='
'
			set -f
			[ -z "$(find $(cat "$1/dirs") -maxdepth 1 -newer "$1/made" -print 2>&1 | head -1)" ]
		)
	}
	# intact PLAN: whether the compiled packages PLAN's link names are all still there (go clean
	# -cache or the build cache's trimming may remove them).
	intact() {
		sed -n 's/^packagefile [^=]*=//p' "$1/importcfg.link" | grep -v '^@WORK@/' | xargs ls >/dev/null 2>&1
	}
	# replay PLAN TARGET: runs PLAN's compile and link in a fresh work directory, into TARGET.
	replay() {
		w=$(mktemp -d "${TMPDIR:-/tmp}/nnbook-cell-XXXXXX") || return 1
		mkdir -p "$w/b001/exe" &&
			cp "$1/importcfg" "$w/b001/importcfg" &&
			sed -e "s#@WORK@/#$w/#g" -e "/^modinfo /s#@MODULE@#$(modname)#g" "$1/importcfg.link" >"$w/b001/importcfg.link" &&
			WORK=$w sh -c "$(cat "$1/compile")" >/dev/null 2>&1 &&
			WORK=$w sh -c "$(cat "$1/link")" >/dev/null 2>&1 &&
			mv "$w/b001/exe/a.out" "$2"
		rc=$?
		rm -rf "$w"
		return $rc
	}
	if [ "$#" -eq 1 ] && [ "$1" = get ]; then
		stamp=$(depstamp | cksum)
		if [ -f .nnbook-get ] && grep -qxF "$stamp" .nnbook-get; then
			exit 0
		fi
		if ownimports; then
			echo "$stamp" >>.nnbook-get
			exit 0
		fi
		"$real" get || exit $?
		depstamp | cksum >>.nnbook-get
		exit 0
	fi
	if [ "$1" = build ]; then
		shift
		export GOGC="${GOGC:-off}" GOMEMLIMIT="${GOMEMLIMIT:-1GiB}"
		plan=
		if [ "$#" -eq 2 ] && [ "$1" = -o ] && [ "${CGO_ENABLED:-0}" = 0 ] && [ "${NNBOOK_REPLAY:-1}" != 0 ]; then
			# nnbook-replay (kernel/internal/replay), which install puts beside the shim, does
			# what the else branch below does, in one process instead of some twenty: exit 0, it
			# replayed; 3, there was no plan to replay, and it printed the plans' directory and
			# this cell's plan (named its own way) for the build below to make them.
			replayer=${0%/*}/nnbook-replay
			rc=
			case "$0" in /*) [ -x "$replayer" ] && { out=$("$replayer" "$0" "$2"); rc=$?; } ;; esac
			[ "$rc" = 0 ] && exit 0
			if [ "$rc" = 3 ]; then
				nl='
'
				plans=${out%%"$nl"*} plan=${out#*"$nl"}
				store=${plans%/*}
				imports=$(importpaths main.go)
			else
				# plans: all a plan depends on besides main.go's imports and the sources of the
				# packages it lists (not the module's name, which replay sets; CGO_ENABLED=0, as
				# plans are made only so). They are kept beside the shim, for every kernel of this
				# installation (a kernel's next notebook, or its restart, replays the plans of
				# those before), else in the module.
				store=${0%/*}/plans
				case "$0" in
				/*) { [ -d "$store" ] || mkdir -p "$store" 2>/dev/null; } && [ -w "$store" ] || store=$PWD/.nnbook-plan ;;
				*) store=$PWD/.nnbook-plan ;;
				esac
				plans=$store/$({
					sed '/^module[[:space:]]/d' go.mod 2>/dev/null
					cat go.sum go.work 2>/dev/null
					for f in *.go; do [ "$f" = main.go ] || cat "$f"; done
					{
						env | grep -E '^(GO|CGO_)' | grep -v -e '^GONB_' -e '^CGO_ENABLED='
						echo CGO_ENABLED=0
					} | sort
					cat "${GOENV:-${XDG_CONFIG_HOME:-$HOME/.config}/go/env}" 2>/dev/null
					echo "$real"
					cat "$0" # this shim: another version may keep other plans
				} | cksum | tr ' ' _)
				imports=$(importpaths main.go)
				plan=$plans/$(echo "$imports" | cksum | tr ' ' _)
				# The plan of these imports, else the union if its main imports them all. A plan that
				# is fresh says the cgo decision below would be CGO_ENABLED=0: made with it, it lists
				# every package outside the standard library that the cell uses, and none changed. A
				# replay that fails while the files the plan names are there failed on the cell (a
				# compile error, which go build below reports): the plan stays.
				for p in "$plan" "$plans/union"; do
					[ "$p" = "$plan" ] || covers "$p" "$imports" || continue
					if fresh "$p"; then
						if replay "$p" "$2"; then
							exit 0
						fi
						intact "$p" || rm -rf "$p"
					fi
				done
			fi
		fi
		if [ -z "${CGO_ENABLED+set}" ]; then
			stamp=$(depstamp | cksum)
			# kept KEY: the decision .nnbook-cgo keeps under KEY, if any.
			kept() { sed -n "s/^$1 \([01]\)\$/\1/p" .nnbook-cgo 2>/dev/null; }
			CGO_ENABLED=$(kept "$stamp")
			if [ -z "$CGO_ENABLED" ]; then
				# A cell that imports only the standard library and the checkout's packages gets the
				# decision for all of them, made once (one go list), and kept for its imports too.
				key=$stamp pkgs=.
				if ownimports; then
					key=$({ echo own; cat go.mod go.sum go.work 2>/dev/null; } | cksum) pkgs=` + ModulePath + `/...
					CGO_ENABLED=$(kept "$key")
				fi
				# shellcheck disable=SC2086
				if [ -z "$CGO_ENABLED" ] && deps=$(cgodeps $pkgs); then
					CGO_ENABLED=0
					[ -n "$deps" ] && CGO_ENABLED=1
					echo "$key $CGO_ENABLED" >>.nnbook-cgo
				fi
				if [ -z "$CGO_ENABLED" ]; then
					CGO_ENABLED=1 # go build will say what is wrong
				elif [ "$key" != "$stamp" ]; then
					echo "$stamp $CGO_ENABLED" >>.nnbook-cgo
				fi
			fi
			export CGO_ENABLED
		fi
		if [ -n "$plan" ] && [ "$CGO_ENABLED" = 0 ]; then
			x=$(mktemp "${TMPDIR:-/tmp}/nnbook-build-XXXXXX") || exit 1
			if "$real" build -x -work -ldflags="-s -w" -o "$2" 2>"$x"; then
				# The plans are made while the cell runs, away from GoNB's pipes, at the lowest
				# priority (the cells that run meanwhile come first); .nnbook-plan/busy.* shows they
				# are being made.
				mkdir -p "$plans" .nnbook-plan && busy=$(mktemp .nnbook-plan/busy.XXXXXX) || busy=
				(
					renice -n 19 -p "$(sh -c 'echo $PPID')" >/dev/null 2>&1
					work=$(workof "$x")
					makeplan "$x" "$plan"
					rm -rf "$work" "$x"
					[ -n "$work" ] && makeunion "$plans" "$imports"
					# Plans of a go.mod, go.sum or environment not added to for a month go, and so do
					# all but the newest 100 of these.
					[ "$store" = "$PWD/.nnbook-plan" ] || find "$store" -mindepth 1 -maxdepth 1 -type d -mtime +30 -exec rm -rf {} + 2>/dev/null
					ls -t "$plans" | grep -v -e '^union' -e '[.]new-' | tail -n +101 | while IFS= read -r old; do rm -rf "${plans:?}/$old"; done
					rm -f "$busy"
					# GoNB removes its scratch module when its kernel stops. Plans written while it
					# did would be left behind: remove them, and the directory once it is empty.
					if [ ! -f "$PWD/go.mod" ]; then
						rm -rf "$PWD/.nnbook-plan"
						rmdir "$PWD"
					fi
				) </dev/null >/dev/null 2>&1 &
				exit 0
			fi
			rm -rf "$(workof "$x")" "$x" # again, for go build's own messages
		fi
		exec "$real" build -ldflags="-s -w" "$@"
	fi
	;;
esac
exec "$real" "$@"
`

// pseudoZero is the version `go mod edit` and `go get` use for a module
// that only exists through a replace directive.
const pseudoZero = "v0.0.0-00010101000000-000000000000"

// writeFileIfChanged writes data to path (atomically, via a temporary file in
// the same directory) unless it already holds exactly data with mode perm.
// It returns "up to date", "created" or "updated".
func writeFileIfChanged(path string, data []byte, perm os.FileMode) (string, error) {
	old, err := os.ReadFile(path)
	status := "created"
	if err == nil {
		st, serr := os.Stat(path)
		if bytes.Equal(old, data) && serr == nil && st.Mode().Perm() == perm {
			return "up to date", nil
		}
		status = "updated"
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return "", err
	}
	defer func() { _ = os.Remove(tmp.Name()) }()
	if _, err := tmp.Write(data); err != nil {
		_ = tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	if err := os.Chmod(tmp.Name(), perm); err != nil {
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return "", err
	}
	return status, nil
}
