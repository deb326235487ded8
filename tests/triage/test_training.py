"""bot/triage/training.py: retraining is deterministic and the model file round-trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.triage import training
from bot.triage.model_file import read_model, write_model
from flows.triage_model import REQUIRED_HEADS


def test_training_twice_gives_the_same_file_byte_for_byte(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(training, "C_GRID", (100.0,))  # one C: the test stays quick
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[::4][:240]  # every kind
    report: list[str] = []
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    write_model(training.train(items, report), first)
    write_model(training.train(items, jobs=2), second)  # folds in two processes: same file
    assert first.read_bytes() == second.read_bytes()
    model = read_model(first)
    assert set(REQUIRED_HEADS) <= set(model.heads)
    assert model.meta["trained_on"] == 240 and model.meta["rule_signals"] is True
    assert any(line.startswith("cross-validated") for line in report)
    # the policy is chosen, not left at its defaults
    assert 0.0 < model.policy.emergency_threshold < 1.0


def test_a_different_corpus_gives_a_different_hash() -> None:
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[:10]
    assert training.corpus_hash(items) != training.corpus_hash(items[:9])
    assert training.corpus_hash(items) == training.corpus_hash(list(items))


def test_cross_validation_judges_each_development_message_once_by_a_model_that_never_saw_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`dumas triage train --cv K`: the honest tuning signal without the held-out half."""
    from bot.triage.cross_validation import cross_validate, dev_fold

    items = [dict(i) for i in training.read_lines(training.EVAL_DIR / "dev.jsonl")[::4][:240]]
    # Two messages of one fold share a word nobody else uses: that fold's model must not
    # know it (it never trained on them), the other folds' models do.
    marked: list[int] = []
    for index, item in enumerate(items):
        candidate = {**item, "text": f"{item['text']} zqxwv"}
        if dev_fold(candidate, 3) == 0 and len(marked) < 2:
            items[index] = candidate
            marked.append(index)
    assert len(marked) == 2
    result = cross_validate(
        3,
        c={"intent": 30.0, "category": 100.0, "abusive": 100.0, "emergency": 100.0},
        progress=False,
        dev_items=items,
        rest_items=[],
    )
    assert result.chosen.lines == result.shipped.lines == 240
    assert result.fold_of == [dev_fold(i, 3) for i in items]
    assert len(result.models) == len(result.policies) == 3
    assert "w:zqxwv" not in result.models[0].weights
    assert "w:zqxwv" in result.models[1].weights and "w:zqxwv" in result.models[2].weights
    assert all(0.0 < p.emergency_threshold < 1.0 for p in result.policies)


def test_train_cv_needs_two_folds(capsys: pytest.CaptureFixture[str]) -> None:
    from bot.triage.commands import cmd_triage

    class Args:
        text = None
        rules_only = False
        rest = ["train", "--cv", "1"]

    assert cmd_triage(Args()) == 2  # type: ignore[arg-type]
    assert "--cv needs K >= 2" in capsys.readouterr().err


def test_strong_cues_stand_while_ordinary_list_flags_the_model_doubts_stay_out() -> None:
    """The policy search (bot/triage/training._choose_policy): strong word-list flags the
    model doubts (P 0.02) are found by Policy.emergency_strong_floor, while ordinary
    list flags at the same P are wrong, so the general floor must stay high. Since
    session 30 the most permissive of the policies that find the most is chosen: the
    strong floor goes to 0.0 (it was the highest that found them all, 0.01)."""
    strong = [f"teman {n} keseret ombak di pantai, belum kelihatan" for n in range(10)]
    wrong = [f"tolong ada maling di rumah nomor {n}" for n in range(20)]
    sure = [f"kebakaran besar di pasar blok {n}, orang terjebak" for n in range(10)]
    calm = [f"mau tanya syarat perpanjang sim nomor {n}" for n in range(10)]

    def lines(texts: list[str], emergency: bool) -> list[dict[str, object]]:
        return [
            {"text": t, "intent": "emergency" if emergency else "other", "emergency": emergency}
            for t in texts
        ]

    items = [*lines(strong, True), *lines(wrong, False), *lines(sure, True), *lines(calm, False)]
    batch = training.examples(items)
    assert all(e.rules.emergency.strong for e in batch[:10])
    assert all(e.rules.emergency.flagged and not e.rules.emergency.strong for e in batch[10:30])
    p_e = [0.02] * 30 + [0.9] * 10 + [0.01] * 10
    policy = training._choose_policy(
        batch,
        [{"emergency": p, "other": 1.0 - p} for p in p_e],
        [{"no": 1.0, "yes": 0.0}] * len(batch),
        [{}] * len(batch),
    )
    assert policy.emergency_strong_floor == 0.0  # a strong cue always stands
    assert policy.emergency_rules_floor > 0.02  # the wrong list flags stay out
    model_flags = training._emergency_flags(
        training._emergency_cues(batch),
        p_e,
        policy.emergency_threshold,
        policy.emergency_rules_floor,
        policy.emergency_strong_floor,
    )
    assert model_flags == [True] * 10 + [False] * 20 + [True] * 10 + [False] * 10


def test_a_fixed_c_is_used_and_recorded_instead_of_the_search(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`dumas triage train --c HEAD=C`: that head is fitted at C alone (the grid is not
    searched), the others still search theirs, and the file says which C each used."""
    monkeypatch.setattr(training, "C_GRID", (30.0, 100.0))
    fitted: list[tuple[str, float]] = []
    real_fit = training._fit

    def counting_fit(matrix, batch, head, labels, c):  # type: ignore[no-untyped-def]
        fitted.append((head, c))
        return real_fit(matrix, batch, head, labels, c)

    monkeypatch.setattr(training, "_fit", counting_fit)
    items = training.read_lines(training.EVAL_DIR / "dev.jsonl")[::10][:100]
    model = training.train(items, fixed_c={"intent": 7.0, "emergency": 3.0})
    assert model.meta["c"]["intent"] == 7.0 and model.meta["c"]["emergency"] == 3.0
    assert model.meta["c"]["category"] in (30.0, 100.0)
    assert {c for head, c in fitted if head == "intent"} == {7.0}
    assert {c for head, c in fitted if head == "category"} == {30.0, 100.0}
