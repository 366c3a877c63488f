"""The child side of a bulk run: one file, in a process of its own, its result as a payload.

A child reads the file's bytes once, hashes them and parses that very buffer, and
returns the hash with the result: the bulk runner stores the result under the key
of the bytes actually read, so a file edited while it waited in the queue can never
leave one content's result under another content's key (issue 16.2).

A payload is JSON-ready: file, status (ok | timeout | memory | crashed | unreadable |
unsupported), reason, sha256, records and findings (CONTRACT shapes); a file no reader
takes (jixiao.intake) is never parsed. `transient: true` marks an
outcome that says nothing lasting about the file (it was missing for a moment, the
worker was killed from outside): the runner reports it but never caches it.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import importlib
import json
import multiprocessing
import os
import signal
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

from extractor.errors import in_chinese

from .intake import unsupported_reason
from .names import json_bytes, shown

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def portable() -> bool:
    """Run as on a Windows office PC (spawn, no `resource`): JIXIAO_PORTABLE=1 tests it on Linux."""
    return os.environ.get("JIXIAO_PORTABLE") == "1"


def _resource() -> ModuleType | None:
    """The POSIX `resource` module, or None where it does not exist (Windows)."""
    if portable():
        return None
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    return resource


def memory_cap_supported() -> bool:
    """Whether --memory can be enforced here (RLIMIT_AS needs `resource`)."""
    return _resource() is not None


MEMORY_NOTE = "注意：本系统不支持内存上限，--memory 未生效，只有 --timeout 限制每个文件"


def _child_main(conn: Any, path: str, memory_mb: int, options: dict[str, Any], work: str) -> None:
    """Entry point of a forked child: audit, send the payload as JSON, exit."""
    _prepare_child(memory_mb)
    payload = child_payload(path, memory_mb, options, work)
    try:
        conn.send_bytes(json_bytes(payload))
        conn.close()
    except (BrokenPipeError, ConnectionResetError):  # the parent is gone: nobody to tell
        os._exit(1)


def _stdio_main() -> None:
    """Entry point of `python -m jixiao.worker`: the request on stdin, the payload on stdout.

    Anything the parsers print goes to stderr, so stdout carries only the payload.
    """
    request = json.loads(sys.stdin.buffer.read())
    _prepare_child(request["memory_mb"])
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    payload = child_payload(
        request["path"], request["memory_mb"], request["options"], request["work"]
    )
    out.write(json_bytes(payload))
    out.close()


def _prepare_child(memory_mb: int) -> None:
    """Leave interrupts to the parent, die with it, and cap the address space."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    resource = _resource()
    if resource is None:  # Windows: no address-space cap; the timeout still applies
        return
    cap = memory_mb * 1024 * 1024
    with contextlib.suppress(ValueError, OSError):
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            cap = min(cap, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))


def _die_with_parent() -> None:
    """Make sure no worker outlives a run killed with `kill -9` (issue 16.4).

    A forked worker's parent is the forkserver, which exits when the run's last copy of
    its "alive" pipe closes; but every worker is handed a copy of that pipe too, so a
    worker stuck in a parser kept the forkserver alive, the forkserver kept the worker
    alive (its parent never died) and both kept the resource tracker alive. So a worker
    closes its copy, and asks Linux to SIGKILL it when its parent dies (PR_SET_PDEATHSIG);
    a parent that died before that is noticed by its pid changing.
    """
    forkserver = sys.modules.get("multiprocessing.forkserver")
    server = getattr(forkserver, "_forkserver", None)
    alive_fd = getattr(server, "_forkserver_alive_fd", None)
    if alive_fd is not None and multiprocessing.parent_process() is not None:
        with contextlib.suppress(OSError):
            os.close(alive_fd)
        server._forkserver_alive_fd = None
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid()
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the request: nobody would kill us
        os._exit(1)


def child_payload(path: str, memory_mb: int, options: dict[str, Any], work: str) -> dict[str, Any]:
    """Read the file once, run the work function on those bytes, and make the payload."""
    module, _, name = work.partition(":")
    try:
        data = Path(path).read_bytes()
    except MemoryError:
        return _memory_failure(path, memory_mb)
    except OSError as exc:  # gone or locked for a moment: worth trying again next run
        return failure_payload(path, "unreadable", f"cannot read ({exc.strerror or exc})", True)
    sha256 = hashlib.sha256(data).hexdigest()
    if unsupported := unsupported_reason(path, data[:8]):  # .doc, .ofd, .zip, images …
        return unsupported_payload(path, unsupported, sha256)
    try:
        result = getattr(importlib.import_module(module), name)(path, data=data, **options)
        records = list(result.records)
        findings = [f.to_dict() for f in result.findings]
    except MemoryError:
        return _memory_failure(path, memory_mb)
    except Exception as exc:  # the pipeline never raises; a custom work function might
        return failure_payload(path, "crashed", f"{exc.__class__.__name__}: {exc}")
    if "MemoryError" in (getattr(result, "error", None) or ""):
        return _memory_failure(path, memory_mb)
    return {
        "file": shown(path),
        "status": "unreadable" if getattr(result, "error", None) else "ok",
        "reason": getattr(result, "error", None),
        "sha256": sha256,
        "cpu_seconds": _cpu_seconds(),
        "records": records,
        "findings": findings,
    }


def _cpu_seconds() -> float:
    """CPU time of this child (and any helper it ran): what a file costs, whatever the load."""
    resource = _resource()
    if resource is None:
        return round(time.process_time(), 3)
    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return round(total, 3)


def _memory_failure(path: str, memory_mb: int) -> dict[str, Any]:
    return failure_payload(
        path, "memory", f"内存超过上限 {memory_mb} MB（memory limit of {memory_mb} MB exceeded）"
    )


def failure_payload(path: str, status: str, reason: str, transient: bool = False) -> dict[str, Any]:
    """The payload of a file that could not be audited: one `extraction` finding with the reason.

    `transient` marks an outcome not to be cached (missing for a moment, killed from outside).
    """
    from .pipeline import extraction_finding

    path, reason = shown(path), in_chinese(shown(reason))
    finding = extraction_finding(path, reason)
    payload = {
        "file": path,
        "status": status,
        "reason": reason,
        "records": [],
        "findings": [finding.to_dict()],
    }
    if transient:
        payload["transient"] = True
    return payload


def unsupported_payload(path: str, reason: str, sha256: str) -> dict[str, Any]:
    """A file no reader takes: one finding saying what to convert it to (jixiao.intake)."""
    from .intake import UNSUPPORTED_RULE

    payload = failure_payload(path, "unsupported", reason)
    payload["findings"][0]["rule"] = UNSUPPORTED_RULE
    payload["sha256"] = sha256
    return payload


if __name__ == "__main__":
    _stdio_main()
