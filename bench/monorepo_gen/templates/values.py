"""Value objects' methods, enumerations and exception hierarchies of the plain modules."""

from __future__ import annotations

VALUE_OBJECT_DOCS = (
    "The {noun} as the {svc} context understands it.",
    "An immutable description of a {noun}; compared by value.",
    "What a {noun} is made of, validated once on creation.",
    "Value object: a {noun} with its bounds checked.",
    "A {noun} as read from the configuration of the {svc} service.",
)


WITH_COUNT = '''
    def with_$f(self, $f: int) -> $cls:
        """A copy with another ``$f``."""
        return replace(self, $f=$f)
'''


NORMALIZED_TEXT = '''
    def normalized_$f(self) -> str:
        """``$f`` lower-cased, with runs of whitespace collapsed."""
        return " ".join(self.$f.split()).lower()
'''


ROUNDED_MONEY = '''
    def rounded_$f(self, places: int = 2) -> Decimal:
        """``$f`` rounded half-up to ``places`` decimals."""
        quantum = Decimal(1).scaleb(-places)
        return self.$f.quantize(quantum, rounding=ROUND_HALF_UP)
'''


HAS_TAG = '''
    def has_tag(self, tag: str) -> bool:
        """Whether ``tag`` is one of the tags, ignoring case."""
        wanted = tag.strip().lower()
        return any(existing.lower() == wanted for existing in self.$f)
'''


IS_DUE = '''
    def is_due(self, now: datetime, grace: timedelta = timedelta(minutes=$g)) -> bool:
        """Whether ``$f`` has passed, allowing for ``grace``."""
        return now >= self.$f + grace
'''


ENUM_METHODS = '''
    @property
    def is_final(self) -> bool:
        """Whether nothing can follow this value."""
        return self in ($terminal,)

    @classmethod
    def parse(cls, label: str) -> $cls:
        """The member whose value is ``label``, ignoring case and surrounding blanks."""
        wanted = label.strip().lower()
        for member in cls:
            if member.value == wanted:
                return member
        raise ValueError(f"unknown $what: {label!r}")
'''


ERRORS = '''
    class $base(Exception):
        """Base class of the errors raised about a $what."""


    class ${base_stem}NotFoundError($base, LookupError):
        """No $what has the requested key."""

        def __init__(self, key: str) -> None:
            super().__init__(f"no $what with key {key!r}")
            self.key = key
'''


CONFLICT_ERROR = '''


    class ${base_stem}ConflictError($base):
        """The $what was changed by someone else in the meantime."""

        def __init__(self, key: str, expected: int, actual: int) -> None:
            super().__init__(f"$what {key!r} is at version {actual}, expected {expected}")
            self.key = key
            self.expected = expected
            self.actual = actual
'''
