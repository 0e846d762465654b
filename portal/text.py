"""One cleaning for every text that enters the portal (forms, imports) or leaves it
(spreadsheets): no character that XML 1.0 forbids, Unicode in NFC.

XML 1.0 allows TAB, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD and U+10000–U+10FFFF. Anything
else (NUL, the other C0 controls, lone surrogates, U+FFFE, U+FFFF) cannot be written to
an .xlsx by openpyxl/lxml, cannot be stored by PostgreSQL (NUL), and has no business in a
citizen's opinion. NFC makes "Hòa" typed on two keyboards the same string, so searches
and the unique constraints see one value.
"""

from __future__ import annotations

import re
import unicodedata

_ILLEGAL = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
ILLEGAL_XML_CHARS = re.compile(f"[{_ILLEGAL}]")
# The same class written with escapes, for a database regex filter (PostgreSQL's and
# SQLite's, which is Python's): a bound parameter cannot carry NUL or a lone surrogate,
# and neither database can store those anyway.
ILLEGAL_XML_PATTERN = r"[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


def clean_text(value: str) -> str:
    """The text without XML-illegal characters, in NFC."""
    if not value:
        return value
    return unicodedata.normalize("NFC", ILLEGAL_XML_CHARS.sub("", value))


_VIETNAMESE_D = str.maketrans({"đ": "d", "Đ": "D"})


def _fold_slowly(value: str) -> str:
    decomposed = unicodedata.normalize("NFD", value.translate(_VIETNAMESE_D))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).lower()


# The same folding as one str.translate for the Latin letters with diacritics (every
# Vietnamese one among them) and the combining marks: SQLite calls fold() once per row.
_FOLD_TABLE = {
    code: _fold_slowly(chr(code)) for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]
}
_FOLD_TABLE.update(
    dict.fromkeys(code for code in range(0x300, 0x370) if unicodedata.combining(chr(code)))
)


def fold(value: str | None) -> str | None:
    """The text as search compares it: lower case, without accents, đ as d
    ("Đỗ Thị Hoà" -> "do thi hoa"). The database compares the same folding of its
    columns (portal/search.py: PostgreSQL's unaccent, SQLite this very function)."""
    if value is None:
        return None
    folded = value.translate(_FOLD_TABLE).lower()
    return folded if folded.isascii() else _fold_slowly(folded)


def search_terms(value: str) -> str:
    """What a typed search looks for: folded, spaces collapsed."""
    return " ".join((fold(value) or "").split())
