"""argparse, speaking Chinese: usage errors name what is wrong and exit with status 2."""

from __future__ import annotations

import argparse
import re
import sys
from typing import NoReturn

_PHRASES = {
    "usage: ": "用法：",
    "options": "选项",
    "positional arguments": "位置参数",
    "show this help message and exit": "显示帮助并退出",
    "the following arguments are required: %s": "缺少必填参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的值 %(value)r",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "必须给出以下参数之一：%s",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
}


def _translate(text: str) -> str:
    return _PHRASES.get(text, text)


argparse._ = _translate  # type: ignore[attr-defined]


class ChineseParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        message = re.sub(r"invalid choice: '([^']*)'", r"无效的选项「\1」", message)
        self.print_usage(sys.stderr)
        self.exit(2, f"参数有误：{message}\n运行 `{self.prog} --help` 查看用法。\n")
