"""`qa` command line: build, search, ask, figures, eval, bench and serve — thin over `QAService`."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from qa.core.config import Settings
from qa.core.errors import QAError

DEV_SET = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "dev_qa.jsonl"


def _print_json(data: object) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_build(args: argparse.Namespace, settings: Settings) -> int:
    from qa.index.embed_worker import indexing_embedder
    from qa.index.library import build

    started = time.perf_counter()
    # Embedding runs in a child process at lower priority on every core: a build on a serving machine leaves
    # the cores to the answers first, and uses both when they are idle.
    with indexing_embedder(settings) as embedder:
        index = build(settings, embedder, rebuild=args.rebuild, progress=not args.quiet)
    m = index.manifest
    print(
        f"index {index.path.name}: {m['counts']['documents']} documents, {m['counts']['chunks']} chunks "
        f"({m['embedded_chunks']} embedded), {m['counts']['figures']} figures, "
        f"{time.perf_counter() - started:.1f} s, embedder {m['embedder']}"
    )
    return 0


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from qa.index.embed_worker import indexing_embedder
    from qa.index.library import add_reports
    from qa.store.steps import progress_bar

    meta = {"title": args.title, "publisher": args.publisher, "date": args.date, "lang": args.lang}
    started = time.perf_counter()
    with (
        progress_bar(enabled=not args.quiet) as bar,  # the same (done, total) callback the API's jobs record
        indexing_embedder(settings) as embedder,
    ):
        added, index = add_reports(
            settings, [Path(f) for f in args.files], meta, embedder, allowed=settings.add_roots, progress=bar
        )
    for a in added:
        note = f" (same content as {a.duplicate_of}; nothing indexed)" if a.duplicate_of else ""
        print(f"{a.status}: {a.doc_id} — {a.title}{note}")
    print(
        f"index {index.path.name}: {index.manifest['counts']['chunks']} chunks, {time.perf_counter() - started:.1f} s"
    )
    return 0


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from qa.index.library import remove_report

    index = remove_report(settings, args.doc_id)
    print(
        f"removed {args.doc_id}; index {index.path.name}: {index.manifest['counts']['documents']} documents"
    )
    return 0


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from qa.index.embedders import create_embedder
    from qa.store.faiss.index import Index

    index = Index.load(settings.index_dir, create_embedder(settings.embedder).name)
    rows = [
        {**d.metadata(), "chunks": index.manifest["documents"].get(d.doc_id, {}).get("chunks")}
        for d in index.documents.values()
    ]
    if args.json:
        _print_json(rows)
        return 0
    for r in rows:
        print(f"{r['doc_id']}\t{r['chunks']} chunks\t{r['date']}\t{r['title']}")
    return 0


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from qa.service import QAService

    service = QAService.open(settings)
    hits = service.search(args.question, args.k, args.mode)
    if args.json:
        _print_json([h.to_dict() for h in hits])
        return 0
    for n, hit in enumerate(hits, 1):
        c = hit.chunk
        print(
            f"[{n}] {hit.score:.4f} (dense {hit.dense_rank}, bm25 {hit.bm25_rank}) {c.doc_id} › {c.section}"
        )
        print(f"    {c.text[:240]}")
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from qa.service import QAService

    history = []
    if args.history:
        try:
            history = json.loads(Path(args.history).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            print(f"qa: cannot read history from {args.history}: {exc}", file=sys.stderr)
            return 2
    result = QAService.open(settings).ask(args.question, history, args.k).model_dump()
    if args.json:
        _print_json(result)
        return 0
    print(result["answer"])
    if result["figures"]:
        print()
        for f in result["figures"]:
            year = f" ({f['year']})" if f["year"] else ""
            print(f"  {f['label'] or '-'}{year}: {f['raw']}  [{f['citation']}]")
    print()
    print("Related passages:" if result["abstained"] else "Sources:")
    for c in result["citations"]:
        page = f", p. {c['page']}" if c["page"] else ""
        print(f"  [{c['id']}] {c['title']} › {c['section']}{page}")
        print(f"      {c['quote'][:200]}")
    return 0


def cmd_figures(args: argparse.Namespace, settings: Settings) -> int:
    from qa.service import QAService

    found = QAService.open(settings).figures(args.query, args.year, args.unit, args.limit)
    if args.json:
        _print_json(found)
        return 0
    for f in found["figures"]:  # type: ignore[union-attr]
        cite = f["citation"] or {}
        year = f" ({f['year']})" if f["year"] else ""
        print(
            f"{f['label'] or '-'}{year}: {f['raw']} = {f['value']:,.10g} {f['unit']}  [{cite.get('title', '')} › {cite.get('section', '')}]"
        )
    print(f"{found['total']} figures")
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from qa.bench.evaluate import answer_report, format_table, load_items, retrieval_report
    from qa.service import QAService

    if args.make_set:
        return _make_eval_set(settings)
    if args.fit:
        return _fit_sentence_model(settings)
    file = Path(args.file)
    if args.split:
        from qa.bench.evalset import EVAL_DIR

        file = EVAL_DIR / f"{args.split}.jsonl"
    service = QAService.open(settings)
    items = load_items(file)
    k = max(10, args.k)

    def search(item: dict) -> list[str]:
        return [h.chunk.text for h in service.search(item["question"], k, args.mode, item.get("history", ()))]

    report = {
        "retrieval": retrieval_report(items, search, ks=tuple(sorted({1, args.k, 10}))),
        "answers": answer_report(
            items, lambda it: service.ask(it["question"], it.get("history", ())).model_dump()
        ),
    }
    if args.json:
        _print_json(report)
    else:
        print(format_table(report["retrieval"], f"retrieval ({args.mode}) on {file}"))
        print()
        print(format_table(report["answers"], "answers"))
    return 0


def _make_eval_set(settings: Settings) -> int:
    from qa.bench.evalset import EVAL_DIR, make_items, write_split
    from qa.bench.evaluate import load_items
    from qa.store.faiss.index import Index

    items = make_items(Index.load(settings.index_dir))
    written = EVAL_DIR / "handwritten.jsonl"
    if written.exists():
        items += load_items(written)
    counts = write_split(items)
    print(
        f"{len(items)} questions: {counts['tune']} to tune on, {counts['test']} to test with, in {EVAL_DIR}/"
    )
    return 0


def _fit_sentence_model(settings: Settings) -> int:
    from qa.answer.sentence_model import load_model
    from qa.bench.evalset import EVAL_DIR
    from qa.bench.evaluate import load_items
    from qa.bench.fit import MODEL_PATH, fit_model
    from qa.service import QAService

    model = fit_model(QAService.open(settings), load_items(EVAL_DIR / "tune.jsonl"))
    MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
    MODEL_PATH.write_text(model.to_json(), encoding="utf-8")
    load_model.cache_clear()
    print(f"{model.source}; weights written to {MODEL_PATH}")
    for name, weight in model.weights.items():
        print(f"  {name:<18} {weight:+.3f}")
    print(f"  {'intercept':<18} {model.intercept:+.3f}")
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from qa.api.serve import serve

    host = args.host or settings.host
    port = settings.port if args.port is None else args.port
    return serve(settings, host, port, max(1, args.workers), build_if_needed=not args.no_build)


def cmd_migrate(args: argparse.Namespace, settings: Settings) -> int:
    from qa.store.milvus.migrate import migrate

    version = migrate(settings, args.to)
    print(f"copied the index in {settings.index_dir}/ to Milvus at {args.to} as version {version}")
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    report: object
    if args.milvus:
        from qa.bench.milvus import bench_milvus

        report = bench_milvus(settings, args.milvus, args.synthetic, progress=not args.json, keep=args.keep)
    elif args.rebuild:
        from qa.bench.rebuild import run_rebuild_bench

        report = run_rebuild_bench(settings, rounds=args.rounds)
    elif args.batching:
        from qa.bench.batching import run_batching_bench
        from qa.bench.evalset import EVAL_DIR
        from qa.bench.evaluate import load_items

        report = run_batching_bench([it["question"] for it in load_items(EVAL_DIR / "tune.jsonl")])
    elif args.update:
        from qa.bench.evaluate import load_items
        from qa.bench.update import run_update_bench

        questions = [it["question"] for it in load_items(Path(args.file))]
        report = run_update_bench(settings, questions, pages=args.pages)
    elif args.http:
        from qa.bench.http import run_http_bench

        report = run_http_bench(settings, quick=args.quick)
    else:
        from qa.bench.latency import run_bench

        report = run_bench(settings, Path(args.file), repeats=args.repeats, baselines=not args.no_baselines)
    if args.json:
        _print_json(report)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qa", description="Belt and Road Q&A over the reports in corpus/")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="build or update the index from corpus/")
    p.add_argument(
        "--rebuild", action="store_true", help="start from scratch instead of reusing unchanged documents"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("add", help="add or update reports (PDF, DOCX, HTML, Markdown, text) and index them")
    p.add_argument("files", nargs="+")
    p.add_argument("--title")
    p.add_argument("--publisher")
    p.add_argument("--date")
    p.add_argument("--lang", choices=("zh", "en"))
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("remove", help="remove a report from the corpus and the index")
    p.add_argument("doc_id")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("list", help="the indexed reports")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("search", help="the best passages for a question")
    p.add_argument("question")
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="a cited answer to a question")
    p.add_argument("question")
    p.add_argument("--history", help="JSON file with earlier turns: [{role, content}, …]")
    p.add_argument("-k", type=int, default=None, help="passages to consider")
    p.add_argument("--json", action="store_true", help="print the ask contract's JSON object")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("figures", help="extracted figures whose label matches")
    p.add_argument("query", nargs="?", default=None, help="words the label must hold, e.g. 中欧班列")
    p.add_argument("--year", type=int)
    p.add_argument("--unit")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_figures)

    p = sub.add_parser("eval", help="retrieval and answer quality on a JSONL question file")
    p.add_argument("--file", default=str(DEV_SET))
    p.add_argument("-k", type=int, default=5)
    p.add_argument("--mode", choices=("hybrid", "dense", "bm25"), default="hybrid")
    p.add_argument("--json", action="store_true")
    p.add_argument("--split", choices=("tune", "test"), help="the project's evaluation set, one half")
    p.add_argument(
        "--make-set", action="store_true", help="generate the evaluation set from the index and split it"
    )
    p.add_argument(
        "--fit", action="store_true", help="fit the sentence-scoring weights on the tune half and save them"
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("bench", help="build time, latency, memory and quality against baselines")
    p.add_argument("--file", default=str(DEV_SET))
    p.add_argument("--repeats", type=int, default=5, help="passes over the questions for latency figures")
    p.add_argument("--no-baselines", action="store_true", help="skip the baselines (they embed the raw text)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--http", action="store_true", help="load-test a real `qa serve --workers 2` instead")
    p.add_argument("--quick", action="store_true", help="with --http: short runs (a few seconds each)")
    p.add_argument("--update", action="store_true", help="rebuild time, adding a report under load")
    p.add_argument("--pages", type=int, default=100, help="pages of the generated report for --update")
    p.add_argument("--rebuild", action="store_true", help="full rebuild time against pure embedding time")
    p.add_argument("--rounds", type=int, default=3, help="with --rebuild: rebuilds to take the median of")
    p.add_argument("--batching", action="store_true", help="whether embedding N questions in one call pays")
    p.add_argument(
        "--milvus", metavar="URI", help="replica memory and ask latency with the index in Milvus at URI"
    )
    p.add_argument(
        "--synthetic",
        type=int,
        nargs="*",
        default=[200_000, 1_000_000],
        help="with --milvus: chunks in each synthetic corpus",
    )
    p.add_argument("--keep", action="store_true", help="with --milvus: keep the corpora written, reuse kept")
    p.set_defaults(func=cmd_bench)

    p = sub.add_parser("migrate", help="copy the local index into Milvus (vectors included, no re-embedding)")
    p.add_argument("--to", required=True, metavar="MILVUS_URI", help="e.g. http://milvus:19530")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("serve", help="run the HTTP API and the web chat (builds the index first if needed)")
    p.add_argument("--host", default=None, help="address to listen on (default QA_HOST or 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default QA_PORT or 8000)")
    p.add_argument("--workers", type=int, default=1, help="worker processes, each with its own index copy")
    p.add_argument("--no-build", action="store_true", help="do not build a missing or stale index")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `qa` console script."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, Settings()))
    except QAError as exc:
        print(f"qa: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
