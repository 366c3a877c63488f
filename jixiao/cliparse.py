"""argparse in Chinese: usage, section titles, the -h line and the parser's own errors.

argparse writes "usage:", "options:", "show this help message and exit" and its error
messages in English whatever the locale. The auditor reads `jixiao --help` and a typo's
error, so this parser says them in Chinese, keeping the option names as typed.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, NoReturn

import regex as re

# argparse's error messages (Python 3.11-3.13) and their Chinese; the groups are kept.
ERRORS_ZH = (
    (
        r"argument command: invalid choice: (.+?) \(choose from (.+)\)",
        r"没有命令 \1（可用的命令：\2）",
    ),
    (r"the following arguments are required: command", r"缺少命令（extract、audit 或 rules）"),
    (r"the following arguments are required: (.+)", r"缺少参数：\1"),
    (r"unrecognized arguments: (.+)", r"无法识别的参数：\1"),
    (
        r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)",
        r"参数 \1 的值 \2 无效（可选：\3）",
    ),
    (r"argument (\S+): invalid (\w+) value: (.+)", r"参数 \1 须为数字，不能是 \3"),
    (r"argument (\S+): expected one argument", r"参数 \1 后面需要一个值"),
    (r"argument (\S+): not allowed with argument (.+)", r"参数 \1 不能与 \2 同时使用"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 不明确，可能是：\2"),
    (r"argument (\S+): ignored explicit argument (.+)", r"参数 \1 不接受值 \2"),
)


def error_in_chinese(message: str) -> str:
    """One of argparse's error messages in Chinese (an unknown one is left as it is)."""
    for pattern, zh in ERRORS_ZH:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, zh, message)
    return message


class ChineseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """ "用法：" instead of "usage: " (the epilog keeps its lines: the exit statuses)."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose help and errors are in Chinese; its subparsers are too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", ChineseHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(
            2, f"{self.prog}: 错误：{error_in_chinese(message)}\n（运行 jixiao -h 查看用法）\n"
        )
