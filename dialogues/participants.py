"""Reading a participant group's printed lines as people and units to invite.

The printed plan says what the ward wrote ("- Mời đại diện Thường trực Đảng uỷ phường;",
"- Trưởng Công an phường;"). An invitation needs an addressee: a person (his name, or
at least his position) or a unit, whose leaders send a representative. `members_parse`
turns the lines into those rows; nothing here touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Words a line opens with that make it a unit (an office, an organisation, a
# neighbourhood) rather than a person: "Thường trực Đảng uỷ phường", "UB MTTQ phường".
UNIT_WORDS = (
    "thường trực", "đảng uỷ", "đảng ủy", "ủy ban", "uỷ ban", "ub ", "ubnd", "hđnd", "mttq",
    "mặt trận", "hội ", "đoàn ", "các đoàn thể", "tổ dân phố", "khu phố", "khóm", "ấp ",
    "thôn ", "ban ", "phòng ", "văn phòng", "công an", "quân sự", "chi bộ", "trường ",
    "trạm ", "bộ phận", "các tổ", "các hội", "các ban", "liên đoàn", "cựu chiến binh",
)  # fmt: skip
HONORIFICS = ("ông", "bà", "đồng chí", "đ/c", "anh", "chị")
_LEADING = re.compile(r"^[\s\-–—•*+·.;,:]+")
_INVITE = re.compile(r"^(?:xin\s+)?mời\s+(?:(?:các|ông|bà)\s+)?(?:đại\s+diện\s+)?", re.I)
_DELEGATE = re.compile(r"^đại\s+diện\s+(?:lãnh\s+đạo\s+)?", re.I)
_TRAILING = re.compile(r"[\s.;,:…\-–—]+$")
_DASH = re.compile(r"\s+[-–—]\s+")


@dataclass(frozen=True)
class Invitee:
    """One row of a group: a unit (`is_unit`, only `unit`) or a person."""

    is_unit: bool = False
    name: str = ""
    position: str = ""
    unit: str = ""


def _clean(text: str) -> str:
    text = _LEADING.sub("", text.strip())
    text = _TRAILING.sub("", text)
    return re.sub(r"\s+", " ", text).strip()


def _is_unit(text: str) -> bool:
    low = text.lower() + " "
    return low.startswith(UNIT_WORDS)


def _honorific(text: str) -> str | None:
    """The text after an honorific ("Ông Nguyễn Văn A - ..."), or None."""
    low = text.lower()
    for word in HONORIFICS:
        if low.startswith(word + " "):
            return text[len(word) :].strip()
    return None


def _person_with_name(text: str) -> Invitee:
    """'Nguyễn Văn A - Chủ tịch UBND phường' or '... - Chủ tịch, UBND phường'."""
    parts = _DASH.split(text, maxsplit=1)
    name, rest = (parts[0], parts[1]) if len(parts) == 2 else (text, "")
    position, _comma, unit = rest.partition(",")
    return Invitee(name=_clean(name), position=_clean(position), unit=_clean(unit))


def _one(part: str, *, representative: bool = False) -> Invitee | None:
    part = _clean(part)
    if not part:
        return None
    named = _honorific(part)
    if named is not None:
        return _person_with_name(named)
    if representative or _is_unit(part):
        return Invitee(is_unit=True, unit=part)
    return Invitee(position=part[0].upper() + part[1:])


def line_parse(line: str) -> list[Invitee]:
    """One printed line as the people and units it names."""
    text = _clean(line)
    if not text:
        return []
    # "Mời đại diện X" / "Đại diện X": X sends a representative, so X is a unit.
    invited = _INVITE.sub("", text)
    stripped = _DELEGATE.sub("", invited)
    representative = stripped != invited or bool(
        re.match(r"^(?:xin\s+)?mời\s+(?:\S+\s+)?đại\s+diện", text, re.I)
    )
    text = _clean(stripped)
    if _honorific(text) is not None:  # a named person: commas belong to his position
        return [i for i in [_one(text)] if i]
    # "Các bộ phận chuyên môn phường: Công chức A; Công chức B": the heading goes.
    head, colon, tail = text.partition(":")
    if colon and tail.strip():
        text = tail
    parts = [p for p in re.split(r"[;,]", text) if _clean(p)]
    single = len(parts) == 1
    return [i for p in parts if (i := _one(p, representative=representative and single))]


def members_parse(members: str) -> list[Invitee]:
    """Every line of a group's `members`, in order, without repeats."""
    seen: set[Invitee] = set()
    rows = []
    for line in members.splitlines():
        for invitee in line_parse(line):
            if invitee not in seen:
                seen.add(invitee)
                rows.append(invitee)
    return rows
