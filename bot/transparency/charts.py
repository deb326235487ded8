"""Server-side SVG charts (no JavaScript, no fonts or files from elsewhere)."""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

Bar = tuple[str, int | float | str, str]  # label, value (a number, or "<5" / "suppressed"), title


def _number(value: int | float | str) -> float | None:
    return value if isinstance(value, int | float) else None


def column_chart(
    bars: Sequence[Bar], title: str, hidden_label: str, width: int = 420, height: int = 180
) -> str:
    """Vertical bars (complaints per week); hidden counts drawn as a hatched stub."""
    e = html.escape
    top = max([_number(v) or 0 for _, v, _ in bars] + [5])
    left, bottom, right, head = 34, 34, 8, 10
    plot_w, plot_h = width - left - right, height - bottom - head
    step = plot_w / max(1, len(bars))
    bar_w = max(2.0, step * 0.7)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{e(title)}" class="chart">',
        '<defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="3" height="6" fill="#b9c2cc"/>'
        "</pattern></defs>",
        f"<title>{e(title)}</title>",
    ]
    for tick in (0, int(top // 2), int(top)):
        y = head + plot_h - plot_h * tick / top
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e3e7eb"/>'
        )
        parts.append(
            f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" '
            f'font-size="11" fill="#5b6670">{tick}</text>'
        )
    # A "dd/mm" label at 11px needs about 36px: label every n-th bar so none overlap.
    every = max(1, math.ceil(36 / step))
    for i, (label, value, tip) in enumerate(bars):
        x = left + i * step + (step - bar_w) / 2
        number = _number(value)
        if number is None:
            h = plot_h * 2 / top
            parts.append(
                f'<rect x="{x:.1f}" y="{head + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="url(#hatch)"><title>{e(tip)}: '
                f"{e(hidden_label if value != '<5' else '<5')}</title></rect>"
            )
        else:
            h = plot_h * number / top
            parts.append(
                f'<rect x="{x:.1f}" y="{head + plot_h - h:.1f}" width="{bar_w:.1f}" '
                f'height="{h:.1f}" fill="#1f5f8b"><title>{e(tip)}: {number:g}'
                "</title></rect>"
            )
        if i % every == 0:
            parts.append(
                f'<text x="{x + bar_w / 2:.1f}" y="{height - 14}" font-size="11" '
                f'text-anchor="middle" fill="#5b6670">{e(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def bar_chart(
    bars: Sequence[Bar],
    title: str,
    unit: str = "",
    maximum: float | None = None,
    width: int = 380,
    decimal_mark: str = ".",
) -> str:
    """Horizontal bars with the label above each bar (long category names wrap nowhere);
    `decimal_mark` is the page language's ("," in Indonesian, as its tables write it)."""
    e = html.escape
    row = 34
    height = max(row, row * len(bars)) + 6
    top = maximum or max([_number(v) or 0 for _, v, _ in bars] + [5])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{e(title)}" class="chart"><title>{e(title)}</title>'
    ]
    for i, (label, value, tip) in enumerate(bars):
        y = i * row
        parts.append(f'<text x="0" y="{y + 12}" font-size="12" fill="#26323c">{e(label)}</text>')
        number = _number(value)
        shown = (
            f"{number:g}".replace(".", decimal_mark) + unit if number is not None else str(value)
        )
        w = (width - 90) * (number or 0) / top if number is not None else 0
        parts.append(
            f'<rect x="0" y="{y + 16}" width="{max(w, 1):.1f}" height="12" '
            f'fill="{"#1f5f8b" if number is not None else "#b9c2cc"}">'
            f"<title>{e(tip)}: {e(shown)}</title></rect>"
        )
        parts.append(
            f'<text x="{max(w, 1) + 6:.1f}" y="{y + 27}" font-size="12" '
            f'fill="#26323c">{e(shown)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
