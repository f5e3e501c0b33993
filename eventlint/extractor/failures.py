"""Why a file yields no facts: syntax errors in Python's own words, and libcst's failures."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import libcst as cst

from eventlint.extractor.parsing_stack import COMPILE_RECURSION, on_the_parsing_stack
from eventlint.facts.records import ParseFailure
from eventlint.facts.source_text import source_lines
from eventlint.model import Span

START = Span(1, 1, 1, 1)
_LIBCST_FOLDER = str(Path(cst.__file__).parent)


def describe(error: BaseException) -> str:
    """An exception as one line: its type and the first line of its message."""
    message = str(error).strip().splitlines()
    return f"{type(error).__name__}: {message[0]}" if message else type(error).__name__


def raised_by_libcst(error: BaseException) -> bool:
    """Whether libcst raised it (its own exception types, or raised inside its code)."""
    if type(error).__module__.split(".")[0] == "libcst":
        return True
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    return trace is not None and trace.tb_frame.f_code.co_filename.startswith(_LIBCST_FOLDER)


def syntax_failure(text: str, error: cst.ParserSyntaxError) -> ParseFailure:
    """Where and why a file does not parse, in the words of Python's own parser if it agrees.

    libcst places the error after the token that failed (often the next line);
    CPython's parser names the statement itself and says why, so we ask it
    first and fall back to libcst's own position when CPython accepts the file.
    """
    verdict = _python_verdict(text)
    if isinstance(verdict, ParseFailure):
        return verdict
    line, column = _position(text, error)
    detail = error.message.splitlines()[0]
    if verdict:  # Python accepts it: a limit of libcst's, not an error of the file
        return ParseFailure(
            f"libcst cannot parse this file, though Python accepts it ({detail})", Span(line, column, line, column)
        )
    return ParseFailure(f"syntax error: {detail}", Span(line, column, line, column))


def python_syntax_error(text: str) -> ParseFailure | None:
    """The syntax error Python's own parser finds in a text, in its words and at its position."""
    verdict = _python_verdict(text)
    return verdict if isinstance(verdict, ParseFailure) else None


def _python_verdict(text: str) -> ParseFailure | bool:
    """Python's syntax error, True when it accepts the text, False when it cannot tell."""
    try:
        on_the_parsing_stack(lambda: ast.parse(text), COMPILE_RECURSION)  # as deep as Python itself goes
    except SyntaxError as python_error:
        line = python_error.lineno or 1
        column = python_error.offset or 1
        return ParseFailure(f"syntax error: {python_error.msg}", Span(line, column, line, column))
    except (ValueError, RecursionError, MemoryError):
        return False
    return True


def _position(text: str, error: cst.ParserSyntaxError) -> tuple[int, int]:
    """libcst's position of the error, kept inside the file."""
    match = re.search(r"error at (\d+):(\d+)", error.message)
    line, column = (int(match[1]), int(match[2]) + 1) if match else (error.raw_line, error.raw_column + 1)
    lines = source_lines(text) or [""]
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return max(line, 1), max(column, 1)
