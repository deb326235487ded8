"""The reference bot of the closed-loop benchmark (issue 21): the simplest complaint bot a
Polres could write itself with python-telegram-bot v22.

    python bench/reference_bot.py --token T --api-url http://127.0.0.1:PORT --data DIR

Application + ConversationHandler + PicklePersistence with their defaults (updates handled
one at a time, the pickle written every 60 s and at shutdown), long polling. The same steps
as Dumas's intake today, with the same button data so that one scripted citizen answers
both: /aduan -> consent -> category -> description (text) -> when ->
where (text) -> confirm the place -> evidence (skip) -> summary -> send -> a ticket number.
No durability beyond PicklePersistence's: an update is confirmed to Telegram before it is
handled, and a crash loses up to a minute of conversations and tickets. Not a test and not
part of Dumas: it exists to be measured against (bench/bench_closed_loop.py).
"""

from __future__ import annotations

import argparse
import warnings
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)
from telegram.warnings import PTBUserWarning

# A ConversationHandler mixing message and callback handlers warns that per_message=False
# tracks callbacks per chat, not per message: what this bot wants.
warnings.filterwarnings("ignore", category=PTBUserWarning)

CONSENT, CATEGORY, DESCRIPTION, WHEN, WHERE, WHERE_CONFIRM, EVIDENCE, SUMMARY = range(8)

CATEGORIES = {
    "crime": "Kejahatan (pencurian, perampokan)",
    "violence": "Kekerasan",
    "fraud": "Penipuan",
    "traffic": "Lalu lintas",
    "lost": "Kehilangan barang",
    "other": "Lainnya",
}
WHENS = {
    "now": "Sedang terjadi",
    "today": "Hari ini",
    "yesterday": "Kemarin",
    "week": "Minggu ini",
    "earlier": "Lebih lama",
}
Context = ContextTypes.DEFAULT_TYPE


def keyboard(*rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(text, callback_data=data) for data, text in row] for row in rows]
    )


async def start(update: Update, context: Context) -> int:
    assert update.message is not None and context.user_data is not None
    context.user_data.clear()
    await update.message.reply_text(
        "Selamat datang di layanan pengaduan Polres. Data Anda hanya dipakai untuk "
        "menangani aduan ini. Setuju?",
        reply_markup=keyboard([("consent:yes", "✅ Setuju"), ("consent:no", "Tidak")]),
    )
    return CONSENT


