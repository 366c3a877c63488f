"""Whether the running script would be run again by every worker process.

multiprocessing's spawn and forkserver children import the parent's `__main__`
script again (as `__mp_main__`) before they run their task. A script that calls
`audit_paths` at its top level, without `if __name__ == "__main__":`, would then
call it again in every child, which multiprocessing refuses: every file came back
"worker died". `main_reexecutes()` reads the script's source (with `ast`) once;
when it would start work again (see `_unguarded`), jixiao.batch reads each file
in a fresh `python -m jixiao.worker` process instead, which never imports the
script (same limits; about half a second more a file), and says so once.
"""

from __future__ import annotations

import ast
import functools
import sys

NOTICE = (
    'jixiao: 脚本在 if __name__ == "__main__": 之外有调用，子进程会重新执行它；'
    "改为每个文件用独立的 Python 进程读取（结果相同，稍慢）。把调用放进该保护块即可恢复原速度。"
)


def main_reexecutes() -> bool:
    """True when the `__main__` script is a file that worker processes would re-run unguarded."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__name__", "") != "__main__":
        return False
    spec = getattr(main, "__spec__", None)
    path = getattr(spec, "origin", None) if spec is not None else getattr(main, "__file__", None)
    if not path or not str(path).endswith(".py"):
        return False  # an interactive session, a notebook, `python -c`: nothing is re-run
    unguarded = _unguarded(str(path))
    if unguarded:
        _say_once()
    return unguarded


# Calls that start a bulk run when made at a script's top level.
WORK = frozenset({"audit_paths", "run_batch", "audit_to_folder", "main"})


@functools.cache
def _unguarded(path: str) -> bool:
    """The script would start work again when re-imported: a top-level call to `audit_paths`
    (or run_batch, main) outside `if __name__ == "__main__":`, or, in a script with no such
    guard at all, any top-level call (the work may hide behind a helper of its own)."""
    try:
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
    except (OSError, SyntaxError, ValueError):
        return False
    guarded = False
    calls: list[ast.Call] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "__name__" in ast.unparse(node.test):
            guarded = True
        elif not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            calls += [inner for inner in ast.walk(node) if isinstance(inner, ast.Call)]
    if not guarded:
        return bool(calls)
    return any(_name(call.func) in WORK for call in calls)


def _name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    return func.attr if isinstance(func, ast.Attribute) else None


@functools.cache
def _say_once() -> None:
    print(NOTICE, file=sys.stderr)
