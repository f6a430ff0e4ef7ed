#!/usr/bin/env python3
"""Check assets/anatomy/atlas-muscles.json against the BodyParts3D parts list.

Usage: scripts/check-atlas-muscles.py [path/to/parts.tsv]

The parts list defaults to third_party/bodyparts3d/parts.tsv under the repository
root (the folder above this script's). Prints counts and every problem found;
exits 1 if there is any problem, 0 otherwise. Standard library only.
"""
import json
import math
import os
import sys

REGIONS = {"head", "neck", "neck and shoulder", "shoulder", "upper back", "back", "lower back",
           "chest", "abdomen", "pelvis", "hip", "arm", "forearm", "hand", "thigh", "leg", "foot",
           "face", "jaw", "eye", "throat"}
SHAPES = {"fan", "fusiform", "sheet", "pennate", "strap"}
TEXTS = ("origin", "insertion", "action", "innervation")
MIN_FULL_TEXTS = 110

# Ids the app's library and saved maps rely on: muscle ids, and for some muscles the ids of their parts.
REQUIRED_MUSCLES = [
    "gluteus-medius", "infraspinatus", "triceps-brachii", "semitendinosus", "biceps-femoris", "soleus",
    "vastus-lateralis", "vastus-medialis", "tibialis-anterior", "external-oblique", "gluteus-maximus",
    "gastrocnemius", "biceps-brachii", "rectus-femoris", "pectoralis-major", "sartorius",
    "sternocleidomastoid", "trapezius", "deltoid", "semispinalis-capitis", "scalene-anterior",
    "scalene-middle", "scalene-posterior", "splenius-capitis", "levator-scapulae", "spinalis",
    "longissimus", "iliocostalis", "rhomboid-minor", "rhomboid-major", "subscapularis", "supraspinatus",
    "teres-minor", "teres-major", "serratus-anterior", "pectoralis-minor", "brachialis", "brachioradialis",
    "gluteus-minimus", "piriformis", "iliacus", "psoas-major", "tensor-fasciae-latae", "vastus-intermedius",
    "adductor-magnus", "adductor-longus", "semimembranosus", "gracilis", "fibularis-brevis",
    "fibularis-longus", "extensor-digitorum-longus",
]
REQUIRED_PARTS = {
    "gastrocnemius": ["gastrocnemius-medial", "gastrocnemius-lateral"],
    "trapezius": ["trapezius-upper", "trapezius-middle", "trapezius-lower"],
    "deltoid": ["deltoid-posterior", "deltoid-middle", "deltoid-anterior"],
}
# Muscles the atlas lacks: present as modelled records, with all four texts.
REQUIRED_MODELLED = [
    "latissimus-dorsi", "rectus-abdominis", "internal-oblique", "transversus-abdominis",
    "quadratus-lumborum", "masseter", "temporalis", "multifidus", "pterygoid-medial", "pterygoid-lateral",
]


def load_parts(path):
    """FMA id -> set of (system, name) over the rows of parts.tsv."""
    fma = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for key in ("fma", "name", "system"):
            if key not in col:
                raise SystemExit(f"{path}: no '{key}' column in the header")
        for line in f:
            row = line.rstrip("\n").split("\t")
            if len(row) < len(header):
                continue
            fma.setdefault(row[col["fma"]], set()).add((row[col["system"]], row[col["name"]]))
    return fma


def strict_load(path):
    def no_dupes(pairs):
        obj = {}
        for k, v in pairs:
            if k in obj:
                raise ValueError(f"duplicate key {k!r}")
            obj[k] = v
        return obj

    def no_constant(name):
        raise ValueError(f"non-standard JSON constant {name}")

    with open(path, encoding="utf-8") as f:
        return json.loads(f.read(), object_pairs_hook=no_dupes, parse_constant=no_constant)


