"""The stdio framing of the protocol, made robust: garbage from the client costs only itself.

pygls reads `Content-Length: N` headers and then exactly N bytes, trusting
both: a huge length makes it allocate that much and die, and one malformed
or mistimed header puts it out of step for good (every later body is read
as a header line and ignored). `Frames` sits between the pipe and pygls: it
finds each well-formed message in the raw stream itself and hands pygls
only clean frames. What it cannot use it reports and skips, resynchronising
on the next line that ends in a `Content-Length:` header (a JSON body never
holds a raw line break inside a string, so such a line is a header). It
never reads more than a line's bounded chunk or a capped body at once, and
allocates a body only as its bytes arrive.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from io import BufferedIOBase

MAX_BODY = 64 * 1024 * 1024  # bytes: a larger message is skipped (an editor's buffers are far smaller)
_CHUNK = 64 * 1024  # bytes read at once from a line or a body
_TAIL = 256  # bytes of a long line kept: enough to hold the header a garbage line may end with
_HEADER = re.compile(rb"Content-Length[ \t]*:[ \t]*([^\r\n]*?)[ \t]*\r?\n\Z", re.IGNORECASE)
_INSIDE = re.compile(rb"Content-Length[ \t]*:[ \t]*[0-9]+[ \t]*\r?\n")  # a header inside a body (as clients write it)
_FIELD = re.compile(rb"\A[A-Za-z0-9-]+[ \t]*:[^\r\n]*\r?\n\Z")  # another header (Content-Type)


class Frames:
    """A reader of the protocol's frames over a raw byte stream, as pygls reads stdin.

    pygls calls `readline()` for the header lines and `read(n)` for a body;
    this answers with one clean frame at a time (`Content-Length: N`, a blank
    line, the body) built from the next sound message of `stream`, and b""
    at the end of the stream. `warn` hears of everything skipped.
    """

    def __init__(self, stream: BufferedIOBase, warn: Callable[[str], None]) -> None:
        self.stream = stream
        self.warn = warn
        self._pending: list[bytes] = []  # the lines of the frame being handed out
        self._body = b""
        self._buffer = b""  # bytes read too far (into the next message), to be read again

    # -- what pygls calls ----------------------------------------------------------------
    def readline(self) -> bytes:
        """The next header line of a clean frame; b"" at the end of the stream."""
        if not self._pending:
            body = self._next_body()
            if body is None:
                return b""
            self._body = body
            self._pending = [b"Content-Length: %d\r\n" % len(body), b"\r\n"]
        return self._pending.pop(0)

    def read(self, size: int = -1) -> bytes:
        """The body of the frame whose headers were just read (pygls asks for its length)."""
        body, self._body = self._body, b""
        return body

    # -- the raw stream -------------------------------------------------------------------
    def _next_body(self) -> bytes | None:
        """The body of the next sound message, skipping (and reporting) what is not one; None at the end."""
        length: int | None = None
        skipped = 0
        while True:
            line, size = self._line()
            if size == 0:
                if skipped or length is not None:
                    self.warn(f"the input ended inside a message; {skipped} bytes skipped")
                return None
            header = _HEADER.search(line)
            if header is not None:
                garbage = size - (len(line) - header.start())
                if length is not None or skipped or garbage:
                    self.warn(f"skipped {skipped + garbage} bytes that are not a message before a header")
                skipped = 0
                length = self._length(header.group(1))
                continue
            if size <= 2 and line.strip() == b"":
                if length is not None:
                    body = self._body_of(length)
                    if body != b"":  # b"": cut short by the next message's header, which is read next
                        return body
                    length = None
                    continue
                skipped += size  # a blank line with no length before it
                continue
            if length is not None and size == len(line) and _FIELD.match(line):
                continue  # another header of this message
            if length is not None:
                self.warn("a message's headers were broken by a line that is not a header; it is skipped")
                length = None
            skipped += size

    def _length(self, value: bytes) -> int | None:
        """The length a header states, or None (reported) when it is not one to act on."""
        text = value.decode("latin-1")
        if not text.isdigit() or not text.isascii():
            self.warn(f"ignored a message: Content-Length {text!r} is not a length")
            return None
        if len(text) > 12 or int(text) > MAX_BODY:
            self.warn(f"ignored a message: Content-Length {text} is above the limit of {MAX_BODY} bytes")
            return None
        if int(text) == 0:
            self.warn("ignored an empty message")
            return None
        return int(text)

    def _body_of(self, length: int) -> bytes | None:
        """`length` bytes, read as they arrive; None when the stream ends first, b"" when cut short.

        A body never holds a `Content-Length` header (a JSON string cannot
        hold a raw line break, and the name is not JSON outside one): when
        one turns up, the length was too long and the header starts the next
        message, so the bytes before it are skipped and the rest read again.
        """
        body = bytearray()  # grows as bytes arrive: never the claimed length up front, never copied whole per chunk
        while len(body) < length:
            chunk = self._some(min(length - len(body), _CHUNK))
            if not chunk:
                self.warn(f"the input ended inside a message body ({len(body)} of {length} bytes)")
                return None
            searched = max(len(body) - _TAIL, 0)
            body += chunk
            inside = _INSIDE.search(body, searched)
            if inside is not None:
                self.warn(f"skipped a message shorter than its Content-Length {length} ({inside.start()} bytes)")
                self._buffer = bytes(body[inside.start() :]) + self._buffer
                return b""
        return bytes(body)

    def _some(self, size: int) -> bytes:
        """Up to `size` bytes, as soon as there are any; b"" at the end."""
        if self._buffer:
            piece, self._buffer = self._buffer[:size], self._buffer[size:]
            return piece
        return self.stream.read1(size)

    def _line(self) -> tuple[bytes, int]:
        """The next line (its last bytes only, when long) and its whole size; size 0 at the end."""
        kept = b""
        size = 0
        while True:
            chunk = self._chunk_of_line()
            if not chunk:
                return kept, size
            size += len(chunk)
            kept = kept[-_TAIL:] + chunk
            if chunk.endswith(b"\n"):
                return kept, size

    def _chunk_of_line(self) -> bytes:
        """The rest of the current line, or its next bounded chunk."""
        if self._buffer:
            end = self._buffer.find(b"\n", 0, _CHUNK)
            cut = end + 1 if end >= 0 else min(len(self._buffer), _CHUNK)
            piece, self._buffer = self._buffer[:cut], self._buffer[cut:]
            return piece
        return self.stream.readline(_CHUNK)
