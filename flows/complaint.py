"""The complaint intake conversation's engine, on one shared `transitions` state machine.

A citizen walks through: consent -> category -> description -> when -> where (confirm or
pick a place) -> evidence -> summary -> ticket. Each step is declared once, in its own
module of flows/steps/ (name, prompt, input handler, choices, back target), and
registered in the table `flows.steps.STEPS`; this module owns what is common to all of
them: the machine built from the table, the dispatch of an event to the current step,
"kembali" (back), "/batal" (cancel, after a confirmation once something was written),
commands, typed options, timers, and what happens at idle. A story told up front (at
idle, or at the category step) answers description, and where and when when
flows/story.py is sure of them: those steps are passed (`Draft.prefilled`) and the
summary shows what was taken. From the summary any field can be edited, after which the
citizen comes straight back to the summary.

The machine is built once (`MACHINE`); each event takes an `Intake` model bound to it
(flows/intake.py; bound once and re-initialised per event, `_take_intake`), fires
triggers, and gives it back, so nothing about a citizen lives in memory between
messages: state and draft come from the store and go back to it (`handle`). Entering a
step renders its prompt (`Intake.enter_step`); the step's handler reads the citizen's
input and fires triggers. Short acknowledgements collected during a step are put in
front of the next prompt so that one step sends one message, which matters under
Telegram's one-message-per-second limit per chat.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz, process
from transitions.extensions.asyncio import AsyncMachine

if TYPE_CHECKING:  # a name of transitions' type stubs only
    from collections.abc import Iterable

    from transitions.core import Callback
    from transitions.extensions.asyncio import AsyncCallbackFunc, AsyncEventData

from flows import followup, question, safety, status
from flows.context import (
    EraseMyData,
    FlowContext,
    SetLocale,
    ShowMyData,
    ShowStatus,
    StepResult,
)
from flows.events import (
    Choice,
    Command,
    Contact,
    Draft,
    Inbound,
    InboundBody,
    Location,
    Media,
    Option,
    Text,
    Tick,
    Unsupported,
)
from flows.intake import CANCEL_NO, CANCEL_YES, IDLE, Intake, Step
from flows.intent import EmojiMood, Intent, emoji_mood
from flows.steps import STEPS
from flows.steps.consent import keep_story_told, note_not_kept
from flows.steps.summary import CHOICES as _SUMMARY_CHOICES
from flows.texts import unsupported_name
from flows.triage import Triage

STATES = [IDLE, *STEPS]
# One step back from each state ("kembali").
BACK = {step.name: step.back for step in STEPS.values() if step.back is not None}
# The order of the main path; "advance" goes to the next one, or back to the summary
# when the citizen came to the step to edit it.
_PATH = [step.name for step in STEPS.values() if step.on_path]
CANCEL_WORDS = {"batal", "batalkan", "cancel", "/batal", "stop"}
BACK_WORDS = {"kembali", "back", "balik", "sebelumnya", "mundur"}


def _advance_target(step: Step) -> str | None:
    if step.part_of is not None:
        step = STEPS[step.part_of]
    if not step.on_path:
        return step.then
    following = _PATH.index(step.name) + 1
    return _PATH[following] if following < len(_PATH) else None


def _transitions() -> list[dict[str, object]]:
    rules: list[dict[str, object]] = [
        {"trigger": "start", "source": IDLE, "dest": _PATH[0]},
        {"trigger": "cancel", "source": "*", "dest": IDLE},
        {"trigger": "expire", "source": "*", "dest": IDLE},
    ]
    for step in STEPS.values():
        for trigger, dest in step.triggers.items():
            rules.append({"trigger": trigger, "source": step.name, "dest": dest})
        target = _advance_target(step)
        if target is not None:
            if step.name != _PATH[0]:  # the consent is never edited
                rules.append(
                    {
                        "trigger": "advance",
                        "source": step.name,
                        "dest": "summary",
                        "conditions": "is_editing",
                    }
                )
            rules.append({"trigger": "advance", "source": step.name, "dest": target})
        if step.back is not None:
            rules.append({"trigger": "back", "source": step.name, "dest": step.back})
    return rules


def _states() -> list[dict[str, str]]:
    """Every step renders on entering it (Intake.enter_step); idle forgets the draft."""
    return [{"name": IDLE, "on_enter": "enter_idle"}] + [
        {"name": name, "on_enter": "enter_step"} for name in STEPS
    ]


class _Machine(AsyncMachine):
    """transitions' `AsyncMachine`, with a list of one callback (or condition) awaited in
    the event's own task.

    `AsyncMachine.await_all` gathers every list of callbacks and conditions
    (`asyncio.gather`): a future for each list, even an empty one, and a task for each
    callback, ~11 gathers per event (bench/README.md, issue 21 session 29), though our
    lists hold one callback at most (a state's `on_enter`, a transition's condition).
    Awaited directly, one callback does what its task did: it sees the trigger's
    context (transitions' `current_context`: a gathered task copies it), its result or
    exception comes back the same, and a cancellation reaches it. Lists of two or more
    are still gathered, as transitions runs them (concurrently)."""

    @staticmethod
    async def await_all(callables: list[AsyncCallbackFunc]) -> list[bool | None]:
        if not callables:
            return []
        if len(callables) > 1:
            return list(await asyncio.gather(*[func() for func in callables]))
        return [await callables[0]()]

    async def callbacks(  # type: ignore[override]  # as in transitions own stubs
        self, funcs: Iterable[Callback], event_data: AsyncEventData
    ) -> None:
        """transitions' `callbacks`, without its list of partials for a list of none or
        one: of the ~10 lists a trigger runs (prepare, before, after, on_exit, on_enter,
        the machine's before/after_state_change...) most are empty (bench/README.md,
        issue 21 session 29). One callback is awaited as `await_all` awaits it."""
        if isinstance(funcs, list) and len(funcs) <= 1:
            if funcs:
                await event_data.machine.callback(funcs[0], event_data)
            return
        await super().callbacks(funcs, event_data)

    def __getattr__(self, name: str) -> Any:
        """Only for a name the machine lacks. Every state change asks
        `hasattr(machine, "model_graphs")` (a diagram's machine has it; ours never does):
        transitions' `__getattr__` first tries the name as a callback's ("on_enter_..."),
        then raises one AttributeError, catches it and raises another, ~3 us a state
        change (bench/README.md, session 32). That name fails at once, as it did; any
        other goes on as before. tests/flows/test_machine_callbacks.py"""
        if name == "model_graphs":
            raise AttributeError(name)
        return super().__getattr__(name)


MACHINE = _Machine(
    model=None,
    states=_states(),
    transitions=_transitions(),
    initial=None,
    queued="model",
    auto_transitions=True,  # to_<state>: used by "edit" and "kembali"
)


# Intakes already bound to MACHINE and free for the next event. Binding a model
# (`add_model`: 64 trigger, may_ and is_ methods, each checked against the model first)
# took 9 % of the bot's CPU under load when done for every event (bench/README.md, issue
# 21); an intake taken from here is re-initialised instead (`Intake.__init__` sets every
# attribute an event uses), so nothing of an earlier event survives but the machine's
# bindings. There are as many as events were ever handled at once.
_FREE_INTAKES: list[Intake] = []


def _take_intake(draft: Draft, ctx: FlowContext, state: str) -> Intake:
    """An intake for one event, in `state`: a free one re-initialised, or a new one."""
    if not _FREE_INTAKES:
        intake = Intake(draft, ctx, STEPS)
        MACHINE.add_model(intake, initial=state)
        return intake
    intake = _FREE_INTAKES.pop()
    Intake.__init__(intake, draft, ctx, STEPS)
    MACHINE.set_state(state, model=intake)
    return intake


async def handle(
    state: str, draft: Draft, inbound: Inbound, ctx: FlowContext, *, owned: bool = False
) -> StepResult:
    """One event of one citizen: the new state, draft, replies and actions. Pure: the
    draft given is left as it was (tests/flows/test_intake_reuse.py), unless the caller
    hands it over (`owned`: it keeps no use for it, as the dispatcher, which reads the
    draft from the store for each event). Then it is worked on as it is, without the
    copy of every field (~3 % of the bot's CPU, bench/README.md session 31)."""
    if state not in STATES:
        state = IDLE  # a state from an older version of the flow: start over politely
    intake = _take_intake(draft if owned else draft.copy(), ctx, state)
    try:
        # Triage first: the 110 advice comes before anything else the step says.
        intake.triaged = safety.before_step(intake, inbound.body)
        await _dispatch(intake, inbound.body)
    except BaseException:
        MACHINE.remove_model(intake)  # not reused: its event queue may hold the failure
        raise
    intake.flush_notes()
    if intake.state == IDLE:
        # idle carries no draft (nor a stale "urgent"), only the last list shown and a
        # question waiting for "Ask an officer"
        intake.draft = Draft(
            last_options=intake.draft.last_options, pending_text=intake.draft.pending_text
        )
    _remember_last_list(intake)
    result = StepResult(
        state=intake.state,
        draft=intake.draft,
        replies=intake.replies,
        actions=intake.actions,
        toast=intake.toast,
    )
    _FREE_INTAKES.append(intake)
    return result


async def _dispatch(intake: Intake, body: InboundBody) -> None:
    _ = intake._
    active = intake.state != IDLE
    if isinstance(body, Tick):
        await _on_tick(intake, body)
        return
    if isinstance(body, Choice) and body.choice_id.startswith("cmd:"):
        # A menu option that runs a command ("🔎 Cek aduan saya" -> /status), pressed or
        # typed as its number or label (WhatsApp has no buttons): the command itself.
        name, _sep, args = body.choice_id[4:].partition(" ")
        body = Command(name, args)
    if isinstance(body, Command):
        await _on_command(intake, body)
        return
    if isinstance(body, Text):
        # A typed number or label answers the last list shown, wherever that list came
        # from, before anything else reads the text.
        typed_choice = _typed_option(intake, body.text)
        if typed_choice is not None:
            await _dispatch(intake, typed_choice)
            return
    if not active and isinstance(body, Text):
        asked = status.typed_request(body.text)
        if asked is not None:  # "cek aduan saya": /status, not a message to the officers
            await _on_command(intake, Command("status", asked))
            return
    if not active and intake.ctx.followup_tickets:
        # Idle: a message about an open or just-resolved ticket goes to the follow-up flow.
        handled = followup.handle(body, intake.ctx)
        if handled is not None:
            intake.replies.extend(handled.replies)
            intake.actions.extend(handled.actions)
            return
    if isinstance(body, Choice):
        if body.choice_id.startswith("lang:"):
            _switch_language(intake, body.choice_id[5:])
            return
        if body.choice_id == "nav:back":
            await _go_back(intake)
            return
        if body.choice_id == CANCEL_YES and active:
            await intake.cancel_draft()
            return
        if body.choice_id == CANCEL_NO and active:
            intake.prompt()
            return
        if body.choice_id == "menu:new":
            await _on_command(intake, Command("aduan"))
            return
        if body.choice_id.startswith("privacy:"):
            await _on_privacy_choice(intake, body.choice_id)
            return
    if isinstance(body, Text):
        word = body.text.strip().lower().rstrip(".!")
        if word in CANCEL_WORDS and active:
            await intake.cancel_or_ask()
            return
        if word in BACK_WORDS and active:
            await _go_back(intake)
            return
    if not active:
        if isinstance(body, Choice) and body.choice_id in (
            question.ASK_OFFICER,
            question.ASK_COMPLAINT,
        ):
            await _from_pending_text(intake, body.choice_id)
            return
        if isinstance(body, Choice) and body.choice_id == question.ANSWERED:
            question.answered(intake)
            return
        if isinstance(body, Text) and safety.starts_complaint(body.text, intake.triaged):
            # A first message that tells the story: keep it and start the complaint.
            await _start_with_story(intake, body.text, intake.triaged)
            return
        if isinstance(body, Text):
            # Emojis only ("🙏😭😭", "🆘", "🙏"): read by the rule, not the model, and
            # even when too short to be triaged.
            mood = emoji_mood(body.text)
            if mood in (EmojiMood.DISTRESS, EmojiMood.DANGER):
                question.comfort(intake, mood)
                return
            if mood is EmojiMood.THANKS:
                question.greet(intake, body.text)
                return
        if isinstance(body, Text) and intake.triaged is not None:
            if intake.triaged.intent.label is Intent.QUESTION:
                question.answer_question(intake, body.text, intake.triaged)
                return
            if intake.triaged.intent.label is Intent.GREETING:
                question.greet(intake, body.text)
                return
        if isinstance(body, (Media, Location)):
            # A photo, voice note or pin sent first: the citizen is reporting, so the
            # complaint starts (a caption that tells the story is kept as one typed). The
            # file itself cannot be kept before the consent: say so, never just the menu.
            if safety.may_start(intake, intake.draft.priority == "urgent"):
                note_not_kept(intake, body)
                keep_story_told(intake, body.caption if isinstance(body, Media) else None)
                await intake.trigger("start")
            return
        if isinstance(body, Choice) and body.choice_id.startswith(_SUMMARY_CHOICES):
            # "Kirim aduan" tapped twice: the complaint is sent; a popup says so, the
            # number stays the last thing in the chat.
            intake.toast = _("Your complaint was already sent ✓")
            return
        if isinstance(body, Choice):
            intake.notes.append(_("That button belongs to an earlier conversation."))
        intake.prompt()
        return
    if isinstance(body, Unsupported):
        intake.notes.append(
            _("Sorry, {kind} cannot be processed here.").format(kind=_(unsupported_name(body.kind)))
        )
        intake.not_understood()
        return
    if isinstance(body, Media) and not intake.step.takes_files:
        # A photo sent while another question waits: kept as evidence, nothing lost (not
        # before the consent, which is what allows keeping it).
        if not intake.step.keeps_stray_files:
            # The file is not kept, but a caption that tells the story is, as the same
            # words typed would be. The rest of an album already answered: nothing more.
            noted = note_not_kept(intake, body)
            if keep_story_told(intake, body.caption) or noted:
                intake.prompt()
            return
        before = len(intake.draft.evidence)
        first_of_album = intake.add_evidence(body)
        if len(intake.draft.evidence) > before and first_of_album:
            intake.notes.append(_("File saved as evidence ✓"))
            intake.prompt()
        return
    if isinstance(body, Contact):
        intake.notes.append(
            _("Thank you, but a contact card is not needed: officers reply to you in this chat.")
        )
        intake.not_understood()
        return
    if isinstance(body, Choice) and not body.choice_id.startswith(intake.step.choices):
        # A button of a step already answered (a double tap, an old message): its answer
        # is recorded; resending the current question would only scroll it away.
        intake.toast = _("Already answered ✓ Please continue below.")
        return
    await intake.step.handle(intake, body)


async def _start_with_story(
    intake: Intake, text: str, result: Triage | None, category: str | None = None
) -> None:
    """Keep the story (and the likely category) and start the complaint."""
    _ = intake._
    urgent = intake.draft.priority == "urgent"
    if safety.may_start(intake, urgent):
        safety.keep_story(intake, text, result)
        intake.take_story(text, told_at_idle=True)
        if category is not None:
            intake.draft.suggested_category = category
            intake.draft.category_evidence = []
        intake.notes.append(_("Thank you, your story is saved."))
        await intake.trigger("start")


async def _from_pending_text(intake: Intake, choice_id: str) -> None:
    """ "Ask an officer" or "File a complaint" under a question kept at idle."""
    _ = intake._
    text = intake.draft.pending_text
    if not text:
        intake.notes.append(_("That button belongs to an earlier conversation."))
        intake.prompt()
        return
    intake.draft.pending_text = None
    if choice_id == question.ASK_OFFICER:
        # a question for the officers, not a complaint: counted apart, a shorter deadline
        intake.draft.kind = "question"
        await _start_with_story(intake, text, None, category=question.INFORMATION)
    else:
        await _start_with_story(intake, text, safety.triage_of(intake, text))


def _typed_option(intake: Intake, text: str) -> Choice | None:
    """Text that names an option of the current prompt, as on WhatsApp ("2", "Lewati",
    "lewat") or when a Telegram user types a button's label: treat it as the press."""
    typed = text.strip().lower().rstrip(".!")
    if not typed or len(typed) > 60:
        return None
    if intake.draft.last_options:
        options = [Option(choice_id, label) for choice_id, label in intake.draft.last_options]
    else:  # a conversation stored before lists were remembered: the step's own prompt
        scratch = Intake(Draft.from_json(intake.draft.to_json()), intake.ctx, intake.steps)
        scratch.state = intake.state
        scratch.prompt()
        options = [o for reply in scratch.replies for o in reply.options]
    if not options:
        return None
    if typed.isdigit():
        if all(o.id == "nav:back" for o in options):
            return None  # WhatsApp shows no number for a lone "Back" (a word instead)
        index = int(typed) - 1
        return Choice(options[index].id) if 0 <= index < len(options) else None
    labels = {_plain(o.label): o.id for o in options}
    if typed in labels:
        return Choice(labels[typed])
    # Where the citizen types free text (Step.free_text) only a bare number or the exact
    # label of a shown option counts as pressing it, never a fuzzy match.
    free_text = intake.state != IDLE and intake.step.free_text
    if free_text or len(typed) < 4 or len(typed.split()) > 3:
        return None
    # A mistyped label ("lewatin", "kirim adu"), never a sentence that contains a label's
    # word: "terima kasih atas bantuannya" is no press of "Bantuan". So the whole text is
    # compared (ratio), not its best-matching part (WRatio), and only short texts.
    best = process.extractOne(typed, list(labels), scorer=fuzz.ratio, score_cutoff=80)
    return Choice(labels[best[0]]) if best else None


def _remember_last_list(intake: Intake) -> None:
    """Keep the buttons of the last list this step showed (see Draft.last_options); a step
    that answered without any list makes the earlier one stale; a silent step keeps it."""
    if not intake.replies:
        return
    lists = [reply.options for reply in intake.replies if reply.options]
    intake.draft.last_options = [[o.id, o.label] for o in lists[-1]] if lists else []


def _plain(label: str) -> str:
    """A button label without its emoji and punctuation, lower case."""
    return "".join(ch for ch in label.lower() if ch.isalnum() or ch in " /-").strip()


async def _on_tick(intake: Intake, tick: Tick) -> None:
    _ = intake._
    if intake.state == IDLE:
        return
    if tick.timer == "reminder":
        intake.notes.append(
            _(
                "Are you still there, Sir/Madam? Your complaint is not sent yet. "
                "You can continue where you left off:"
            )
        )
        intake.prompt()
    elif tick.timer == "expiry":
        intake.notes.append(
            _(
                "Your unfinished complaint has expired after {hours:g} hours "
                "without reply and was deleted. Type /aduan to start again."
            ).format(hours=intake.ctx.expiry_hours)
        )
        await intake.trigger("expire")
        intake.flush_notes()


async def _on_command(intake: Intake, command: Command) -> None:
    _ = intake._
    name = command.name
    active = intake.state != IDLE
    if name in {"start", "aduan", "lapor", "new"}:
        if active:
            intake.notes.append(
                _(
                    "You are in the middle of a complaint. Continue below, or "
                    "type /batal to cancel it."
                )
            )
            intake.prompt()
        elif safety.may_start(intake, intake.draft.priority == "urgent"):
            await intake.trigger("start")
    elif name in {"tanya", "ask"}:
        text = command.args.strip()
        if not text:
            intake.say(_("Type your question after the command, e.g. /tanya syarat SKCK"))
        elif active:
            # Mid-complaint: the answer only, then the step goes on (nothing replaced).
            question.answer_in_passing(intake, text)
            intake.prompt()
        else:
            result = safety.triage_of(intake, text)
            if result.emergency.flagged:  # emergencies first, whatever the command
                intake.replies.append(safety.emergency_advice(intake, result))
            question.answer_question(intake, text, result)
    elif name in {"dataku", "mydata"}:
        intake.actions.append(ShowMyData())
        if active:
            intake.prompt()
    elif name in {"hapusdata", "erasemydata"}:
        intake.say(
            _(
                "Erase your personal data? Dumas will delete what you told us and your "
                "evidence files from your closed complaints, and your name, which is not "
                "stored again; your chat account once no complaint of yours is open. "
                "Complaints still open are kept until they are closed. Only anonymous "
                "statistics remain. This cannot be undone."
            ),
            options=(
                Option("privacy:erase", _("🗑️ Yes, erase my data")),
                Option("privacy:keep", _("✖️ No, keep it")),
            ),
        )
    elif name in {"batal", "cancel"}:
        if active:
            await intake.cancel_or_ask()
        else:
            intake.say(_("There is no complaint in progress. Type /aduan to file one."))
    elif name in {"bantuan", "help"}:
        intake.say(_help_text(intake))
        if active:
            intake.prompt()
    elif name in {"bahasa", "language"}:
        intake.say(
            _("Choose your language / Pilih bahasa:"),
            options=(Option("lang:id", "🇮🇩 Bahasa Indonesia"), Option("lang:en", "🇬🇧 English")),
        )
    elif name == "status":
        intake.actions.append(ShowStatus(command.args))
        if active:
            # the question again, last (after the status: bot/dispatcher.py): on WhatsApp
            # and the console a number answers the last list shown, and the status list's
            # numbers had replaced the draft's (a "1" meant for it opened a ticket instead)
            intake.prompt()
    else:
        intake.notes.append(_("Unknown command /{name}.").format(name=name[:32]))
        intake.say(_help_text(intake))
        if active:
            intake.prompt()


def _help_text(intake: Intake) -> str:
    return intake._(
        "Dumas takes complaints for the Indonesian National Police.\n"
        "/aduan – file a new complaint\n"
        "/status – your complaints and their progress; /status NUMBER for one ticket\n"
        "/batal – cancel the complaint you are filling in\n"
        "“kembali” – go back one step\n"
        "/bahasa – change language\n"
        "/bantuan – this help\n\n"
        "In an emergency, call 110 (free, 24 hours)."
    )


async def _on_privacy_choice(intake: Intake, choice_id: str) -> None:
    if choice_id == "privacy:erase":
        intake.actions.append(EraseMyData())  # the runtime answers with what it erased
        if intake.state != IDLE:
            await intake.trigger("cancel")
        return
    intake.say(intake._("Nothing was erased."))
    if intake.state != IDLE:
        intake.prompt()


def _switch_language(intake: Intake, locale: str) -> None:
    if locale not in {"id", "en"}:
        return
    intake.actions.append(SetLocale(locale))
    intake.ctx.tr = intake.ctx.translator_for(locale)
    intake.notes.append(intake._("Language set to English."))
    if intake.state != IDLE:
        intake.prompt()
    else:
        intake.flush_notes()


async def _go_back(intake: Intake) -> None:
    target = BACK.get(intake.state)
    if intake.draft.editing and intake.state not in {"summary", "edit"}:
        target = "summary"
    if target is None:
        intake.prompt()
        return
    await intake.trigger("back") if target == BACK.get(intake.state) else await intake.trigger(
        f"to_{target}"
    )


__all__ = ["IDLE", "MACHINE", "STATES", "handle"]
