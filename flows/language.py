"""Which language a citizen writes in, for channels that do not say (WhatsApp).

Telegram sends the app's language with every update; Twilio's WhatsApp webhook sends
none, so a tourist who writes "my phone was stolen" would be answered in Indonesian. A
text is called English or Indonesian only when its common words say so clearly (two
or more function words of one language and at least twice as many as of the other, or a
greeting that exists in one language only); anything else ("ok", "1", a place name)
says nothing, and the citizen's earlier language stays. /bahasa always wins.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_ENGLISH = _words(
    "the a an my me i i'm im was were is are been be have has had it its this that "
    "there what where when who how why please help hello hey stolen robbed scammed lost "
    "yesterday last night today morning afternoon evening ago from with without and but "
    "for of to at in on by our your you we they he she his her them just not no thanks "
    "thank would could can did do does want need police"
)
_INDONESIAN = _words(
    "saya aku gue gw sy di ke dari yang dan ini itu tidak tak gak nggak ga enggak "
    "sudah udah belum ada akan dengan untuk pada oleh karena tapi juga kami kita mereka "
    "dia ia apa bagaimana gimana kapan mana siapa tolong mohon pak bu bapak ibu halo "
    "selamat pagi siang sore malam kemarin tadi semalam hari lalu hilang dicuri dirampok "
    "ditipu terima kasih makasih polisi motor mobil rumah jalan"
)
_ONLY_ENGLISH_GREETINGS = frozenset({"hello", "hi there", "good morning", "good evening"})
_WORD = re.compile(r"[a-z']+")


def guess_language(text: str) -> str | None:
    """ "en", "id", or None when the text does not say clearly."""
    lowered = text.lower().strip()
    if lowered.rstrip("!. ") in _ONLY_ENGLISH_GREETINGS:
        return "en"
    words = _WORD.findall(lowered)
    english = sum(1 for w in words if w in _ENGLISH)
    indonesian = sum(1 for w in words if w in _INDONESIAN)
    if english >= 2 and english >= 2 * indonesian:
        return "en"
    if indonesian >= 2 and indonesian >= 2 * english:
        return "id"
    if len(words) <= 2 and indonesian == 1 and english == 0:
        return "id"  # "halo", "tolong": one clear word of a short text
    return None
