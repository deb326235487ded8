"""Understanding when something happened, as citizens type it in Indonesian or English.

"tadi malam", "kemarin sore", "23/11", "2 hari lalu", "senin lalu jam 8 malam",
"Senin, 3 November 2025", "Minggu (29/11) pukul 19.00 WIB", "setengah 8 malam",
"antara jam 10 dan 11 tadi malam", "sudah 3 kali, terakhir kemarin", "just now",
"yesterday at 3pm". The answer is a local wall-clock time plus how precise it is and the
part of the text it came from; the caller turns it into UTC with the Polres's zone once the
place is known.

The rules, in order of trust:

* an explicit date (day and month, with or without a year) wins over everything else; a
  weekday written next to it ("Senin, 3 November 2025") is only decoration. A date without
  a year is the most recent such date not after today. An impossible date ("31 Februari",
  "30/2") or clock ("jam 25") is not understood (None), never guessed;
* then "N units ago", then a weekday, then words for days ("kemarin", "semalam", "tadi");
* a time of day ("jam 8 malam", "pukul 19.00", "setengah 8", "3pm") or a part of the day
  ("sore") is put on that day; "semalam jam 2" is the small hours after last evening;
* a time with no day is the most recent such time;
* for "sejak ..., terakhir ..." the last occurrence is the answer;
* a time truly after now ("besok", "nanti malam", "1 januari 2030") raises FutureTimeError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

Precision = Literal["moment", "part_of_day", "day", "range"]

_FUTURE_TOLERANCE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class WhenAnswer:
    local: datetime  # naive local wall-clock time
    precision: Precision  # "range": the start of a span of time ("jam 10-11")
    phrase: str = ""  # the part of the text the answer came from


class FutureTimeError(ValueError):
    """The text names a time after now."""


class _Invalid(Exception):
    """The text names an impossible date or time: not understood rather than guessed."""


# --- vocabulary -------------------------------------------------------------------------

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
    "duabelas": 12,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
    "a couple of": 2,
    "couple of": 2,
}
_ID_DIGIT = r"(?:satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan)"
_NUMBER_RE = (
    rf"{_ID_DIGIT} puluh(?: {_ID_DIGIT})?|{_ID_DIGIT} belas|"
    r"twenty|thirty|forty|forty-five|fifteen|half an?|"
    r"\d{1,3}|dua belas|duabelas|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|"
    r"sepuluh|sebelas|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
    r"a couple of|couple of|an?"
)
_HOUR_WORD_RE = (
    r"\d{1,2}|dua belas|duabelas|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|"
    r"sepuluh|sebelas|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
)

# part of day -> (representative hour, hour it starts)
_PARTS: dict[str, tuple[int, int]] = {
    "dini hari": (2, 0),
    "early hours": (2, 0),
    "small hours": (2, 0),
    "tengah malam": (0, 0),
    "midnight": (0, 0),
    "subuh": (5, 3),
    "fajar": (5, 4),
    "pagi": (8, 4),
    "morning": (8, 4),
    "siang": (12, 10),
    "noon": (12, 11),
    "midday": (12, 11),
    "tengah hari": (12, 11),
    "sore": (16, 14),
    "afternoon": (15, 12),
    "ashar": (15, 15),
    "asar": (15, 15),
    "petang": (18, 17),
    "maghrib": (18, 17),
    "magrib": (18, 17),
    "isya": (19, 18),
    "evening": (19, 17),
    "malam": (20, 18),
    "night": (21, 18),
    "tonight": (20, 18),
}
_PART_RE = re.compile(
    r"\b(?P<part>dini hari|early hours|small hours|tengah malam|tengah hari|midnight|subuh|"
    r"fajar|pagi|morning|"
    r"siang|noon|midday|sore|afternoon|ashar|asar|petang|maghrib|magrib|isya|evening|"
    r"malam|night|tonight)\b"
)
_EVENING_PARTS = {"sore", "afternoon", "ashar", "asar", "petang", "maghrib", "magrib", "isya"}
_NIGHT_PARTS = {"malam", "night", "evening", "tonight"}

_MONTHS = {
    "jan": 1,
    "januari": 1,
    "january": 1,
    "feb": 2,
    "peb": 2,
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
    "ags": 8,
    "agus": 8,
    "agust": 8,
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
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))

_WEEKDAYS = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
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
    "mon": 0,
    "tue": 1,
    "tues": 1,
    "wed": 2,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "fri": 4,
    "sat": 5,
    "sun": 6,
}
_SHORT_WEEKDAYS = {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
_WEEKDAY_RE = re.compile(
    r"\b(?:(?P<pre>hari|malam|last|on|this|next|tiap|setiap)\s+)?"
    r"(?P<day>senin|selasa|rabu|kamis|jumat|sabtu|minggu|ahad|monday|tuesday|wednesday|"
    r"thursday|friday|saturday|sunday|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b"
    r"(?P<post>\s*,?\s*(?:kemarin lusa|kemarin|lalu|yang lalu|kmrn|ini|depan|besok|"
    r"kemarinnya|last week|this week|next week)\b)?"
)
_COUNTS_BEFORE_MINGGU = re.compile(
    rf"\b(?:{_NUMBER_RE}|beberapa|berapa|se|per|akhir|awal|tengah|sepanjang|selama)\s*$"
)

# unit -> (kind, amount)
_UNITS: dict[str, tuple[str, int]] = {
    "detik": ("minutes", 0),
    "menit": ("minutes", 1),
    "minute": ("minutes", 1),
    "minutes": ("minutes", 1),
    "min": ("minutes", 1),
    "mins": ("minutes", 1),
    "jam": ("minutes", 60),
    "hour": ("minutes", 60),
    "hours": ("minutes", 60),
    "hrs": ("minutes", 60),
    "hari": ("days", 1),
    "day": ("days", 1),
    "days": ("days", 1),
    "minggu": ("days", 7),
    "pekan": ("days", 7),
    "week": ("days", 7),
    "weeks": ("days", 7),
    "bulan": ("months", 1),
    "month": ("months", 1),
    "months": ("months", 1),
    "tahun": ("months", 12),
    "year": ("months", 12),
    "years": ("months", 12),
}
_UNIT_RE = (
    r"detik|menit|minutes?|mins?|jam|hours?|hrs?|hari|days?|minggu|pekan|weeks?|bulan|"
    r"months?|tahun|years?"
)
_AGO = re.compile(
    rf"\b(?:(?P<half>setengah)\s+(?P<hunit>jam|hari)|"
    rf"(?P<n>{_NUMBER_RE})\s*(?P<unit>{_UNIT_RE})|"
    r"se(?P<seunit>menit|jam|hari|minggu|pekan|bulan|tahun))"
    r"(?:\s+(?:an|yang|lebih|lebih kurang|kurang lebih|an yang))?\s*"
    r"(?P<dir>lalu|silam|sebelumnya|kemarin|ago|before|yang lalu|lagi|kedepan|ke depan|"
    r"mendatang|later|from now)\b"
)
_LATER = datetime(9999, 1, 1)  # "nanti": later, some time after now
_FORWARD = ("lagi", "kedepan", "ke depan", "mendatang", "later", "from now")
_IN_FUTURE = re.compile(rf"\b(?:dalam|in)\s+(?:waktu\s+)?(?:{_NUMBER_RE})\s*(?:{_UNIT_RE})\b")

_ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b")
_NUMERIC_DATE = re.compile(
    r"(?<![\d.:/])(?:(?P<tgl>tanggal|on)\s*)?(?P<d>\d{1,2})\s?(?P<sep>[/\-.])\s?(?P<m>\d{1,2})"
    r"(?:\s?(?P=sep)\s?(?P<y>\d{4}|\d{2}))?(?![\d:/]|\.\d)"
)
_WORD_DATE = re.compile(
    rf"\b(?:(?:tanggal|the)\s*)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+|-\s*)?"
    rf"(?P<m>{_MONTH_RE})\.?(?:\s*[-,]?\s*(?P<y>\d{{4}}))?\b"
)
_MONTH_FIRST_DATE = re.compile(
    rf"\b(?P<m>{_MONTH_RE})\.?\s+(?:the\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b"
    rf"(?:\s*,?\s*(?P<y>\d{{4}}))?"
)
_DAY_ONLY = re.compile(
    r"\b(?:tanggal\s*(?P<d>\d{1,2})|the\s+(?P<d2>\d{1,2})(?:st|nd|rd|th))\b"
    r"(?:\s+(?:bulan\s+)?(?P<which>bulan ini|bulan lalu|kemarin|lalu|this month|last month))?"
)
_DATE_RANGE_HEAD = re.compile(
    rf"\b(?:tanggal\s*|antara\s+(?:tanggal\s*)?)?(?P<d>\d{{1,2}})\s*"
    rf"(?:-|–|s/d|sd|sampai|hingga|sampe|dan|to|and)\s*(?:tanggal\s*)?\d{{1,2}}\s+"
    rf"(?P<m>{_MONTH_RE})\.?(?:\s*,?\s*(?P<y>\d{{4}}))?\b"
)
_DATE_RANGE_TAIL = re.compile(
    r"^\s*(?:-|–|s/d|sd|sampai|hingga|sampe|dan|and|to|until|till)\s*(?:tanggal\s*)?"
    r"\d{1,2}(?:st|nd|rd|th)?\b"
)

_CLOCK_PREFIX = (
    r"(?:(?:sekitar|sekira|kira-kira|kira2|kurang lebih|lebih kurang|around|about|"
    r"approximately|approx|pada|on|sejak|dari|mulai)\s+)?"
    r"(?:jam|pukul|at|around|about|approximately|approx\.?)"
)
_CLOCK_VALUE = (
    rf"(?:(?P<half>setengah)\s*)?(?P<h>{_HOUR_WORD_RE})(?:\s?[.:]\s?(?P<min>\d{{2}}))?"
    r"(?:\s?-?an\b)?"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
    r"(?:\s+(?P<rel>lewat|lebih|kurang)\s+(?P<rmin>\d{1,2}|seperempat|setengah)"
    r"(?:\s*menit)?)?"
    r"(?:\s*o'?clock)?"
)
_CLOCK = re.compile(rf"\b{_CLOCK_PREFIX}\s*{_CLOCK_VALUE}(?![\d/])")
_BARE_CLOCK = re.compile(
    r"(?<![\d./:-])(?P<h>\d{1,2})\s?[.:]\s?(?P<min>\d{2})(?![\d/]|\.\d)"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
)
_AMPM_CLOCK = re.compile(
    r"(?<![\d./:-])(?P<h>\d{1,2})(?:[.:](?P<min>\d{2}))?\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z])"
)
_HALF_CLOCK = re.compile(rf"\bsetengah\s+(?P<h>{_HOUR_WORD_RE})\b(?!\s*(?:{_UNIT_RE}))")
_PAST_TO = re.compile(  # "half past 8", "quarter to nine", "10 minutes past 9"
    rf"\b(?:at\s+|around\s+|about\s+)?(?P<q>half|a quarter|quarter|\d{{1,2}})(?:\s+minutes?)?\s+"
    rf"(?P<dir>past|to)\s+(?P<h>{_HOUR_WORD_RE})\b"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
)
_RANGE = re.compile(
    rf"\b(?:(?P<between>antara|between|from|dari|mulai)\s+)?(?:{_CLOCK_PREFIX}\s*)?"
    r"(?P<h>\d{1,2})(?:\s?[.:]\s?(?P<min>\d{2}))?(?:\s?-?an\b)?"
    r"(?:\s*(?P<ampm1>a\.?m\.?|p\.?m\.?)(?![a-z]))?"
    r"(?:\s+(?P<part1>pagi|siang|sore|malam|petang))?\s*"
    r"(?P<sep>-|–|s/d|sd|sampai|hingga|sampe|dan|and|to|until|till)\s*"
    r"(?:jam\s*|pukul\s*)?(?P<h2>\d{1,2})(?:\s?[.:]\s?(?P<min2>\d{2}))?(?:\s?-?an\b)?"
    r"(?:\s*(?P<ampm>a\.?m\.?|p\.?m\.?)(?![a-z]))?(?![\d/])"
)

_LAST_OCCURRENCE = re.compile(
    r"\b(?:terakhir(?:\s+kali)?(?:nya)?|paling akhir|paling baru|yang terbaru|"
    r"last time|most recently|the last (?:one|time)(?: was)?|latest)\b"
)
_FEW = r"(?:beberapa|bbrp|brp|berapa|several|a few|few|some|many|lama|banyak)"
_FEW_MINUTES = re.compile(
    rf"\b{_FEW}\s+(?P<unit>menit|minutes?|mins?|jam|hours?)\s*(?:yang\s+)?(?:lalu|ago)\b"
)
_VAGUE = re.compile(
    rf"\b{_FEW}\s+(?:{_UNIT_RE})\s*(?:yang\s+)?(?:lalu|ago|silam|sebelumnya|kemarin)\b|"
    r"\b(?:baru-baru ini|belum lama ini|tempo hari|recently|the other day|earlier this week|"
    r"sudah lama|udah lama|dulu sekali|a while ago|some time ago|long ago|lupa|"
    r"tidak ingat|gak ingat|nggak ingat|ga ingat|tidak tahu|gak tahu|nggak tahu|ga tau|"
    r"gak tau|nggak tau|don't remember|do not remember|not sure when)\b"
)
_NOISE = re.compile(
    r"\brt\.?\s*\d{1,3}\s*/\s*rw\.?\s*\d{1,3}\b|\b(?:rt|rw|no|nomor|nomer|km|blok|"
    r"gang|gg|kav|lantai|jl|jalan)\.?\s*\d+(?:\s*/\s*\d+)?\b|\brp\.?\s*[\d.,]+|"
    r"\b\d{5,}\b|\+?\b62[\d -]{8,}"
)
_RECURRING = re.compile(
    r"\b(?:pertama|pertamanya|lagi|berulang|berkali|sering|beberapa kali|\d+ kali|dua kali|"
    r"tiga kali|again|first|twice|times|kedua|keduanya|sebelumnya)\b"
)
_CLAUSE_BREAK = re.compile(
    r"[,;]|\b(?:terus|kemudian|lalu(?= (?:tanggal|tgl|\d|hari|pada|pas|jam|pukul))|"
    r"habis itu|setelah itu|then|and again|"
    r"(?:dan|and)(?= (?:kemarin|tadi|semalam|tanggal|hari|pada|yesterday|last|on|"
    r"senin|selasa|rabu|kamis|jumat|sabtu|minggu|\d{1,2}/)))\b"
)
_NOW_WORDS = re.compile(
    r"\b(?:baru saja|just now|right now|sekarang|saat ini|barusan|now|sedang terjadi|"
    r"masih berlangsung|happening now|just happened|a moment ago|tadi barusan)\b"
)


_SLANG: tuple[tuple[str, str], ...] = (
    (r"\b(?:kmrn|kmarin|kmrin|kemaren|kmren|kmaren|kmrnn|kemrn|kmarn|kemarn)\b", "kemarin"),
    (r"\b(?:brusan|barusan|bru saja|baru aja|br aja|br saja|bru aja|baru saja)\b", "baru saja"),
    (r"\b(?:smlm|semalem|smalam|smlam|smalem|semlm|tdmlm)\b", "semalam"),
    (r"\b(?:mlm|malem|mlam|mlem)\b", "malam"),
    (r"\b(?:tdi|td)\b", "tadi"),
    (r"\b(?:jm)\b", "jam"),
    (r"\b(?:pkl\.?|pk\.|pk(?=\s*\d))", "pukul"),
    (r"\b(?:hr|hri)\b", "hari"),
    (r"\b(?:mggu|mgg|mgu|mg)\b", "minggu"),
    (r"\b(?:tgl|tggl|tangal|tgal)\b\.?", "tanggal"),
    (r"\b(?:sktr|skitar|sekitaran|kurleb|krg lbh)\b", "sekitar"),
    (r"\b(?:yg|yng)\b", "yang"),
    (r"\b(?:yll)\b", "yang lalu"),
    (r"\b(?:lalu2)\b", "lalu"),
    (r"\b(?:jum'?at|jumaat|jum at|jum'at|jumat)\b", "jumat"),
    (r"\b(?:senen)\b", "senin"),
    (r"\b(?:rebo)\b", "rabu"),
    (r"\b(?:stgh|stengah|setngah|stngh|stgah)\b", "setengah"),
    (r"\b(?:sblm)\b", "sebelum"),
    (r"\b(?:dr)\b", "dari"),
    (r"\b(?:smp|sampe|smpai)\b", "sampai"),
    (r"\b(?:ptg)\b", "petang"),
    (r"\b(?:dinihari|dini hr)\b", "dini hari"),
    (r"\b(?:tgh malam|tengah mlm)\b", "tengah malam"),
    (r"\b(?:mnt)\b", "menit"),
    (r"\b(?:thn|thun)\b", "tahun"),
    (r"\b(?:bln)\b", "bulan"),
    (r"\b(?:pagi-pagi|pagi2|pgi|pg)\b", "pagi"),
    (r"\b(?:siang2|siank|siyang)\b", "siang"),
    (r"\b(?:sore2|sorean|sre)\b", "sore"),
    (r"\b(?:bsk|besuk|bsok)\b", "besok"),
    (r"\b(?:ntar|nanti|ntr|nnti)\b", "nanti"),
    (r"\b(?:krn)\b", "karena"),
    (r"\b(?:ytd)\b", "yesterday"),
    (r"\b(?:malming)\b", "malam minggu"),
    (r"\b(?:maljum|maljum)\b", "malam jumat"),
    (r"\b(?:jmt|jmat|jum)\b", "jumat"),
    (r"\b(?:sbtu|sbt)\b", "sabtu"),
    (r"\b(?:slsa|slasa)\b", "selasa"),
    (r"\b(?:rbu)\b", "rabu"),
    (r"\b(?:kmis)\b", "kamis"),
    (r"\b(?:snin|snen)\b", "senin"),
    (r"\b(?:lg|lgi)\b", "lagi"),
    (r"\b(?:skrg|skrng|skarang)\b", "sekarang"),
    (r"\b(?:kira-kira|kira kira|kurang lebih)\b", "sekitar"),
    # Runs of whitespace become one space. A lone space is left alone (it would be
    # replaced by itself, with the same map): `\s+` matched every space between words.
    (r"\s{2,}|[^\S ]", " "),
)


def _first_letters(pattern: str) -> frozenset[str] | None:
    """For a rule `\\b(?:alt|alt...)...`: the letters each alternative starts with ("pkl"
    of `pkl\\.?`, "jum" of `jum'?at`). A match starts a word that begins with one of
    them; None for a rule of another form (it is always tried)."""
    found = re.fullmatch(r"\\b\(\?:([^()]*(?:\([^()]*\)[^()]*)*)\)(?:\\b)?(?:\\\.\?)?", pattern)
    if found is None:
        return None
    starts = set()
    for alternative in found.group(1).split("|"):
        letters = re.match(r"[a-z]+", alternative)
        if letters is None:
            return None
        starts.add(letters.group())
    return frozenset(starts)


# (pattern, replacement, first letters of its matches or None)
_SLANG_RE = tuple(
    (re.compile(pattern), replacement, _first_letters(pattern)) for pattern, replacement in _SLANG
)
_LONGEST_START = max(len(start) for *_, starts in _SLANG_RE if starts for start in starts)
_WORD = re.compile(r"\w+")


def _word_starts(s: str) -> set[str]:
    """Every beginning of every word of `s`, up to the longest a slang rule looks for."""
    return {
        word[:n] for word in _WORD.findall(s) for n in range(1, min(len(word), _LONGEST_START) + 1)
    }


# --- text with a map back to the original -----------------------------------------------


@dataclass(slots=True)
class _Text:
    """A normalised text, with for each character the index of its source character."""

    original: str
    s: str
    index: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, text: str) -> _Text:
        if text.isascii():
            # Lower case is one character for one there: the map is the identity (a
            # story is ~300 characters; the loop below was a fifth of parsing its time).
            return cls(text, text.lower(), list(range(len(text))))
        chars, index = [], []
        for i, ch in enumerate(text):
            low = ch.lower()
            chars.append(low[0] if len(low) != 1 else low)
            index.append(i)
        return cls(text, "".join(chars), index)

    def sub(self, pattern: re.Pattern[str], replacement: str) -> None:
        out: list[str] = []
        index: list[int] = []
        pos = 0
        for match in pattern.finditer(self.s):
            if match.end() == match.start():
                continue
            out.append(self.s[pos : match.start()])
            index.extend(self.index[pos : match.start()])
            if replacement:
                out.append(replacement)
                first, last = self.index[match.start()], self.index[match.end() - 1]
                index.extend([first] * (len(replacement) - 1) + [last])
            pos = match.end()
        if pos == 0:
            # Nothing replaced: most of `_SLANG`'s patterns find nothing in a text, and
            # copying the text's map for each was a third of parsing a story's time
            # (bench/README.md, issue 21 session 29).
            return
        out.append(self.s[pos:])
        index.extend(self.index[pos:])
        self.s, self.index = "".join(out), index

    def phrase(self, spans: list[tuple[int, int]]) -> str:
        spans = [(a, b) for a, b in spans if b > a]
        if not spans:
            return ""
        start = min(a for a, _ in spans)
        end = max(b for _, b in spans)
        stop = self.index[end - 1] + 1
        text = self.original[self.index[start] : stop]
        if text.count("(") > text.count(")") and self.original[stop : stop + 1] == ")":
            text += ")"  # "Senin (1/12)"
        first = self.index[start]
        if text.count(")") > text.count("(") and self.original[first - 1 : first] == "(":
            text = "(" + text  # "(16/4/2020) malam"
        return text.strip(" ,.;:-–")


def _normalise(text: str) -> _Text:
    t = _Text.of(text.strip())
    # A rule whose words begin no word of the text cannot match: it is not searched.
    # Each search costs ~2 µs even when it finds nothing (a `\b` first defeats the
    # regex engine's literal scan), ~46 rules per text told (bench/README.md, issue 21
    # session 29). The words are read again after a rule changed the text.
    starts: set[str] | None = None
    for pattern, replacement, first_letters in _SLANG_RE:
        if first_letters is not None:
            if starts is None:
                starts = _word_starts(t.s)
            if starts.isdisjoint(first_letters):
                continue
        before = t.s
        t.sub(pattern, replacement)
        if t.s is not before:
            starts = None
    return t


# --- parsing ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Work:
    """The text being read: what is consumed is blanked (offsets stay valid)."""

    s: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    implied: str | None = None  # a part of day said by a day word ("semalam": malam)

    def take(self, start: int, end: int) -> None:
        self.s = self.s[:start] + " " * (end - start) + self.s[end:]
        self.spans.append((start, end))

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        return pattern.search(self.s)


@dataclass(slots=True)
class _Clock:
    hour: int
    minute: int
    ampm: str | None = None
    exact_24h: bool = False  # "08.00", "20.30": written as on a 24-hour clock


def _number(text: str) -> float:
    text = text.strip()
    if text.isdigit():
        return int(text)
    if text.startswith("half"):
        return 0.5
    english = {"fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "forty-five": 45}
    if text in english:
        return english[text]
    if " puluh" in text:
        tens, _, ones = text.partition(" puluh")
        return _NUMBER_WORDS[tens] * 10 + (_NUMBER_WORDS[ones.strip()] if ones.strip() else 0)
    if text.endswith(" belas") and text not in _NUMBER_WORDS:
        return 10 + _NUMBER_WORDS[text[: -len(" belas")]]
    return _NUMBER_WORDS.get(text, 1)


def parse_when(text: str, now: datetime) -> WhenAnswer | None:
    """Understand `text` relative to `now` (local, naive). None when not understood.

    Raises FutureTimeError when the text clearly names a time after now.
    """
    if not text or not text.strip() or len(text) > 1000:
        return None
    now = now.replace(tzinfo=None, second=0, microsecond=0)
    t = _normalise(text)
    try:
        result = None
        last = list(_LAST_OCCURRENCE.finditer(t.s))
        if last:  # "sejak Senin, terakhir kemarin": the last occurrence
            cut = last[-1].end()
            result = _parse(t, " " * cut + t.s[cut:], now)
        if result is None and _RECURRING.search(t.s):
            result = _latest_clause(t, now)  # "pertama 6/11, terus 8/11 lagi": the latest
        if result is None:
            result = _parse(t, t.s, now)
    except _Invalid:
        return None
    if result is not None and result.local > now + _FUTURE_TOLERANCE:
        raise FutureTimeError(text)
    return result


def _latest_clause(t: _Text, now: datetime) -> WhenAnswer | None:
    """Of several clauses each naming a time, the most recent one not in the future."""
    bounds = [0]
    bounds += [m.start() for m in _CLAUSE_BREAK.finditer(t.s)]
    bounds.append(len(t.s))
    if len(bounds) < 3:
        return None
    found: list[WhenAnswer] = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        clause = " " * start + t.s[start:end] + " " * (len(t.s) - end)
        try:
            answer = _parse(t, clause, now)
        except (_Invalid, FutureTimeError):
            continue
        if answer is not None and answer.local <= now + _FUTURE_TOLERANCE:
            found.append(answer)
    if len({answer.local.date() for answer in found}) < 2:
        return None  # one day named in pieces ("kemarin ... jam 10"): read it whole
    return max(found, key=lambda answer: answer.local)


def _parse(t: _Text, s: str, now: datetime) -> WhenAnswer | None:
    work = _Work(s)
    if few := _FEW_MINUTES.search(work.s):  # "beberapa menit lalu": about now
        work.take(*few.span())
        if few.group("unit").startswith("m"):
            return WhenAnswer(now, "moment", t.phrase(work.spans))
        return WhenAnswer(now - timedelta(hours=2), "day", t.phrase(work.spans))
    if _VAGUE.search(work.s):
        return None  # "beberapa hari lalu", "lupa": no time to guess
    for match in _NOISE.finditer(work.s):  # "RT 03/RW 05", "no. 12", "Rp 50.000"
        work.take(*match.span())
        work.spans.pop()
    for match in re.finditer(r"\b(?:wib|wita|wit|local time)\b", work.s):
        work.take(*match.span())
        work.spans.pop()  # the zone is not part of the phrase
    today = now.replace(hour=0, minute=0)

    future = _future_anchor(work, today)
    future_span = work.spans[-1] if future is not None else None

    # "3 jam lalu", "2 hari yang lalu", "seminggu lalu", "two days ago"
    ago = _ago(work, now)
    if ago is not None and ago[1] == "moment":
        return WhenAnswer(ago[0], "moment", t.phrase(work.spans))

    clock_range = _range(work)
    anchor = _explicit_date(work, now)
    kind = "explicit"
    weekday = _weekday(work, now)
    if anchor is None and ago is not None:
        anchor, kind = ago[0], "ago"
    if anchor is None and weekday is not None:
        anchor, kind = weekday
    relative = _relative_day(work, now)
    if anchor is None and relative is not None:
        anchor, kind = relative
    if anchor is None and future is not None:  # "besok", "nanti malam", "minggu depan"
        if future == _LATER:
            raise FutureTimeError(t.original)
        anchor, kind = future, "future"
    elif future_span is not None:  # "kemarin ..., takut nanti terulang": the past wins
        work.spans.remove(future_span)

    part = None
    if part_match := work.search(_PART_RE):
        part = part_match.group("part")
        work.spans.append(part_match.span())
    if part is None:
        part = work.implied
    clock = clock_range or _clock(work)
    now_word = _NOW_WORDS.search(work.s)
    if clock is None and now_word is not None and anchor is None:
        work.take(*now_word.span())
        return WhenAnswer(now, "moment", t.phrase(work.spans))
    if anchor is None and clock is None and part is None:
        return None

    precision: Precision
    if clock is not None:
        precision = "range" if clock_range is not None else "moment"
    elif part is not None:
        precision = "part_of_day"
    else:
        precision = "day"
    local = _combine(anchor, kind, clock, part, now)
    if local is None:
        return None
    return WhenAnswer(local, precision, t.phrase(work.spans))


def _future_anchor(work: _Work, today: datetime) -> datetime | None:
    """Words naming a day after today: the answer will be refused as in the future."""
    patterns: tuple[tuple[str, timedelta], ...] = (
        (r"\b(?<!kemarin )lusa\b", timedelta(days=2)),
        (r"\bbesok(?!nya)\b|\btomorrow\b|\besok\b", timedelta(days=1)),
        (
            r"\b(?:minggu|pekan|bulan|tahun) depan\b|\bnext (?:week|month|year)\b|"
            r"\b(?:minggu|pekan|bulan|tahun) mendatang\b",
            timedelta(days=7),
        ),
        (r"\bnanti\b|\blater today\b|\bmalam ini\b|\btonight\b", timedelta(0)),
    )
    for pattern, delta in patterns:
        if match := re.search(pattern, work.s):
            work.take(*match.span())
            if match.group(0) in ("nanti", "later today"):
                return _LATER
            if delta == timedelta(0):  # "malam ini", "tonight"
                work.implied = "malam"
            return today + delta
    if match := _IN_FUTURE.search(work.s):
        work.take(*match.span())
        return today + timedelta(days=1)
    return None


def _ago(work: _Work, now: datetime) -> tuple[datetime, Precision] | None:
    match = work.search(_AGO)
    if match is None:
        return None
    if match.group("half"):
        kind, amount = _UNITS[match.group("hunit")]
        count = 0.5
    else:
        unit = match.group("unit") or match.group("seunit")
        if unit == "hr":  # "2hr ago" is hours, "2hr lalu" is days
            unit = "hour" if match.group("dir") == "ago" else "hari"
        kind, amount = _UNITS[unit]
        count = 1.0 if match.group("seunit") else _number(match.group("n"))
    work.take(*match.span())
    forward = match.group("dir") in _FORWARD
    sign = 1 if forward else -1
    if kind == "minutes":
        moment = now + sign * timedelta(minutes=count * amount)
        return moment, "moment"
    if kind == "days":
        day = now + sign * timedelta(days=count * amount)
        return day.replace(hour=0, minute=0), "day"
    months = int(count * amount)
    return _add_months(now, sign * months).replace(hour=0, minute=0), "day"


def _add_months(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + moment.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    day = moment.day
    while True:
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            day -= 1


def _range(work: _Work) -> _Clock | None:
    """ "jam 10-11", "antara jam 10 dan 11", "between 9 and 10pm": the start."""
    for match in _RANGE.finditer(work.s):
        text = match.group(0)
        has_clock_word = re.search(r"\b(?:jam|pukul|at)\b", text) is not None
        if not (has_clock_word or match.group("between") or match.group("ampm")):
            continue
        sep = match.group("sep")
        if sep == "-" and not has_clock_word and not match.group("ampm"):
            continue
        hour, hour2 = int(match.group("h")), int(match.group("h2"))
        minute = int(match.group("min") or 0)
        minute2 = int(match.group("min2") or 0)
        if hour > 24 or hour2 > 24 or minute > 59 or minute2 > 59:
            raise _Invalid
        ampm = match.group("ampm1") or match.group("ampm")
        if match.group("ampm") and not match.group("ampm1") and hour > hour2 and hour < 12:
            ampm = "am" if match.group("ampm").startswith("p") else "pm"  # "11 to 1pm"
        work.take(*match.span())
        if match.group("part1"):
            work.implied = match.group("part1")
        exact = bool(match.group("min")) and len(match.group("h")) == 2
        return _Clock(hour, minute, _ampm(ampm), exact)
    return None


def _ampm(text: str | None) -> str | None:
    if not text:
        return None
    return "pm" if text.startswith("p") else "am"


def _clock(work: _Work) -> _Clock | None:
    match = work.search(_PAST_TO)
    if match is not None:
        hour = int(_number(match.group("h")))
        q = match.group("q")
        delta = 30 if q == "half" else 15 if "quarter" in q else int(q)
        if hour > 24 or delta > 59:
            raise _Invalid
        total = hour * 60 + (delta if match.group("dir") == "past" else -delta)
        work.take(*match.span())
        hour, minute = divmod(total % (24 * 60), 60)
        return _Clock(hour, minute, _ampm(match.group("ampm")))
    match = work.search(_CLOCK)
    if match is not None:
        hour = int(_number(match.group("h")))
        minute = int(match.group("min") or 0)
        if hour > 24 or minute > 59 or (hour == 24 and minute):
            raise _Invalid
        exact = bool(match.group("min")) and len(match.group("h")) == 2
        if match.group("half"):
            hour, minute = (hour - 1) % 24, 30
            exact = False
        if rel := match.group("rel"):
            raw = match.group("rmin")
            delta = {"seperempat": 15, "setengah": 30}.get(raw) or int(raw)
            total = hour * 60 + minute + (delta if rel in ("lewat", "lebih") else -delta)
            hour, minute = divmod(total % (24 * 60), 60)
        work.take(*match.span())
        return _Clock(hour, minute, _ampm(match.group("ampm")), exact)
    for pattern in (_AMPM_CLOCK, _BARE_CLOCK):
        match = work.search(pattern)
        if match is not None:
            hour, minute = int(match.group("h")), int(match.group("min") or 0)
            if hour > 24 or minute > 59 or (hour == 24 and minute):
                raise _Invalid
            work.take(*match.span())
            exact = pattern is _BARE_CLOCK and len(match.group("h")) == 2
            return _Clock(hour, minute, _ampm(match.group("ampm")), exact)
    match = work.search(_HALF_CLOCK)
    if match is not None:
        hour = int(_number(match.group("h")))
        if hour > 24:
            raise _Invalid
        work.take(*match.span())
        return _Clock((hour - 1) % 24, 30)
    match = re.search(r"\bjam\s*(\d{2,3})\b", work.s)
    if match and int(match.group(1)) > 24:  # "jam 25"
        raise _Invalid
    return None


def _date_or_invalid(year: int, month: int, day: int) -> datetime:
    try:
        return datetime(year, month, day)
    except ValueError:
        raise _Invalid from None


def _most_recent(day: int, month: int, now: datetime) -> datetime:
    """A date without a year: the most recent one not after today."""
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        raise _Invalid
    try:
        datetime(2024, month, day)  # a leap year: does this day exist at all?
    except ValueError:
        raise _Invalid from None
    for year in range(now.year, now.year - 9, -1):
        try:
            candidate = datetime(year, month, day)
        except ValueError:
            continue
        if candidate.date() <= now.date():
            return candidate
    raise _Invalid


def _year(text: str | None) -> int | None:
    if not text:
        return None
    year = int(text)
    if year < 100:
        year += 2000
    if not 1900 <= year <= 2200:
        raise _Invalid
    return year


def _dated(day: int, month: int, year: int | None, work: _Work, now: datetime) -> datetime:
    if year is not None:
        return _date_or_invalid(year, month, day)
    if re.search(r"\b(?:tahun lalu|last year)\b", work.s):
        match = re.search(r"\b(?:tahun lalu|last year)\b", work.s)
        assert match is not None
        work.take(*match.span())
        return _date_or_invalid(now.year - 1, month, day)
    return _most_recent(day, month, now)


def _explicit_date(work: _Work, now: datetime) -> datetime | None:
    if match := work.search(_ISO_DATE):
        work.take(*match.span())
        return _date_or_invalid(int(match.group("y")), int(match.group("m")), int(match.group("d")))
    if match := work.search(_DATE_RANGE_HEAD):  # "1-3 November": the first day
        work.take(*match.span())
        month = _MONTHS[match.group("m")]
        return _dated(int(match.group("d")), month, _year(match.group("y")), work, now)
    found: list[tuple[int, re.Match[str], str]] = []
    for name, pattern in (("word", _WORD_DATE), ("month_first", _MONTH_FIRST_DATE)):
        if match := work.search(pattern):
            found.append((match.start(), match, name))
    for match in _NUMERIC_DATE.finditer(work.s):
        if match.group("sep") == "." and not (match.group("y") or match.group("tgl")):
            continue  # "19.00" is a time
        before = work.s[: match.start()]
        if re.search(r"\b(?:jam|pukul|at|around)\s*$", before):
            continue
        if (
            match.group("sep") == "-"
            and not (match.group("y") or match.group("tgl"))
            and not re.search(r"\(\s*$", before)
            and int(match.group("m")) > 12
        ):
            continue
        found.append((match.start(), match, "numeric"))
        break
    if found:
        found.sort(key=lambda item: item[0])
        _, match, name = found[0]
        day, month_text = int(match.group("d")), match.group("m")
        month = _MONTHS[month_text] if name != "numeric" else int(month_text)
        end = match.end()
        if not 1 <= month <= 12:
            raise _Invalid
        work.take(match.start(), end)
        # "1-3 november": the first day of a span written before the month
        if name != "numeric" and (tail := _DATE_RANGE_TAIL.match(work.s[end:])) is not None:
            work.take(end, end + tail.end())
        return _dated(day, month, _year(match.group("y")), work, now)
    if match := work.search(_DAY_ONLY):
        day = int(match.group("d") or match.group("d2"))
        work.take(*match.span())
        which = match.group("which") or ""
        if which in ("bulan lalu", "last month"):
            previous = now.replace(day=1) - timedelta(days=1)
            return _date_or_invalid(previous.year, previous.month, day)
        if not 1 <= day <= 31:
            raise _Invalid
        if day <= now.day:
            return now.replace(day=day, hour=0, minute=0)
        month_start = now.replace(day=1, hour=0, minute=0)
        for _ in range(12):
            month_start = (month_start - timedelta(days=1)).replace(day=1)
            try:
                return month_start.replace(day=day)
            except ValueError:
                continue
        raise _Invalid
    return None


def _weekday(work: _Work, now: datetime) -> tuple[datetime, str] | None:
    for match in _WEEKDAY_RE.finditer(work.s):
        name, pre = match.group("day"), match.group("pre") or ""
        post = (match.group("post") or "").strip(" ,")
        if len(name) <= 5 and name in _SHORT_WEEKDAYS and pre not in ("on", "last", "this", "next"):
            continue
        if name == "minggu" and pre not in ("hari", "malam"):
            before = work.s[: match.start()]
            if _COUNTS_BEFORE_MINGGU.search(before):
                continue  # "2 minggu", "seminggu", "beberapa minggu"
            if post in ("lalu", "yang lalu", "ini", "depan", "kemarin", "kemarinnya", "besok"):
                continue  # "minggu lalu": last week
        if pre in ("tiap", "setiap"):
            continue
        weekday = _WEEKDAYS[name]
        if pre == "malam":  # "malam minggu": Saturday evening
            weekday = (weekday - 1) % 7
        today = now.replace(hour=0, minute=0)
        if post in ("depan", "besok") or pre == "next" or post == "next week":
            ahead = (weekday - now.weekday()) % 7 or 7
            work.take(*match.span())
            return today + timedelta(days=ahead), "future"
        if post in ("ini", "this week") or pre == "this":
            work.take(*match.span())
            return today + timedelta(days=weekday - now.weekday()), "explicit"
        back = (now.weekday() - weekday) % 7
        last = post in ("kemarin", "lalu", "yang lalu", "kemarin lusa", "last week")
        if back == 0 and (last or pre == "last"):
            back = 7
        if post == "last week":
            back = now.weekday() + 7 - weekday
        work.take(match.start(), match.end())
        if pre == "malam":
            work.implied = "malam"
        return today - timedelta(days=back), "weekday_same" if back == 0 else "weekday"
    return None


def _relative_day(work: _Work, now: datetime) -> tuple[datetime, str] | None:
    today = now.replace(hour=0, minute=0)
    yesterday = today - timedelta(days=1)
    rules: tuple[tuple[str, str], ...] = (
        (r"\bthe night before last\b", "2nights"),
        (r"\bkemarin (?:lusa|dulu)\b|\bday before yesterday\b", "2days"),
        (r"\bsemalam\b|\blast night\b|\bkemarin malam\b|\bmalam kemarin\b", "night"),
        (r"\btadi malam\b|(?<!tengah )\bmalam tadi\b", "tadi_night"),
        (r"\bkemarin\b|\byesterday\b", "yesterday"),
        (r"\b(?:minggu|pekan) (?:lalu|kemarin|yang lalu)\b|\blast week\b", "week"),
        (r"\bbulan (?:lalu|kemarin|yang lalu)\b|\blast month\b", "month"),
        (r"\btahun (?:lalu|kemarin|yang lalu)\b|\blast year\b", "year"),
        (r"\bhari ini\b|\btoday\b|\bthis (?:morning|afternoon|evening)\b|\bearlier\b", "today"),
        (r"\b(?:tadi|barusan)\b|\b(?:pagi|siang|sore|subuh) ini\b", "tadi"),
    )
    for pattern, name in rules:
        match = re.search(pattern, work.s)
        if match is None:
            continue
        work.take(*match.span())
        if name in ("night", "tadi_night"):
            work.implied = "malam"
        elif match.group(0).startswith("this "):
            work.implied = match.group(0)[5:]
        elif match.group(0).endswith(" ini") and match.group(0)[:-4] in _PARTS:  # "pagi ini"
            work.implied = match.group(0)[: -len(" ini")]
        if name == "2nights":
            work.implied = "malam"
            return today - timedelta(days=2), "night"
        if name == "2days":
            return today - timedelta(days=2), "relative"
        if name == "night":
            return yesterday, "night"
        if name == "tadi_night":
            return (today if now.hour >= 18 else yesterday), "tadi_night"
        if name == "yesterday":
            return yesterday, "relative"
        if name == "week":
            return today - timedelta(days=7), "relative"
        if name == "month":
            return _add_months(today, -1), "relative"
        if name == "year":
            return _add_months(today, -12), "relative"
        if name == "today":
            if "malam" in work.s[match.start() :] and re.search(r"\bmalam\b", work.s):
                return (today if now.hour >= 18 else yesterday), "tadi_night"
            return today, "today"
        if re.search(r"\bmalam\b", work.s):  # "tadi ... malam" said by day: last night
            return (today if now.hour >= 18 else yesterday), "tadi_night"
        return today, "tadi"
    return None


def _hour_with_part(clock: _Clock, part: str | None) -> int:
    hour = clock.hour
    if clock.ampm == "pm":
        return hour + 12 if hour < 12 else hour
    if clock.ampm == "am":
        return 0 if hour == 12 else hour
    if part is None or clock.exact_24h and hour >= 12:
        return hour
    if part in _EVENING_PARTS:
        return hour + 12 if hour < 12 else hour
    if part in ("siang", "noon", "midday", "tengah hari"):
        return hour + 12 if 1 <= hour <= 5 else hour
    if part in _NIGHT_PARTS:
        if 6 <= hour <= 11:
            return hour + 12
        if hour == 12:
            return 0
        return hour
    if part in ("tengah malam", "midnight") and hour == 12:
        return 0
    return hour


def _combine(
    anchor: datetime | None,
    kind: str,
    clock: _Clock | None,
    part: str | None,
    now: datetime,
) -> datetime | None:
    today = now.replace(hour=0, minute=0)
    if clock is not None:
        hour, minute = _hour_with_part(clock, part), clock.minute
        ambiguous = part is None and clock.ampm is None and not clock.exact_24h and 1 <= hour <= 11
    elif part is not None:
        hour, minute = _PARTS[part][0], 0
        ambiguous = False
    else:
        hour, minute, ambiguous = -1, 0, False
    extra_day = 0
    if hour == 24:
        hour, extra_day = 0, 1

    if anchor is None:  # a time alone: the most recent such time
        candidates = [hour, hour + 12] if ambiguous else [hour]
        best = None
        for day in (today, today - timedelta(days=1)):
            for h in candidates:
                moment = day.replace(hour=h, minute=minute) + timedelta(days=extra_day)
                if moment <= now + _FUTURE_TOLERANCE and (best is None or moment > best):
                    best = moment
            if best is not None:
                break
        if best is not None and clock is None and part is not None:
            start = best.replace(hour=_PARTS[part][1])
            if best.date() == now.date() and start <= now < best:
                best = now
        return best

    if hour < 0:  # a day without a time
        if kind in ("today", "tadi") and anchor.date() == now.date():
            return now
        noon = anchor.replace(hour=12, minute=0)
        if anchor.date() == now.date() and noon > now:
            return now
        return noon

    night_parts = _NIGHT_PARTS | {"tengah malam", "midnight"}
    if kind in ("night", "tadi_night") and hour < 6:
        extra_day = 1  # "semalam jam 2": the small hours after last evening
    elif (
        part in night_parts
        and (clock is not None or part == "tengah malam")
        and hour < 6
        and kind in ("explicit", "weekday", "weekday_same", "relative", "ago")
    ):
        extra_day = 1  # "Sabtu malam jam 1"

    candidates = [hour, hour + 12] if ambiguous and kind in ("today", "tadi") else [hour]
    moments = [
        anchor.replace(hour=h, minute=minute) + timedelta(days=extra_day) for h in candidates
    ]
    past = [m for m in moments if m <= now + _FUTURE_TOLERANCE]
    moment = max(past) if past else moments[0]

    if moment > now and clock is None and part is not None and moment.date() == now.date():
        start = moment.replace(hour=_PARTS[part][1])
        if start <= now:  # the part of the day has begun: "tadi pagi" said at 07:00
            return now
    if moment > now + _FUTURE_TOLERANCE:
        if kind in ("tadi", "tadi_night"):  # "tadi" is always earlier
            return moment - timedelta(days=1)
        if kind == "weekday_same":
            return moment - timedelta(days=7)
    return moment
