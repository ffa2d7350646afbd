"""Benchmark: how many review decisions bring a national registry to a given precision / recall.

    .venv/bin/python benchmarks/linkage_review_effort.py
    .venv/bin/python benchmarks/linkage_review_effort.py --persons 3000 --rounds 100 100 200

The model alone leaves pairs it cannot decide: namesakes without a birth date, an initial for
a given name. The coordinator's review queue is where those are settled. This loads a
synthetic registry of one country into a fresh SQLite database, runs ``thb link registry``'s
service, then plays a coordinator who answers the queue in the order the page shows it
(``service.review_queue``) with the truth, and re-runs the linkage after each round, as the
product does. Each line prints the decisions made so far, the pairwise precision / recall of
the run's identities, the pairs still waiting, and the seconds the run took.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from thb import migrations
from thb.db import make_engine, make_sessionmaker
from thb.demo import seed_demo, user_actor
from thb.linkage import service
from thb.linkage.dedupe import pairwise_scores
from thb.linkage.models import LinkagePair, LinkageRun, ReviewDecision
from thb.registry.models import Person
from thb.security import crypto
from thb.security.roles import Actor
from thb.synth import generate


def _truth(session: Session, persons: int, seed: int, country: str) -> dict[int, str]:
    """Person row id -> true person key (rows are loaded in the registry's order)."""
    keys = generate(persons, seed=seed, countries=[country]).registrations["person_key"]
    ids = session.scalars(select(Person.id).order_by(Person.id)).all()
    return dict(zip(ids, keys, strict=True))


def _scores(session: Session, run: LinkageRun, truth: dict[int, str]) -> dict:
    ids = service.identities(session, run)
    clusters = pd.DataFrame({"record_id": [str(p) for p in ids], "cluster_id": list(ids.values())})
    true = pd.DataFrame({"record_id": [str(p) for p in truth], "true_person_id": truth.values()})
    return pairwise_scores(clusters, true)


def _next_pairs(
    session: Session, coordinator: Actor, country: str, order: str, n: int
) -> list[tuple[int, int]]:
    """The next n undecided pairs: the page's order, or nearest an even chance first."""
    if order == "impact":
        queue = service.review_queue(session=session, actor=coordinator, country=country, limit=n)
        return [(p.person_id_a, p.person_id_b) for p in queue]
    run = service.latest_run(session=session, actor=coordinator, country=country)
    decided = set(session.execute(select(ReviewDecision.person_id_a, ReviewDecision.person_id_b)))
    pairs = session.execute(
        select(LinkagePair.person_id_a, LinkagePair.person_id_b)
        .where(LinkagePair.run_id == run.id)
        .order_by(func.abs(LinkagePair.match_probability - 0.5), LinkagePair.id)
    )
    return [tuple(p) for p in pairs if tuple(p) not in decided][:n]


def _review(
    session: Session, coordinator: Actor, country: str, truth: dict, n: int, order: str
) -> int:
    """Answer up to n pairs in the given order with the truth; how many were answered."""
    done = 0
    while done < n:
        pairs = _next_pairs(session, coordinator, country, order, min(200, n - done))
        if not pairs:
            break
        for a, b in pairs:
            service.record_decision(
                session=session, actor=coordinator, person_id_a=a, person_id_b=b,
                decision="match" if truth[a] == truth[b] else "not_a_match",
            )  # fmt: skip
        done += len(pairs)
    return done


def main() -> None:
    """Parse arguments, run, print."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--country", default="RO")
    parser.add_argument(
        "--rounds", type=int, nargs="+", default=[25, 25, 50, 100, 200],
        help="decisions per review round; the linkage re-runs after each",
    )  # fmt: skip
    parser.add_argument(
        "--order", default="impact", choices=["impact", "uncertainty"],
        help="impact: the review page's order; uncertainty: nearest 50%% first",
    )  # fmt: skip
    parser.add_argument("--target", type=float, default=0.97, help="precision and recall to reach")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    crypto.install_keyring(crypto.Keyring.generate())
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'thb.db'}"
        migrations.upgrade(url)
        factory = make_sessionmaker(make_engine(url))
        country = args.country.upper()
        with factory.begin() as session:
            seed_demo(session, persons=args.persons, seed=args.seed, countries=(country,))
            truth = _truth(session, args.persons, args.seed, country)
            statistician = user_actor(session, f"statistician.{country.lower()}")
            coordinator = user_actor(session, f"coordinator.{country.lower()}")
            print(f"{len(truth):,} registrations of {len(set(truth.values())):,} persons "
                  f"in {country} (seed {args.seed}), {args.order} order")  # fmt: skip
            decided, reached = 0, None
            for step in [0, *args.rounds]:
                answered = _review(session, coordinator, country, truth, step, args.order)
                if step and not answered:
                    break  # the queue is empty
                decided += answered
                start = time.perf_counter()
                run = service.link_registry(session=session, actor=statistician, country=country)
                seconds = time.perf_counter() - start
                s = _scores(session, run, truth)
                print(f"decisions {decided:>5}  precision {s['precision']:.4f}  "
                      f"recall {s['recall']:.4f}  F1 {s['f1']:.4f}  largest {s['largest_cluster']} "
                      f"(true {s['largest_true_cluster']})  waiting {service.pairs_waiting(session, run):>5}"
                      f"  run {seconds:.1f}s")  # fmt: skip
                if reached is None and min(s["precision"], s["recall"]) >= args.target:
                    reached = decided
            print(
                f"precision and recall >= {args.target} "
                + ("not reached" if reached is None else f"after {reached} decisions")
            )


if __name__ == "__main__":
    main()
