#!/usr/bin/python3
"""Executes a Jupyter notebook headlessly and writes it with its outputs, as
`jupyter nbconvert --to notebook --execute` does, with one difference: after a cell's kernel
reports idle, it keeps listening until the kernel has been quiet for QUIET seconds.

Deno's kernel (2.9) sometimes publishes a cell's result or console output after it reports the
cell idle (4 of 40 results in a measurement on this machine); nbconvert stops listening at idle
and drops them, so a notebook's outputs would differ from run to run.

    /usr/bin/python3 notebooks/execute.py IN.ipynb OUT.ipynb

The kernel is the notebook's (`metadata.kernelspec.name`) and starts in the notebook's folder.
A cell that raises stops the run with exit code 1, as nbconvert does.
"""

import os
import queue
import sys

import nbformat
from jupyter_client.manager import start_new_kernel

QUIET = 0.2  # seconds without a message that end a cell, once it is idle
TIMEOUT = 120  # seconds a cell may run


def run_cell(kc, source):
    msg_id = kc.execute(source)
    outputs, count, idle = [], None, False
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=QUIET if idle else TIMEOUT)
        except queue.Empty:
            if idle:
                return outputs, count
            raise RuntimeError("no reply from the kernel in %d s" % TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "status" and content["execution_state"] == "idle":
            idle = True
        elif kind == "execute_input":
            count = content["execution_count"]
        elif kind == "stream":
            last = outputs[-1] if outputs else None
            if last is not None and last.output_type == "stream" and last.name == content["name"]:
                last.text += content["text"]
            else:
                outputs.append(nbformat.v4.new_output("stream", name=content["name"],
                                                      text=content["text"]))
        elif kind in ("execute_result", "display_data"):
            extra = {"execution_count": content["execution_count"]} if kind == "execute_result" else {}
            outputs.append(nbformat.v4.new_output(kind, data=content["data"],
                                                  metadata=content.get("metadata", {}), **extra))
        elif kind == "error":
            outputs.append(nbformat.v4.new_output("error", ename=content["ename"],
                                                  evalue=content["evalue"],
                                                  traceback=content["traceback"]))


def wait_for_iopub(kc):
    """Runs silent no-ops until the kernel's broadcasts reach us: a subscriber to the kernel's
    output socket misses what was sent before its subscription took effect."""
    for _ in range(100):
        msg_id = kc.execute("", silent=True, store_history=False)
        try:
            while kc.get_iopub_msg(timeout=0.1)["parent_header"].get("msg_id") != msg_id:
                pass
        except queue.Empty:
            continue
        while True:  # drain that no-op's messages
            try:
                kc.get_iopub_msg(timeout=QUIET)
            except queue.Empty:
                return
    raise RuntimeError("the kernel's output never arrived")


def main(src, dst):
    nb = nbformat.read(src, as_version=4)
    km, kc = start_new_kernel(kernel_name=nb.metadata.kernelspec.name,
                              cwd=os.path.dirname(os.path.abspath(src)))
    try:
        wait_for_iopub(kc)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            cell.outputs, cell.execution_count = run_cell(kc, cell.source)
            for o in cell.outputs:
                if o.output_type == "error":
                    sys.exit("%s: cell %s raised %s: %s" % (src, cell.get("id"), o.ename, o.evalue))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nbformat.write(nb, dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
