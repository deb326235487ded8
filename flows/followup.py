"""After the ticket: a citizen's messages about an open ticket, and closing the loop.

Pure, like every flow: the dispatcher passes the citizen's own open and recently
resolved tickets in `FlowContext.followup_tickets` (newest first) and applies the
actions returned here. The complaint flow hands over every event of an idle
conversation that is not a command; `handle` answers None when it has nothing to do with
it (no ticket concerned), and the complaint flow shows its menu as before.

* After "Resolve" the citizen is asked "Is it solved?" (Yes / No); Yes asks for a 1-5
  rating and an optional comment; No reopens the ticket.
* Any other message while a ticket is open (and the citizen chose to be contacted in the
  chat) is attached to the ticket and passed to the officers; within the follow-up window
  after a resolution it reopens the ticket.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flows.context import AttachMessage, FlowContext, FollowupTicket, TicketFeedback
from flows.events import Choice, InboundBody, Media, Option, Reply, Text
from flows.ports import Translator

CLOSED = {"resolved", "rejected"}
YES = {"ya", "iya", "y", "yes", "sudah", "sudah selesai", "selesai", "ok", "oke", "betul"}
NO = {"tidak", "belum", "no", "n", "belum selesai", "tidak selesai", "gak", "nggak", "blm"}
SKIP = {"lewati", "skip", "tidak", "tidak ada", "-", "no", "cukup"}
MAX_COMMENT = 1000


@dataclass(slots=True)
class FollowupResult:
    replies: list[Reply] = field(default_factory=list)
    actions: list[AttachMessage | TicketFeedback] = field(default_factory=list)


def solved_question(tr: Translator, reference: str, ticket_id: int) -> Reply:
    """The question put to the citizen after a resolution (sent by the officers' side)."""
    _ = tr.gettext
    return Reply(
        _("Is your problem with ticket {reference} solved?").format(reference=reference),
        options=(
            Option(f"fb:yes:{ticket_id}", _("✅ Yes, solved")),
            Option(f"fb:no:{ticket_id}", _("❌ No, not yet")),
        ),
        columns=2,
    )


def rating_question(tr: Translator, ticket_id: int) -> Reply:
    _ = tr.gettext
    return Reply(
        _(
            "Thank you! How satisfied are you with how your complaint was handled? "
            "Choose 1 (very unsatisfied) to 5 (very satisfied)."
        ),
        options=tuple(Option(f"fb:r:{ticket_id}:{n}", f"{n} ⭐") for n in range(1, 6)),
        columns=5,
    )


def handle(body: InboundBody, ctx: FlowContext) -> FollowupResult | None:
    tickets = ctx.followup_tickets
    if isinstance(body, Choice) and body.choice_id.startswith("fb:"):
        return _on_choice(body.choice_id, ctx)
    if isinstance(body, Text):
        waiting = next(
            (t for t in tickets if t.feedback_state in {"confirm", "rating", "comment"}), None
        )
        if waiting is not None:
            answer = _answer_to_question(waiting, body.text, ctx)
            if answer is not None:
                return answer
    if isinstance(body, Text | Media) and not (isinstance(body, Media) and body.error):
        return _attach(body, ctx)
    return None


def _on_choice(choice_id: str, ctx: FlowContext) -> FollowupResult:
    _ = ctx.tr.gettext
    parts = choice_id.split(":")
    ticket = None
    if len(parts) >= 3 and parts[2].isdigit():
        ticket = next((t for t in ctx.followup_tickets if t.id == int(parts[2])), None)
    if ticket is None:
        return FollowupResult(
            [Reply(_("This question is no longer open. Type /status to see your complaints."))]
        )
    verb = parts[1]
    if verb == "yes":
        return _confirmed(ticket, ctx)
    if verb == "no":
        return _reopen(ticket, ctx)
    if verb == "r" and len(parts) == 4 and parts[3] in {"1", "2", "3", "4", "5"}:
        return _rated(ticket, int(parts[3]), ctx)
    if verb == "skip":
        return FollowupResult(
            [Reply(_("Thank you for your feedback."))], [TicketFeedback(ticket.id, "skip_comment")]
        )
    return FollowupResult(
        [Reply(_("This question is no longer open. Type /status to see your complaints."))]
    )


def _answer_to_question(
    ticket: FollowupTicket, text: str, ctx: FlowContext
) -> FollowupResult | None:
    _ = ctx.tr.gettext
    word = text.strip().lower().rstrip(".!")
    if ticket.feedback_state == "confirm":
        if word in YES:
            return _confirmed(ticket, ctx)
        if word in NO:
            return _reopen(ticket, ctx)
        return None  # anything else: a new message about the ticket (reopens it)
    if ticket.feedback_state == "rating":
        digits = word.replace("⭐", "").strip()
        if digits in {"1", "2", "3", "4", "5"}:
            return _rated(ticket, int(digits), ctx)
        return None
    if word in SKIP:
        return FollowupResult(
            [Reply(_("Thank you for your feedback."))], [TicketFeedback(ticket.id, "skip_comment")]
        )
    return FollowupResult(
        [Reply(_("Thank you for your feedback."))],
        [TicketFeedback(ticket.id, "comment", text.strip()[:MAX_COMMENT])],
    )


def _confirmed(ticket: FollowupTicket, ctx: FlowContext) -> FollowupResult:
    if ticket.feedback_state not in {"confirm", None}:
        return FollowupResult(
            [Reply(ctx.tr.gettext("Your answer was already recorded. Thank you."))]
        )
    return FollowupResult(
        [rating_question(ctx.tr, ticket.id)], [TicketFeedback(ticket.id, "confirmed")]
    )


def _rated(ticket: FollowupTicket, stars: int, ctx: FlowContext) -> FollowupResult:
    _ = ctx.tr.gettext
    if ticket.feedback_state not in {"rating", "confirm", None}:
        return FollowupResult([Reply(_("Your answer was already recorded. Thank you."))])
    return FollowupResult(
        [
            Reply(
                _(
                    "Thank you for your rating ({stars}/5). If you like, write a short comment "
                    "about the service, or choose “Skip”."
                ).format(stars=stars),
                options=(Option(f"fb:skip:{ticket.id}", _("Skip")),),
            )
        ],
        [TicketFeedback(ticket.id, "rating", str(stars))],
    )


def _reopen(ticket: FollowupTicket, ctx: FlowContext) -> FollowupResult:
    _ = ctx.tr.gettext
    if ticket.status != "resolved" or not _within_window(ticket, ctx):
        return FollowupResult(
            [
                Reply(
                    _(
                        "Ticket {reference} can no longer be reopened. Type "
                        "/aduan to file a new complaint."
                    ).format(reference=ticket.reference)
                )
            ]
        )
    return FollowupResult(
        [
            Reply(
                _(
                    "We are sorry the problem is not solved yet. Ticket {reference} has been "
                    "reopened and the officers have been told. You can write here what is "
                    "still missing."
                ).format(reference=ticket.reference)
            )
        ],
        [TicketFeedback(ticket.id, "reopen")],
    )


def _within_window(ticket: FollowupTicket, ctx: FlowContext) -> bool:
    if ticket.resolved_at is None:
        return False
    return ctx.now - ticket.resolved_at <= timedelta(days=ctx.followup_days)


def _attach(body: Text | Media, ctx: FlowContext) -> FollowupResult | None:
    _ = ctx.tr.gettext
    chat = [t for t in ctx.followup_tickets if t.contact == "chat"]
    text = body.text if isinstance(body, Text) else (body.caption or "")
    media_kind = body.kind if isinstance(body, Media) else None
    file_ref = body.file_ref if isinstance(body, Media) else None
    open_ticket = next((t for t in chat if t.status not in CLOSED), None)
    if open_ticket is not None:
        return FollowupResult(
            [
                Reply(
                    _(
                        "Your message was added to ticket {reference} and passed on to the "
                        "officers."
                    ).format(reference=open_ticket.reference)
                )
            ],
            [AttachMessage(open_ticket.id, text.strip()[:4000], media_kind, file_ref)],
        )
    recent = next((t for t in chat if t.status == "resolved" and _within_window(t, ctx)), None)
    if recent is not None:
        return FollowupResult(
            [
                Reply(
                    _(
                        "Ticket {reference} has been reopened and your message passed on to the "
                        "officers."
                    ).format(reference=recent.reference)
                )
            ],
            [AttachMessage(recent.id, text.strip()[:4000], media_kind, file_ref, reopen=True)],
        )
    return None
