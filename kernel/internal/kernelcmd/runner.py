# Executes one notebook headlessly through a Jupyter kernel with nbclient.
#
# Embedded in the kernel command (go:embed) and run as
#   python3 -c <this file> SRC DST KERNEL TIMEOUT_SECONDS ECHO KERNEL_LOG ALLOW_ERRORS
# by `go run ./kernel exec`. It writes the executed notebook (outputs and
# images included) to DST even when a cell fails, streams progress per cell to
# stderr, and prints exactly one JSON object describing the outcome on stdout.
#
# It only uses nbclient, nbformat and the standard library, all of which are
# packaged by Debian (python3-nbclient) and by pip.

import html
import json
import logging
import os
import re
import sys
import threading
import time
import traceback

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def clean(text):
    return ANSI.sub("", text or "")


TAGS = re.compile(r"<style.*?</style>|<script.*?</script>|<[^>]+>", re.S)


def html_text(markup):
    """Plain text of an HTML error display (GoNB shows compile errors so)."""
    text = html.unescape(TAGS.sub("", markup))
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def is_error_display(data):
    markup = data.get("text/html", "")
    if isinstance(markup, list):
        markup = "".join(markup)
    return markup if ("gonb-err" in markup or "vnd.jupyter.stderr" in markup) else ""


def first_line(source):
    """First line of a cell worth quoting: not blank, not GoNB's bare %%."""
    lines = [l.strip() for l in source.splitlines() if l.strip()]
    for line in lines:
        if line != "%%":
            return line
    return lines[0] if lines else ""