async def consent(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    if query.data != "consent:yes":
        await query.edit_message_text("Baik, aduan dibatalkan.")
        return ConversationHandler.END
    await query.message.reply_text(  # type: ignore[union-attr]
        "Apa jenis kejadiannya?",
        reply_markup=keyboard(*([(f"cat:{key}", label)] for key, label in CATEGORIES.items())),
    )
    return CATEGORY


async def category(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    await query.answer()
    context.user_data["category"] = query.data.removeprefix("cat:")
    await query.message.reply_text("Ceritakan apa yang terjadi.")  # type: ignore[union-attr]
    return DESCRIPTION


async def description(update: Update, context: Context) -> int:
    assert update.message is not None and context.user_data is not None
    context.user_data["description"] = update.message.text
    await update.message.reply_text(
        "Terima kasih, cerita Anda tersimpan. Kapan kejadiannya?",
        reply_markup=keyboard(*([(f"when:{key}", label)] for key, label in WHENS.items())),
    )
    return WHEN


async def when(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and query.data is not None and context.user_data is not None
    await query.answer()
    context.user_data["when"] = query.data.removeprefix("when:")
    await query.message.reply_text(  # type: ignore[union-attr]
        "Di mana kejadiannya? Tulis nama jalan, desa/kelurahan atau kecamatan."
    )
    return WHERE


async def where(update: Update, context: Context) -> int:
    assert update.message is not None and context.user_data is not None
    context.user_data["where"] = update.message.text
    await update.message.reply_text(
        f"Apakah ini tempatnya: {update.message.text}?",
        reply_markup=keyboard([("place:yes", "✅ Ya"), ("place:no", "Bukan")]),
    )
    return WHERE_CONFIRM


async def where_confirm(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None
    await query.answer()
    if query.data != "place:yes":
        await query.message.reply_text("Tulis lagi tempatnya.")  # type: ignore[union-attr]
        return WHERE
    await query.message.reply_text(  # type: ignore[union-attr]
        "Kirim foto atau video sebagai bukti, atau lewati.",
        reply_markup=keyboard([("ev:skip", "Lewati")]),
    )
    return EVIDENCE


async def evidence(update: Update, context: Context) -> int:
    assert update.message is not None and context.user_data is not None
    photos = update.message.photo
    if photos:
        context.user_data.setdefault("evidence", []).append(photos[-1].file_id)
    await update.message.reply_text(
        "Bukti diterima. Kirim lagi, atau selesai.",
        reply_markup=keyboard([("ev:done", "✅ Selesai")]),
    )
    return EVIDENCE


async def summary(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    await query.answer()
    draft = context.user_data
    await query.message.reply_text(  # type: ignore[union-attr]
        f"Ringkasan aduan\nJenis: {CATEGORIES.get(draft.get('category', ''), '-')}\n"
        f"Waktu: {WHENS.get(draft.get('when', ''), '-')}\nTempat: {draft.get('where', '-')}\n"
        f"Cerita: {draft.get('description', '')}\nBukti: {len(draft.get('evidence', []))}",
        reply_markup=keyboard([("sum:confirm", "📨 Kirim"), ("sum:cancel", "Batal")]),
    )
    return SUMMARY


async def send(update: Update, context: Context) -> int:
    query = update.callback_query
    assert query is not None and context.user_data is not None
    await query.answer()
    if query.data != "sum:confirm":
        await query.message.reply_text("Aduan dibatalkan.")  # type: ignore[union-attr]
        return ConversationHandler.END
    number = context.bot_data.get("tickets", 0) + 1
    context.bot_data["tickets"] = number
    context.bot_data.setdefault("complaints", {})[number] = dict(context.user_data)
    context.user_data.clear()
    await query.message.reply_text(  # type: ignore[union-attr]
        f"Aduan Anda terkirim. Nomor tiket: POL-{number:06d}. Simpan nomor ini."
    )
    return ConversationHandler.END


async def cancel(update: Update, context: Context) -> int:
    assert update.message is not None
    await update.message.reply_text("Aduan dibatalkan.")
    return ConversationHandler.END


def build(token: str, api_url: str, data: Path) -> Application:
    conversation = ConversationHandler(
        entry_points=[CommandHandler("aduan", start)],
        states={
            CONSENT: [CallbackQueryHandler(consent, pattern=r"^consent:")],
            CATEGORY: [CallbackQueryHandler(category, pattern=r"^cat:")],
            DESCRIPTION: [MessageHandler(filters.TEXT & ~filters.COMMAND, description)],
            WHEN: [CallbackQueryHandler(when, pattern=r"^when:")],
            WHERE: [MessageHandler(filters.TEXT & ~filters.COMMAND, where)],
            WHERE_CONFIRM: [CallbackQueryHandler(where_confirm, pattern=r"^place:")],
            EVIDENCE: [
                MessageHandler(filters.PHOTO | filters.VIDEO, evidence),
                CallbackQueryHandler(summary, pattern=r"^ev:(skip|done)$"),
            ],
            SUMMARY: [CallbackQueryHandler(send, pattern=r"^sum:")],
        },
        fallbacks=[CommandHandler("batal", cancel)],
        name="complaint",
        persistent=True,
    )
    application = (
        Application.builder()
        .token(token)
        .base_url(f"{api_url}/bot")
        .base_file_url(f"{api_url}/file/bot")
        .persistence(PicklePersistence(filepath=data / "reference_bot.pickle"))
        .build()
    )
    application.add_handler(conversation)
    return application


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--token", required=True)
    parser.add_argument("--api-url", required=True, help="the Bot API server, no /bot suffix")
    parser.add_argument("--data", type=Path, required=True, help="where the pickle lives")
    args = parser.parse_args()
    args.data.mkdir(parents=True, exist_ok=True)
    build(args.token, args.api_url, args.data).run_polling()


if __name__ == "__main__":
    main()
