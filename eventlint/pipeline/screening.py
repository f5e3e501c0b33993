"""Screening: what a file's text and Python's own compiler tell before any libcst parse.

Every file is screened; only files whose text mentions the event vocabulary
(or that Python itself rejects, where libcst must give the verdict) are
parsed. Screening also keeps libcst away from what crashes or hangs it: a
file the compiler finds too deeply nested is reported as EVL001 at once, and
a file it rejects is parsed only in an isolated worker process.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from eventlint.extractor.parsing_stack import COMPILE_RECURSION, on_the_parsing_stack
from eventlint.facts.records import ParseFailure
from eventlint.facts.source_text import decode, decode_failure
from eventlint.facts.vocabulary import Vocabulary, star_imports
from eventlint.model import Span

# CPython's tokenizer stops at 200 nested brackets; libcst's parser, past it,
# runs out of native stack or time. Such a file is not runnable Python anyway.
_TOO_DEEP_MESSAGES = ("too many nested parentheses",)
# Python's own compiler ran out of the memory one file may use (a file this
# big is screened in a worker, whose memory is bounded).
TOO_BIG = "too big to check: Python's own compiler ran out of the memory one file may use"
_BIG = 1_000_000  # characters


@dataclass(frozen=True)
class Screening:
    """A file's screening: a failure known without parsing, and what parsing it needs."""

    failure: ParseFailure | None = None
    compiles: bool = True  # Python's own compiler accepts it: safe to parse in-process
    mentions_vocabulary: bool = False  # its text names an event or dispatch word
    # The modules it star-imports, as written: such a file is relevant when one
    # of them is (`eventlint.pipeline.relevance`), since a star import may bind any name.
    star_imports: tuple[str, ...] = ()

    @property
    def needs_parse(self) -> bool:
        """Whether the file must be parsed in any case (relevant, or only libcst can judge it)."""
        return self.failure is None and (self.mentions_vocabulary or not self.compiles)


def screen(data: bytes, vocabulary: Vocabulary) -> Screening:
    """Decode the file, look for the vocabulary, and ask Python's compiler whether it is sound."""
    try:
        text = decode(data)
    except (UnicodeDecodeError, SyntaxError, LookupError) as error:
        return Screening(failure=decode_failure(error), compiles=False)
    mentions = vocabulary.mentioned_in(text)
    stars = star_imports(text)
    try:
        on_the_parsing_stack(lambda: _compile(text), COMPILE_RECURSION)
    except MemoryError as error:
        if len(text) > _BIG:  # no bound a small file can reach: its parser's stack overflowed
            return Screening(failure=ParseFailure(TOO_BIG, Span(1, 1, 1, 1)), compiles=False)
        return Screening(failure=_too_deep(str(error) or type(error).__name__, Span(1, 1, 1, 1)), compiles=False)
    except RecursionError as error:
        reason = str(error) or type(error).__name__
        return Screening(failure=_too_deep(reason, Span(1, 1, 1, 1)), compiles=False)
    except SyntaxError as error:
        if any(message in str(error.msg) for message in _TOO_DEEP_MESSAGES):
            line, column = error.lineno or 1, error.offset or 1
            return Screening(failure=_too_deep(str(error.msg), Span(line, column, line, column)), compiles=False)
        return Screening(compiles=False, mentions_vocabulary=mentions, star_imports=stars)
    except Exception:  # e.g. an integer literal past the conversion limit: libcst decides
        return Screening(compiles=False, mentions_vocabulary=mentions, star_imports=stars)
    return Screening(mentions_vocabulary=mentions, star_imports=stars)


def _compile(text: str) -> None:
    """Python's own compile, as when the module is imported (where it runs decides how deep it goes)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        compile(text, "<screened>", "exec", dont_inherit=True)


def _too_deep(reason: str, span: Span) -> ParseFailure:
    return ParseFailure(f"too deeply nested to parse: Python's own compiler gives up on it ({reason})", span)
