"""Throughput of rules.assess and rules.year_status on a synthetic unit.

Run by hand: .venv/bin/python bench/rules_bench.py [--rounds 7]

2,000 people with 30 declarations each (a seeded, realistic mix of types and facts, a third of the
values arriving as form strings); a bare dict-lookup loop over the same count is the baseline.
Each round times every measure once (interleaved, so drift hits all alike); printed: the median
rate with its min–max over the rounds, and whether it meets its absolute goal (assessments:
≥ 100,000 a second; a person's year judged: ≥ 20,000 a second). The verdict is on wall-clock
time; the rate in the process's own CPU time is printed beside it, with the load average before
and after, because on a shared machine the wall clock also counts the time other processes ran.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import rules

PEOPLE = 2_000
RECORDS_EACH = 30
YEAR = 2024
ROUNDS = 7
GOALS = {"assess": 100_000, "year_status": 20_000}

# Rough shares of a college's declarations: mostly training, conferences and papers.
MIX = {
    "base_training": 8,
    "training": 25,
    "degree_education": 4,
    "conference": 14,
    "research_project": 6,
    "publication": 14,
    "patent": 2,
    "award": 1,
    "qualification_exam": 2,
    "endorsed_report": 1,
    "aid_assignment": 1,
    "grassroots_service": 4,
    "authority_training": 8,
    "employer_training": 7,
    "leave_adjustment": 1,
    "other": 2,
}


def _maybe_text(rng: random.Random, value: object) -> object:
    if rng.random() < 1 / 3:
        return str(value).lower()
    return value


def _facts(rng: random.Random, code: str) -> dict[str, object]:
    pick = rng.choice
    facts: dict[str, object]
    match code:
        case "base_training" | "training" | "authority_training" | "employer_training" | "other":
            facts = {"hours": Decimal(rng.choice((4, 8, 12, 16, 24, 32, 40))) / pick((1, 2))}
            if code == "base_training" and rng.random() < 0.3:
                facts["source"] = "base_batch"
            if code in ("authority_training", "employer_training") and rng.random() < 0.1:
                facts["in_annual_plan"] = False
        case "degree_education":
            if rng.random() < 0.6:
                facts = {"mode": "degree", "passed_courses": rng.randint(0, 6)}
            else:
                facts = {"mode": "course_study", "months": rng.randint(0, 12)}
        case "conference":
            facts = {
                "level": pick(("national", "provincial", "provincial", "municipal")),
                "days": rng.randint(0, 5),
                "presented": rng.random() < 0.3,
            }
        case "research_project":
            facts = {
                "level": pick(("national", "provincial")),
                "role": pick(("main", "sub")),
                "rank": rng.randint(1, 8),
            }
        case "publication":
            if rng.random() < 0.2:
                facts = {
                    "kind": "book",
                    "rank": rng.randint(1, 5),
                    "wan_zi": rng.randint(5, 300) / 10,
                }
            else:
                facts = {
                    "kind": "paper",
                    "rank": rng.randint(1, 5),
                    "journal_tier": pick(
                        ("international_or_national_society", "provincial_core", "issn_cn")
                    ),
                    "supplement": rng.random() < 0.1,
                }
        case "patent":
            facts = {
                "kind": pick(("invention", "utility_model", "design")),
                "rank": rng.randint(1, 5),
            }
        case "award":
            facts = {
                "level": pick(("national", "provincial_ministerial")),
                "rank": rng.randint(1, 5),
            }
        case "qualification_exam":
            facts = {"kind": pick(("senior", "intermediate", "junior", "practice_or_vocational"))}
        case "endorsed_report":
            facts = {}
        case "aid_assignment":
            facts = {"months": rng.randint(3, 24)}
        case "grassroots_service":
            facts = {"days": rng.randint(0, 10)}
        case "leave_adjustment":
            facts = {
                "reason": pick(("abroad", "sick", "childbirth", "other_approved")),
                "on_duty_months": rng.randint(0, 12),
            }
        case _:
            raise ValueError(code)
    return {name: _maybe_text(rng, value) for name, value in facts.items()}


def build_unit(seed: int = 2024) -> list[list[tuple[str, dict[str, object]]]]:
    rng = random.Random(seed)
    codes, weights = list(MIX), list(MIX.values())
    return [
        [(code, _facts(rng, code)) for code in rng.choices(codes, weights, k=RECORDS_EACH)]
        for _ in range(PEOPLE)
    ]


def rate(count: int, run: Callable[[], object]) -> tuple[float, float]:
    """Calls per second of one run doing `count` calls: by the wall clock, and by the CPU time
    this process used."""
    start, cpu = time.perf_counter(), time.process_time()
    run()
    return count / (time.perf_counter() - start), count / (time.process_time() - cpu)


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def spread(rates: list[float]) -> str:
    return f"{statistics.median(rates):12,.0f} /s  ({min(rates):,.0f}–{max(rates):,.0f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    rounds = parser.parse_args().rounds
    unit = build_unit()
    declarations = [declaration for person in unit for declaration in person]
    count = len(declarations)

    lookup_table = {code: index for index, code in enumerate(MIX)}
    codes = [code for code, _ in declarations]

    def baseline() -> None:
        table = lookup_table
        for code in codes:
            table[code]

    def assess_all() -> None:
        assess = rules.assess
        for code, facts in declarations:
            assess(code, facts, year=YEAR)

    rng = random.Random(7)
    people_records: list[list[rules.Record]] = []
    for person in unit:
        records = [rules.Record("public", Decimal(rng.choice((12, 18, 24, 30))))]
        for code, facts in person:
            outcome = rules.assess(code, facts, year=YEAR)
            subject = (
                "public"
                if code in ("base_training", "training") and rng.random() < 0.3
                else "professional"
            )
            records.append(rules.Record(subject, outcome.hours, outcome.covers))
        people_records.append(records)

    def status_all() -> None:
        year_status = rules.year_status
        for records in people_records:
            year_status(YEAR, records)

    load_before = load()
    rates: dict[str, list[float]] = {"baseline": [], "assess": [], "year_status": []}
    cpu_rates: dict[str, list[float]] = {name: [] for name in rates}
    for _ in range(rounds):
        for name, calls, run in (
            ("baseline", count, baseline),
            ("assess", count, assess_all),
            ("year_status", len(people_records), status_all),
        ):
            wall, cpu = rate(calls, run)
            rates[name].append(wall)
            cpu_rates[name].append(cpu)
    load_after = load()

    outcomes = [rules.assess(code, facts, year=YEAR) for code, facts in declarations]
    statuses = [rules.year_status(YEAR, records) for records in people_records]
    print(f"unit: {PEOPLE:,} people × {RECORDS_EACH} declarations = {count:,} assessments")
    print(
        f"credited {sum(o.credited for o in outcomes):,}; "
        f"years met {sum(s.met for s in statuses):,}/{len(statuses):,}, "
        f"over-declared {sum(s.over_declared for s in statuses):,}"
    )
    print(f"{rounds} interleaved rounds; median rate (min–max)")
    print(f"load average (1, 5, 15 min): {load_before} before, {load_after} after, {cpu_count()}")
    print(f"baseline dict lookup:             {spread(rates['baseline'])}")
    for name, label in (
        ("assess", "assess"),
        ("year_status", f"year_status ({RECORDS_EACH + 1} records)"),
    ):
        median = statistics.median(rates[name])
        verdict = "met" if median >= GOALS[name] else "MISSED"
        print(
            f"{label:<33} {spread(rates[name])}  {1e6 / median:.2f} µs each; "
            f"goal ≥ {GOALS[name]:,}/s: {verdict}"
        )
        cpu_median = statistics.median(cpu_rates[name])
        cpu_verdict = "met" if cpu_median >= GOALS[name] else "MISSED"
        print(f"{'  in CPU time':<33} {spread(cpu_rates[name])}  (goal: {cpu_verdict})")


def cpu_count() -> str:
    return f"{os.cpu_count()} CPU(s)"


if __name__ == "__main__":
    main()
