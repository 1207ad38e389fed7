"""A small invented news feed for the batch tests: events in made-up towns, each reported
by several made-up outlets that disagree on a figure, over two months."""

from __future__ import annotations

import json
import random
from pathlib import Path

TOWNS = ["Varnholt", "Kessering", "Ostrava Mill", "Lindqvist Bay", "Port Amberly",
         "Halden Cross", "Mirefield", "Castellane"]
OUTLETS = ["Northern Ledger", "Daily Compass", "Harbour Herald", "Civic Wire", "Valley Post"]
EVENTS = [
    ("flood", "Floodwater from the {river} river covered streets in {town} on {day}, and "
     "{n} residents were moved to emergency shelters, the {town} council said.",
     "The council said the river peaked at {m} metres above its usual level.",
     "Engineers from the regional water board began checking the {town} embankment."),
    ("fire", "A fire destroyed a {what} warehouse in {town} on {day}, and {n} firefighters "
     "fought the blaze through the night, the fire service said.",
     "The fire service said the building held about {m} tonnes of stock.",
     "Police in {town} opened an investigation into the cause of the fire."),
    ("strike", "Bus drivers in {town} walked out on {day} in a dispute over pay, and {n} "
     "routes were cancelled, the transport company said.",
     "The drivers' union asked for a raise of {m} percent.",
     "The mayor of {town} urged both sides to return to talks."),
    ("bridge", "The {river} bridge in {town} closed on {day} after inspectors found cracks "
     "in {n} of its supports, the highways agency said.",
     "The agency said repairs would cost about {m} million euros.",
     "Commuters in {town} faced long detours while the bridge stayed shut."),
]
RIVERS = ["Elme", "Doran", "Sable", "Kell"]
THINGS = ["furniture", "paper", "textile", "grain"]
OFFICIALS = ["Mara Oskarsen", "Tomas Belric", "Ines Vadour", "Pieter Hallam", "Lena Strand",
             "Jonas Ekwall", "Sofia Marren", "Henrik Dahlgren"]


def feed(events: int, outlets: int, seed: int = 7) -> list[dict]:
    """`events` invented events, each reported by `outlets` outlets (one record each)."""
    chooser = random.Random(seed)
    records = []
    for number in range(events):
        kind, lead, figure, follow = EVENTS[number % len(EVENTS)]
        town = TOWNS[number % len(TOWNS)]
        month = 1 + (number // len(EVENTS)) % 2
        day = 3 + (number * 5) % 24
        base = {"town": town, "river": chooser.choice(RIVERS), "what": chooser.choice(THINGS),
                "day": f"{day} {'January' if month == 1 else 'February'} 2023"}
        n = chooser.randint(20, 400)
        m = chooser.randint(3, 30)
        official = OFFICIALS[number % len(OFFICIALS)]
        quote = (f'"We are doing everything we can for the people of {town}," said {official}, '
                 f"who leads the {town} emergency committee.")
        for outlet in range(outlets):
            values = {**base, "n": n + outlet * chooser.choice([0, 10, 25, 40]), "m": m}
            paragraphs = [lead.format(**values), figure.format(**values),
                          follow.format(**values), quote][: 3 + outlet % 2]
            if outlet % 2:
                paragraphs[1], paragraphs[2] = paragraphs[2], paragraphs[1]
            records.append({
                "id": f"e{number}-o{outlet}",
                "title": f"{town}: {kind} report from {OUTLETS[outlet % len(OUTLETS)]}",
                "source": OUTLETS[outlet % len(OUTLETS)],
                "published": f"2023-{month:02d}-{min(day + outlet % 2, 28):02d}",
                "text": "\n\n".join(paragraphs),
            })
    chooser.shuffle(records)
    return records


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path
