"""Understanding when something happened, as citizens type it in Indonesian or English.

"tadi malam", "kemarin sore", "23/11", "2 hari lalu", "senin lalu jam 8 malam",
"just now", "yesterday evening". The answer is a local wall-clock time plus how precise
it is; the caller turns it into UTC with the Polres's zone once the place is known.
A time in the future is reported as such rather than guessed into the past.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

Precision = Literal["moment", "part_of_day", "day"]


@dataclass(frozen=True, slots=True)
class WhenAnswer:
    local: datetime  # naive local wall-clock time
    precision: Precision


class FutureTimeError(ValueError):
    """The text names a time after now."""


_NUMBER_WORDS = {
    "se": 1,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "dua belas": 12,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "a": 1,
    "an": 1,
}
_PARTS = {  # part of day -> representative hour
    "dini hari": 2,
    "subuh": 5,
    "pagi": 8,
    "siang": 12,
    "sore": 16,
    "petang": 18,
    "malam": 20,
    "morning": 8,
    "noon": 12,
    "afternoon": 15,
    "evening": 19,
    "night": 21,
}
_MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "februari": 2,
    "pebruari": 2,
    "february": 2,
    "mar": 3,
    "maret": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "mei": 5,
    "may": 5,
    "jun": 6,
    "juni": 6,
    "june": 6,
    "jul": 7,
    "juli": 7,
    "july": 7,
    "agu": 8,
    "agt": 8,
    "agus": 8,
    "agustus": 8,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "okt": 10,
    "oktober": 10,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "nop": 11,
    "november": 11,
    "nopember": 11,
    "des": 12,
    "desember": 12,
    "dec": 12,
    "december": 12,
}
_WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
    "monday": 0,
    "tuesday": 1,
    "wednesday": 2,
    "thursday": 3,
    "friday": 4,
    "saturday": 5,
    "sunday": 6,
}
_UNITS = {
    "menit": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "minutes": timedelta(minutes=1),
    "mnt": timedelta(minutes=1),
    "jam": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "hours": timedelta(hours=1),
    "hari": timedelta(days=1),
    "day": timedelta(days=1),
    "days": timedelta(days=1),
    "minggu": timedelta(weeks=1),
    "pekan": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "weeks": timedelta(weeks=1),
}

_AGO = re.compile(
    r"\b(?P<n>\d+|se|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|"
    r"one|two|three|four|five|six|seven|an?)\s*"
    r"(?P<unit>menit|mnt|jam|hari|minggu|pekan|minutes?|hours?|days?|weeks?)\s*"
    r"(?:yang\s+)?(?:lalu|yg\s+lalu|kemarin|ago|sebelumnya)\b"
)
_SE_UNIT = re.compile(r"\b(?:se)(?P<unit>menit|jam|hari|minggu|pekan)\s+(?:yang\s+)?lalu\b")
_NUMERIC_DATE = re.compile(r"\b(?P<d>\d{1,2})[/\-.](?P<m>\d{1,2})(?:[/\-.](?P<y>\d{2,4}))?\b")
_WORD_DATE = re.compile(
    r"\b(?:tgl\.?|tanggal\s+)?(?P<d>\d{1,2})\s+(?P<m>[a-z']+)(?:\s+(?P<y>\d{4}))?\b"
)
_DAY_ONLY = re.compile(r"\b(?:tgl\.?|tanggal)\s*(?P<d>\d{1,2})\b")
_CLOCK = re.compile(
    r"\b(?:jam|pukul|pkl\.?|at)\s*(?P<h>\d{1,2})(?:[.:](?P<min>\d{2}))?\b|"
    r"\b(?P<h2>\d{1,2})[.:](?P<min2>\d{2})\b"
)


def _normalise(text: str) -> str:
    text = text.lower().strip()
    text = re.sub(r"\s+", " ", text)
    replacements = {
        r"\bkmrn\b|\bkmarin\b|\bkmrin\b|\bkemaren\b|\bkmren\b": "kemarin",
        r"\bbru saja\b|\bbaru aja\b|\bbaru saja\b|\bbarusan\b|\bbaru tadi\b": "baru saja",
        r"\bsmlm\b|\bsemalem\b": "semalam",
        r"\bmlm\b|\bmalem\b": "malam",
        r"\bhr\b": "hari",
        r"\bmggu\b|\bmgg\b": "minggu",
        r"\blalu2\b": "lalu",
        r"\bjumat\b|\bjum'at\b": "jumat",
    }
    for pattern, replacement in replacements.items():
        text = re.sub(pattern, replacement, text)
    return text


def _find_part(text: str) -> int | None:
    for name, hour in _PARTS.items():
        if re.search(rf"\b{name}\b", text):
            return hour
    return None


def _clock(text: str, part_hour: int | None) -> tuple[int, int] | None:
    match = _CLOCK.search(text)
    if not match:
        return None
    hour = int(match.group("h") or match.group("h2"))
    minute = int(match.group("min") or match.group("min2") or 0)
    if hour > 23 or minute > 59:
        return None
    # "jam 8 malam" is 20:00; "jam 2 siang" is 14:00; "jam 9 pagi" stays 9.
    if (
        part_hour is not None
        and part_hour >= 12
        and hour < 12
        and not (part_hour == 12 and hour >= 10)
    ):
        hour += 12
    return hour, minute


def _at(day: datetime, text: str, default: Precision = "day") -> WhenAnswer:
    part_hour = _find_part(text)
    clock = _clock(text, part_hour)
    if clock:
        return WhenAnswer(
            day.replace(hour=clock[0], minute=clock[1], second=0, microsecond=0), "moment"
        )
    if part_hour is not None:
        return WhenAnswer(
            day.replace(hour=part_hour, minute=0, second=0, microsecond=0), "part_of_day"
        )
    return WhenAnswer(day.replace(hour=12, minute=0, second=0, microsecond=0), default)


def _year_for(day: int, month: int, now: datetime) -> datetime | None:
    """A date without a year is the most recent one not in the future."""
    for year in (now.year, now.year - 1):
        try:
            candidate = now.replace(year=year, month=month, day=day)
        except ValueError:
            continue
        if candidate.date() <= now.date():
            return candidate
    return None


def parse_when(text: str, now: datetime) -> WhenAnswer | None:
    """Understand `text` relative to `now` (local, naive). None when not understood.

    Raises FutureTimeError when the text clearly names a time after now.
    """
    t = _normalise(text)
    if not t:
        return None
    now = now.replace(tzinfo=None)
    result = _parse(t, now)
    if result is not None and result.local > now + timedelta(minutes=5):
        if result.precision == "moment" or result.local.date() > now.date():
            raise FutureTimeError(text)
        # "tadi malam" said in the afternoon means last night, not tonight.
        result = WhenAnswer(result.local - timedelta(days=1), result.precision)
    return result


def _parse(t: str, now: datetime) -> WhenAnswer | None:
    today = now.replace(second=0, microsecond=0)
    if re.search(r"\b(baru saja|just now|right now|sekarang|saat ini|barusan|now)\b", t):
        return WhenAnswer(today, "moment")

    if (match := _AGO.search(t)) or (match := _SE_UNIT.search(t)):
        raw_n = match.groupdict().get("n") or "se"
        n = int(raw_n) if raw_n.isdigit() else _NUMBER_WORDS.get(raw_n, 1)
        unit = _UNITS[match.group("unit")]
        moment = today - n * unit
        if unit >= timedelta(days=1):
            return _at(moment, t)
        return WhenAnswer(moment, "moment")

    if re.search(r"\b(semalam|tadi malam|last night)\b", t):
        night = today if now.hour >= 18 else today - timedelta(days=1)
        return _at(
            night.replace(hour=20, minute=0), t if _CLOCK.search(t) else "malam", "part_of_day"
        )
    for name, weekday in _WEEKDAYS.items():
        if re.search(rf"\b{name}\b", t) and not re.search(r"\bminggu (lalu|ini|kemarin)\b", t):
            back = (now.weekday() - weekday) % 7
            if back == 0 and re.search(r"\b(lalu|kemarin|last)\b", t):
                back = 7
            return _at(today - timedelta(days=back), t)
    if re.search(r"\b(kemarin lusa|2 hari lalu)\b", t):
        return _at(today - timedelta(days=2), t)
    if re.search(r"\b(kemarin|yesterday)\b", t):
        return _at(today - timedelta(days=1), t)
    if re.search(r"\b(hari ini|today|tadi|this)\b", t):
        answer = _at(today, t)
        return answer if answer.precision != "day" else WhenAnswer(today, "day")

    if match := _WORD_DATE.search(t):
        month = _MONTHS.get(match.group("m"))
        if month:
            return _dated(int(match.group("d")), month, match.group("y"), t, now)
    if match := _NUMERIC_DATE.search(t):
        day, month = int(match.group("d")), int(match.group("m"))
        if 1 <= month <= 12 and not _CLOCK.fullmatch(match.group(0)):
            return _dated(day, month, match.group("y"), t, now)
    if match := _DAY_ONLY.search(t):
        day = int(match.group("d"))
        base = _year_for(day, now.month, now) if day <= now.day else None
        if base is None:
            previous = now.replace(day=1) - timedelta(days=1)
            base = _year_for(day, previous.month, now)
        return _at(base, t) if base else None

    if re.search(r"\b(minggu lalu|pekan lalu|last week)\b", t):
        return WhenAnswer(today - timedelta(weeks=1), "day")

    part = _find_part(t)
    clock = _clock(t, part)
    if clock or part is not None:
        answer = _at(today, t)
        if answer.local > now:  # "jam 9 malam" said at 14.30: last night, not tonight
            answer = WhenAnswer(answer.local - timedelta(days=1), answer.precision)
        return answer
    return None


def _dated(day: int, month: int, year_text: str | None, t: str, now: datetime) -> WhenAnswer | None:
    if year_text:
        year = int(year_text)
        if year < 100:
            year += 2000
        try:
            base = now.replace(year=year, month=month, day=day)
        except ValueError:
            return None
    else:
        found = _year_for(day, month, now)
        if found is None:
            return None
        base = found
    return _at(base, t)
