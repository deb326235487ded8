"""Splitting a long Telegram message into parts that each fit, instead of cutting it.

Telegram refuses a message longer than 4,096 characters (a caption: 1,024) "after
entities parsing" (https://core.telegram.org/bots/api#sendmessage): tags do not count,
`&amp;` counts as one. Entity offsets are UTF-16 code units
(https://core.telegram.org/api/entities#entity-length) while the Bot API server checks
code points; this module counts UTF-16 code units, which is never less, so a part that
fits here fits for either count.

`split` cuts at line boundaries (a line longer than a part at a word boundary, a word
longer than a part anywhere between two characters), never inside a tag or an entity.
Tags open at a cut are closed at the end of the part and opened again, with the same
attributes, at the start of the next. More than one part: each ends with "(i/n)".
The sender (bot/channels/telegram/sender.py) puts buttons on the last part only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024
# room kept in each part for the "\n(12/34)" that numbers it
_NUMBER_ROOM = 12

_ENTITY = re.compile(
    r"&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,8})|(lt|gt|amp|quot)(?![a-zA-Z0-9]));?"
)
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>")


def utf16_length(text: str) -> int:
    """Length in UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def _width(ch: str) -> int:
    """UTF-16 code units of one character: 2 outside the Basic Multilingual Plane."""
    return 2 if ord(ch) > 0xFFFF else 1


@dataclass(frozen=True, slots=True)
class _Atom:
    """One piece the text cannot be cut inside: a tag, or one visible character (which
    may be written as an entity such as `&amp;`)."""

    raw: str
    size: int  # UTF-16 code units on screen (0 for a tag)
    char: str = ""  # the visible character ("" for a tag)
    tag: str = ""  # the tag's name ("" for a character)
    closing: bool = False


def _atoms(text: str, html: bool) -> list[_Atom]:
    if not html:
        return [_Atom(ch, _width(ch), ch) for ch in text]
    atoms: list[_Atom] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "<":
            m = _TAG.match(text, i)
            if m is not None:
                atoms.append(_Atom(m.group(0), 0, tag=m.group(2).lower(), closing=bool(m.group(1))))
                i = m.end()
                continue
        if ch == "&":
            m = _ENTITY.match(text, i)
            if m is not None:
                if m.group(3):
                    visible = _NAMED[m.group(3)]
                else:
                    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
                    visible = chr(code) if 0 < code <= 0x10FFFF else "?"
                atoms.append(_Atom(m.group(0), utf16_length(visible), visible))
                i = m.end()
                continue
        atoms.append(_Atom(ch, _width(ch), ch))
        i += 1
    return atoms


def visible_length(text: str, html: bool = True) -> int:
    """What Telegram counts against its limit (see the module docstring)."""
    if not html:
        return utf16_length(text)
    return sum(atom.size for atom in _atoms(text, html))


def _surely_fits(text: str, limit: int) -> bool:
    """True when `text` fits whatever its markup: its UTF-16 length is never below what
    Telegram counts (a tag counts 0, an entity 1 or 2 for several code units). Nearly
    every message takes this way, without cutting the text into atoms (that was 7 % of
    the bot's CPU under load, bench/README.md issue 21)."""
    return len(text) <= limit // 2 or utf16_length(text) <= limit


def _pieces(atoms: list[_Atom], budget: int) -> list[list[_Atom]]:
    """The atoms in pieces that never have to be cut again: lines (each with its "\\n"),
    over-long lines as words, over-long words as runs of at most `budget`."""
    lines: list[list[_Atom]] = [[]]
    for atom in atoms:
        lines[-1].append(atom)
        if atom.char == "\n":
            lines.append([])
    pieces: list[list[_Atom]] = []
    for line in lines:
        if sum(a.size for a in line) <= budget:
            pieces.append(line)
            continue
        words: list[list[_Atom]] = [[]]
        for atom in line:
            words[-1].append(atom)
            if atom.char == " ":
                words.append([])
        for word in words:
            run: list[_Atom] = []
            size = 0
            for atom in word:
                if size + atom.size > budget and size > 0:
                    pieces.append(run)
                    run, size = [], 0
                run.append(atom)
                size += atom.size
            pieces.append(run)
    return [piece for piece in pieces if piece]


def _render(atoms: list[_Atom], opened: list[_Atom]) -> tuple[str, list[_Atom]]:
    """A part's HTML: the tags still open from the previous part opened again first, the
    tags left open at its end closed last. Returns the tags open after it."""
    stack = list(opened)
    body = [a.raw for a in opened]
    # line breaks at a cut (and spaces before it) are noise: drop them; leading spaces
    # stay (indentation in a <pre> block)
    text_at = [i for i, a in enumerate(atoms) if a.char and a.char not in ("\n", " ")]
    start = text_at[0] if text_at else len(atoms)
    end = text_at[-1] + 1 if text_at else 0
    while start > 0 and atoms[start - 1].char not in ("\n", ""):
        start -= 1  # keep the spaces that indent the first line
    for index, atom in enumerate(atoms):
        if atom.tag:
            if atom.closing:
                if stack and stack[-1].tag == atom.tag:
                    stack.pop()
            else:
                stack.append(atom)
            body.append(atom.raw)
        elif start <= index < end:
            body.append(atom.raw)
    body += [f"</{a.tag}>" for a in reversed(stack)]
    return "".join(body), stack


def split(
    text: str, limit: int = TEXT_LIMIT, *, html: bool = True, numbered: bool = True
) -> list[str]:
    """`text` as parts of at most `limit` visible characters each (the whole text when it
    fits), numbered "(i/n)" when there are several (`numbered=False`: left to the caller,
    see `number`; room for the number is kept either way). `html`: the text is in
    Telegram's HTML parse mode (tags and entities are never cut); otherwise every
    character is literal."""
    if _surely_fits(text, limit):
        return [text]
    atoms = _atoms(text, html)
    if sum(a.size for a in atoms) <= limit:
        return [text]
    budget = limit - _NUMBER_ROOM
    groups: list[list[_Atom]] = [[]]
    size = 0
    for piece in _pieces(atoms, budget):
        piece_size = sum(a.size for a in piece)
        if size + piece_size > budget and size > 0:
            groups.append([])
            size = 0
        groups[-1].extend(piece)
        size += piece_size
    parts: list[str] = []
    opened: list[_Atom] = []
    for group in groups:
        part, opened = _render(group, opened)
        if any(a.char.strip() for a in group):  # tags and blanks only would be refused
            parts.append(part)
    if not parts:
        return [text]
    return number(parts) if numbered else parts


def number(parts: list[str]) -> list[str]:
    """Parts as the reader sees them: "(i/n)" at the end of each when there are several."""
    total = len(parts)
    if total <= 1:
        return list(parts)
    return [f"{part}\n({i}/{total})" for i, part in enumerate(parts, 1)]