def main():
    src, dst, kernel, timeout, echo, kernel_log, allow_errors = sys.argv[1:8]
    allow_errors = allow_errors == "1"
    # nbclient leaves an output-polling task behind after a timeout; asyncio
    # would log "Task was destroyed but it is pending!" about it.
    logging.getLogger("asyncio").setLevel(logging.CRITICAL)
    timeout = int(timeout)
    echo = echo == "1"
    name = os.path.basename(src)

    def log(msg):
        print("[%s] %s" % (name, msg), file=sys.stderr, flush=True)

    result = {"ok": False, "cell": 0, "cells": 0, "code_cells": 0,
              "first_line": "", "kind": "", "ename": "", "evalue": "",
              "traceback": "", "stderr_tail": ""}
    # jsonschema, which nbformat validates with, imports rfc3987_syntax when it is installed (for
    # the "iri" string format, which no notebook schema uses), and that module builds a parser
    # when imported: about 1.7 s of every notebook's run. ImportError makes jsonschema skip it.
    sys.modules.setdefault("rfc3987_syntax", None)
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import (CellExecutionError, CellTimeoutError,
                                         DeadKernelError)
    except ImportError as e:
        result.update(kind="setup", ename="ImportError", evalue=str(e))
        print(json.dumps(result))
        return

    nb = nbformat.read(src, as_version=4)
    cells = nb.cells
    code = [i for i, c in enumerate(cells)
            if c.cell_type == "code" and c.source.strip()]
    result["cells"] = len(cells)
    result["code_cells"] = len(code)
    state = {"index": None, "start": 0.0, "running": False, "timings": []}

    # Echo of the cells' output: kernels send streams in arbitrary chunks,
    # so print whole lines only (the rest when the cell ends).
    pending = {}

    def echo_stream(name, text):
        lines = (pending.pop(name, "") + clean(text)).split("\n")
        pending[name] = lines.pop()
        for line in lines:
            print("    | " + line, file=sys.stderr, flush=True)

    def flush_streams():
        for name in list(pending):
            if pending[name]:
                print("    | " + pending[name], file=sys.stderr, flush=True)
        pending.clear()

    class Client(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if echo and out is not None:
                kind = msg["msg_type"]
                if kind == "stream":
                    echo_stream(msg["content"].get("name", ""), msg["content"].get("text", ""))
                elif kind in ("display_data", "execute_result") and is_error_display(msg["content"].get("data", {})):
                    for line in html_text(is_error_display(msg["content"]["data"])).splitlines():
                        print("    ! " + line, file=sys.stderr, flush=True)
                elif kind in ("display_data", "execute_result"):
                    mimes = ", ".join(sorted(msg["content"].get("data", {})))
                    print("    | <%s: %s>" % (kind, mimes), file=sys.stderr, flush=True)
            return out

    def on_cell_execute(cell, cell_index):
        state["index"] = cell_index
        state["start"] = time.monotonic()
        state["running"] = True
        log("cell %d/%d (code %d/%d) running: %s" % (
            cell_index + 1, len(cells), code.index(cell_index) + 1 if cell_index in code else 0,
            len(code), first_line(cell.source)[:100]))

    def on_cell_executed(cell, cell_index, execute_reply):
        state["running"] = False
        flush_streams()
        dt = time.monotonic() - state["start"]
        state["timings"].append([cell_index + 1, round(dt, 3)])
        status = execute_reply.get("content", {}).get("status", "?")
        log("cell %d/%d %s in %.1fs" % (cell_index + 1, len(cells), status, dt))

    def heartbeat():
        # A long cell without output still shows life, once a minute.
        while True:
            time.sleep(60)
            i, running = state["index"], state["running"]
            if running:
                log("cell %d/%d still running after %.0fs" % (
                    i + 1, len(cells), time.monotonic() - state["start"]))

    threading.Thread(target=heartbeat, daemon=True).start()

    nbdir = os.path.dirname(os.path.abspath(src))
    # As Jupyter's server does: the kernel launcher finds the notebook's
    # checkout from its path.
    os.environ["JPY_SESSION_NAME"] = os.path.abspath(src)
    client = Client(
        nb,
        timeout=timeout,
        kernel_name=kernel,
        allow_errors=allow_errors,
        record_timing=True,
        resources={"metadata": {"path": nbdir}},
        on_cell_execute=on_cell_execute,
        on_cell_executed=on_cell_executed,
    )

    def fail(kind, ename, evalue, tb=""):
        state["running"] = False
        flush_streams()
        i = state["index"]
        result.update(kind=kind, ename=clean(ename), evalue=clean(evalue), traceback=clean(tb))
        if i is not None:
            cell = cells[i]
            result["cell"] = i + 1
            result["first_line"] = first_line(cell.source)
            result["execution_count"] = cell.get("execution_count") or 0
            # The cell's stderr (a panic, log.Fatal); else GoNB's error
            # display (compile errors are shown as HTML, not as a stream).
            outs = cell.get("outputs", [])
            # After a timeout, whatever it printed shows how far it got.
            streams = ("stdout", "stderr") if kind == "timeout" else ("stderr",)
            parts = [o.get("text", "") for o in outs
                     if o.get("output_type") == "stream" and o.get("name") in streams]
            if not "".join(parts).strip():
                parts = [html_text(is_error_display(o.get("data", {}))) + "\n" for o in outs
                         if o.get("output_type") in ("display_data", "execute_result")]
            lines = clean("".join(parts)).strip().splitlines()
            result["stderr_tail"] = "\n".join(lines[-15:])

    log("starting kernel %s (%d code cells, timeout %ds per cell)" % (kernel, len(code), timeout))
    with open(kernel_log, "ab") as klog:
        try:
            client.execute(stdout=klog, stderr=klog)
            result["ok"] = True
            result["error_cells"] = [i + 1 for i, c in enumerate(cells)
                                     if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        except CellTimeoutError as e:
            fail("timeout", "Timeout", "cell did not finish within %d seconds" % timeout, str(e))
        except DeadKernelError as e:
            fail("dead", "DeadKernelError", "the kernel died: %s" % e)
        except CellExecutionError as e:
            fail("error", e.ename, e.evalue, e.traceback)
        except KeyboardInterrupt:
            fail("interrupted", "KeyboardInterrupt", "interrupted")
        except Exception as e:  # kernel failed to start, missing kernelspec, ...
            traceback.print_exc()
            fail("setup", type(e).__name__, str(e))
    result["timings"] = state["timings"]
    try:
        os.makedirs(os.path.dirname(os.path.abspath(dst)), exist_ok=True)
        nbformat.write(nb, dst)
    except Exception as e:  # still report the run's outcome
        result["write_error"] = "%s: %s" % (type(e).__name__, e)
    print(json.dumps(result))


main()
