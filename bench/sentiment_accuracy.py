"""Accuracy of guanxi.feedback.sentiment on the labelled sentences in tests/feedback/sentiment_cases.py.

    .venv/bin/python bench/sentiment_accuracy.py            # accuracy, confusion matrices, timing
    .venv/bin/python bench/sentiment_accuracy.py --errors   # plus every misread sentence

Prints accuracy per subset and language, confusion matrices, and the time one call takes on a
200-character text. Subsets (see the cases module): tuning (looked at while building the
lexicon), held-out-1 (measured once on the first frozen lexicon, 41/60, then used for tuning),
held-out (written after the second freeze, never used for tuning: the honest figure).
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.feedback.sentiment_cases import FIRST_HELD_OUT, HELD_OUT, TUNING, Case  # noqa: E402

from guanxi.feedback.sentiment import SentimentLabel, analyze  # noqa: E402

LABELS = [SentimentLabel.NEGATIVE, SentimentLabel.NEUTRAL, SentimentLabel.POSITIVE]


@dataclass
class Report:
    name: str
    total: int = 0
    correct: int = 0
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: list[tuple[Case, str, float]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


def measure(name: str, cases: list[Case]) -> Report:
    report = Report(name)
    for case in cases:
        result = analyze(case.text)
        report.total += 1
        key = (case.label, result.label.value)
        report.confusion[key] = report.confusion.get(key, 0) + 1
        if result.label.value == case.label:
            report.correct += 1
        else:
            report.errors.append((case, result.label.value, result.score))
    return report


def accuracy(cases: list[Case]) -> float:
    return measure("", cases).accuracy


def format_confusion(report: Report) -> str:
    width = 10
    lines = ["expected \\ got".ljust(16) + "".join(label.value[:3].rjust(width) for label in LABELS)]
    for expected in LABELS:
        cells = "".join(
            str(report.confusion.get((expected.value, got.value), 0)).rjust(width) for got in LABELS
        )
        lines.append(expected.value.ljust(16) + cells)
    return "\n".join(lines)


def timing(repeat: int = 1, runs: int = 2000) -> float:
    """Microseconds per call on a 200-character mixed comment (`repeat` times over)."""
    text = (("物流很快，客服态度也不错，就是包装有点简陋，希望下次改进。" * 4)[:150] + (
        " Delivery was quick but the box was a bit damaged."
    )) * repeat
    analyze(text)
    started = time.perf_counter()
    for _ in range(runs):
        analyze(text)
    return (time.perf_counter() - started) / runs * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--errors", action="store_true", help="list every misread sentence")
    args = parser.parse_args()
    subsets = {
        "tuning": TUNING,
        "held-out-1": FIRST_HELD_OUT,
        "held-out": HELD_OUT,
        "all": TUNING + FIRST_HELD_OUT + HELD_OUT,
    }
    print(f"{'subset':<12}{'language':<10}{'cases':>7}{'correct':>9}{'accuracy':>10}")
    reports: list[Report] = []
    for subset, cases in subsets.items():
        for language in ("zh", "en", "both"):
            chosen = [c for c in cases if language == "both" or c.language == language]
            report = measure(f"{subset} / {language}", chosen)
            reports.append(report)
            print(f"{subset:<12}{language:<10}{report.total:>7}{report.correct:>9}{report.accuracy:>10.3f}")
    for report in reports:
        if report.name.endswith("/ both") or report.name.startswith("all"):
            print(f"\n{report.name}\n{format_confusion(report)}")
    print(f"\none call on a {len('x' * 200)}-character mixed text: {timing():.0f} µs")
    print(f"one call on a {len('x' * 200) * 50:,}-character text (a pasted thread): {timing(50, 20) / 1000:.1f} ms")
    if args.errors:
        for report in reports:
            if report.name.endswith("/ both") and not report.name.startswith("all"):
                print(f"\nmisread in {report.name}:")
                for case, got, score in report.errors:
                    print(f"  expected {case.label:<8} got {got:<8} {score:+.3f}  {case.text}")


if __name__ == "__main__":
    main()
