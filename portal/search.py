"""Accent- and case-insensitive search: `name__fold__contains=search_terms(q)`.

`fold` is a transform on every CharField and TextField. It calls the database function
`portal_fold(text)`, the column lower-cased without accents and with đ as d:
- PostgreSQL: `lower(unaccent(...))`, declared IMMUTABLE so that a GIN trigram index can
  be built over it (portal/migrations/0013_search_fold.py creates the function, and the
  apps their indexes); where the unaccent extension cannot be created, the same function
  is a `translate()` over the Vietnamese letters.
- SQLite: the Python `portal.text.fold`, registered on every new connection.
The query side is folded in Python by `portal.text.search_terms`, so both sides agree.
"""

from __future__ import annotations

from django.db.backends.signals import connection_created
from django.db.models import CharField, Q, TextField, Transform

from portal.text import fold, search_terms

FUNCTION = "portal_fold"


class Fold(Transform):
    lookup_name = "fold"
    function = FUNCTION
    output_field = TextField()


def _register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(FUNCTION, 1, fold, deterministic=True)


def install() -> None:
    """Called once from PortalConfig.ready()."""
    CharField.register_lookup(Fold)
    TextField.register_lookup(Fold)
    connection_created.connect(_register_sqlite_function, dispatch_uid="portal.search_fold")


# --- PostgreSQL: the function and the trigram indexes (used by migrations) ---------------


def _translate_tables() -> tuple[str, str]:
    """The fallback without unaccent: every Latin letter with a diacritic (Vietnamese
    among them) to its bare letter, and the combining marks of NFD text removed."""
    source, target = [], []
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        bare = fold(char)
        if bare != char.lower() and len(bare) == 1 and bare.isascii():
            source.append(char)
            target.append(bare)
    marks = [chr(code) for code in range(0x300, 0x370)]
    return "".join(source + marks), "".join(target)


def fold_function_sql(unaccent_schema: str | None) -> str:
    if unaccent_schema:
        body = f"SELECT lower({unaccent_schema}.unaccent('{unaccent_schema}.unaccent', $1))"
    else:
        source, target = _translate_tables()
        body = f"SELECT lower(translate($1, '{source}', '{target}'))"
    return (
        f"CREATE OR REPLACE FUNCTION {FUNCTION}(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fold$ {body} $fold$"
    )


def fold_index_sql(name: str, table: str, column: str) -> str:
    return (
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
        f"USING gin ({FUNCTION}({column}) gin_trgm_ops)"
    )


class FoldSearchMixin:
    """For a ModelAdmin: its search box also matches the text of `search_fields` without
    accents ("tran thi hoa" finds "Trần Thị Hoa"), beside Django's own icontains."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        terms = search_terms(search_term)
        if not terms:
            return results, may_have_duplicates
        folded = Q()
        for name in self.get_search_fields(request):
            if name[:1] not in "^=@":
                folded |= Q(**{f"{name}__fold__contains": terms})
        return results | queryset.filter(folded), True