def main(argv):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    tsv = argv[1] if len(argv) > 1 else os.path.join(root, "third_party", "bodyparts3d", "parts.tsv")
    path = os.path.join(root, "assets", "anatomy", "atlas-muscles.json")
    problems = []
    err = problems.append

    atlas = load_parts(tsv)
    muscle_fma = {k for k, rows in atlas.items() if any(s == "muscle" for s, _ in rows)}
    try:
        data = strict_load(path)
    except (OSError, ValueError) as e:
        print(f"{path}: not strict JSON: {e}")
        return 1
    if not isinstance(data, dict) or not isinstance(data.get("muscles"), list):
        print(f"{path}: expected an object with a 'muscles' list")
        return 1
    for key in ("about", "sources"):
        if key not in data:
            err(f"top level: no '{key}'")

    muscles = data["muscles"]
    muscle_ids = {}
    part_owner = {}
    fma_owner = {}
    full = []
    n_parts = n_modelled = 0
    for i, m in enumerate(muscles):
        where = f"muscles[{i}]"
        if not isinstance(m, dict):
            err(f"{where}: not an object")
            continue
        mid = m.get("id")
        where = f"muscle {mid!r}" if isinstance(mid, str) else where
        for key in ("id", "name", "latin", "region", "shape"):
            if not isinstance(m.get(key), str) or not m.get(key).strip():
                err(f"{where}: '{key}' missing or empty")
        if not isinstance(m.get("parts"), list) or not m["parts"]:
            err(f"{where}: 'parts' missing or empty")
            continue
        if isinstance(mid, str):
            if mid in muscle_ids:
                err(f"{where}: muscle id used twice")
            muscle_ids[mid] = m
        if m.get("region") not in REGIONS:
            err(f"{where}: region {m.get('region')!r} is not one of the allowed regions")
        if m.get("shape") not in SHAPES:
            err(f"{where}: shape {m.get('shape')!r} is not one of {sorted(SHAPES)}")
        if "kind" in m and m["kind"] != "membrane":
            err(f"{where}: kind {m['kind']!r} (only 'membrane' is known)")
        for key in TEXTS:
            if key in m and not isinstance(m[key], str):
                err(f"{where}: '{key}' is not a string")
        if all(isinstance(m.get(k), str) and m[k].strip() for k in TEXTS):
            full.append(mid)
        if "fibreAxis" in m:
            a = m["fibreAxis"]
            ok = (isinstance(a, list) and len(a) == 3
                  and all(isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x) for x in a))
            if not ok:
                err(f"{where}: fibreAxis must be three finite numbers")
            elif math.sqrt(sum(x * x for x in a)) < 1e-6:
                err(f"{where}: fibreAxis is zero")
        modelled = m.get("modelled", False)
        if modelled not in (True, False):
            err(f"{where}: 'modelled' must be true or false")
        n_modelled += modelled is True
        listed = 0
        for j, p in enumerate(m["parts"]):
            n_parts += 1
            if not isinstance(p, dict) or not isinstance(p.get("id"), str) or not p["id"]:
                err(f"{where}: parts[{j}] has no id")
                continue
            pid = p["id"]
            if pid in part_owner:
                err(f"{where}: part id {pid!r} also used in muscle {part_owner[pid]!r}")
            part_owner.setdefault(pid, mid)
            if pid == mid:
                if len(m["parts"]) != 1:
                    err(f"{where}: part {pid!r} has the muscle's id but the muscle has several parts")
                if "name" in p or "latin" in p:
                    err(f"{where}: its single part should not repeat name/latin")
            else:
                for key in ("name", "latin"):
                    if not isinstance(p.get(key), str) or not p[key].strip():
                        err(f"{where}: part {pid!r} needs a '{key}'")
            fl = p.get("fma")
            if not isinstance(fl, list) or not all(isinstance(x, str) for x in fl):
                err(f"{where}: part {pid!r}: 'fma' must be a list of strings")
                continue
            if len(set(fl)) != len(fl):
                err(f"{where}: part {pid!r} lists an FMA id twice")
            listed += len(fl)
            for x in fl:
                if x not in atlas:
                    err(f"{where}: part {pid!r}: {x} is not in {tsv}")
                elif x not in muscle_fma:
                    err(f"{where}: part {pid!r}: {x} is not a muscle in {tsv}")
                if x in fma_owner and fma_owner[x] != (mid, pid):
                    err(f"{where}: part {pid!r}: {x} already in part {fma_owner[x][1]!r} of {fma_owner[x][0]!r}")
                fma_owner.setdefault(x, (mid, pid))
                if any("interosseous membrane" in name for _, name in atlas.get(x, ())) and m.get("kind") != "membrane":
                    err(f"{where}: {x} is an interosseous membrane; the record needs \"kind\": \"membrane\"")
        if modelled is True and listed:
            err(f"{where}: modelled, but its parts list FMA ids")
        if modelled is not True and not listed:
            err(f"{where}: no FMA ids, so it must be marked \"modelled\": true")

    for pid, owner in part_owner.items():
        if pid in muscle_ids and pid != owner:
            err(f"part {pid!r} of muscle {owner!r} has the id of another muscle")
    for x in sorted(muscle_fma - set(fma_owner)):
        names = sorted(n for s, n in atlas[x] if s == "muscle")
        err(f"{x} ({', '.join(names)}) is in no part")
    for mid in REQUIRED_MUSCLES:
        if mid not in muscle_ids:
            err(f"required muscle id {mid!r} missing")
    for mid, pids in REQUIRED_PARTS.items():
        for pid in pids:
            if part_owner.get(pid) != mid:
                err(f"required part {pid!r} of {mid!r} missing")
    for mid in REQUIRED_MODELLED:
        m = muscle_ids.get(mid)
        if m is None:
            err(f"required modelled muscle {mid!r} missing")
        elif m.get("modelled") is not True:
            err(f"muscle {mid!r} should be modelled")
        elif mid not in full:
            err(f"modelled muscle {mid!r} needs all four texts")
    if len(full) < MIN_FULL_TEXTS:
        err(f"only {len(full)} records have all four texts (need {MIN_FULL_TEXTS})")

    print(f"{path}")
    print(f"  {len(muscles)} muscle records, {n_parts} parts, {n_modelled} modelled, "
          f"{sum(1 for m in muscles if isinstance(m, dict) and m.get('kind') == 'membrane')} membranes")
    print(f"  {len(fma_owner)} FMA ids listed; parts.tsv has {len(muscle_fma)} muscle FMA ids")
    print(f"  {len(full)} records with origin, insertion, action and innervation")
    print(f"  {sum(1 for m in muscles if isinstance(m, dict) and 'fibreAxis' in m)} records with a fibreAxis")
    for p in problems:
        print("PROBLEM: " + p)
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
