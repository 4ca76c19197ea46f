"""Which runtime runs the cutout's model (MediaPipe's selfie segmentation) cheapest on a CPU.

    uv run python tools/bench_cutout_runtime.py [--rounds 12] [--per-round 15]
    uv run --with onnxruntime python tools/bench_cutout_runtime.py --onnx DIR

Each runtime that imports here runs the same model file on the same frames, at the model's own
input size (256x144 for a landscape canvas, 256x256 for a portrait one), with 1 and 2 threads
of its own:

- `litert`: LiteRT's TFLite interpreter with the XNNPACK delegate (`ai-edge-litert`), what
  studio/media/cutout.py uses;
- `opencv`: OpenCV's own TFLite reader as the studio ran it before (its default engine, the
  new one in OpenCV 5), and `opencv-classic`, the same with OpenCV's classic DNN engine; their
  threads are OpenCV's (`cv2.setNumThreads`, for the whole process);
- `onnxruntime`, when it imports and `--onnx DIR` holds the models converted to ONNX
  (`selfie_segmentation_landscape.onnx`, `selfie_segmentation.onnx`).

The frames: the project's real photograph (tests/data/person.jpg, the host of the cutout's
tests) in a widened room for the landscape model, shifted left and right as a host sways, and
fitted to 9:16 for the portrait one. After a warm-up, every runtime and thread count runs
`--per-round` frames in turn, `--rounds` times, in an order that rotates every round, so a
busy machine's load falls on all of them alike. Printed per runtime and threads: the
wall-clock ms per frame (p50, p95) and the process's CPU ms per frame (a spinning thread pool
costs CPU the encoder needs); the IoU of each runtime's mask (> 0.5) with LiteRT's on the same
frames (the same model must give the same mask); the import time (in a fresh interpreter,
numpy already imported, median of 3); and the installed size the runtime adds: its own files
and those of its requirements that the studio does not already need, summed from the
environment's site-packages records (numpy, which the studio has anyway, is not counted).
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from studio.media.cutout import MODELS, LiteRTModel, model_path  # noqa: E402

PERSON = ROOT / "tests" / "data" / "person.jpg"
RUNTIMES = {  # name → (distribution, the module the studio would import)
    "litert": ("ai-edge-litert", "ai_edge_litert.interpreter"),
    "opencv": ("opencv-python-headless", "cv2"),
    "opencv-classic": ("opencv-python-headless", "cv2"),
    "onnxruntime": ("onnxruntime", "onnxruntime"),
}

Run = Callable[[np.ndarray], np.ndarray]  # RGB uint8 (h, w, 3) → probability (h, w)


def frames(kind: str, count: int = 6) -> list[np.ndarray]:
    """RGB frames at the model's input size: the photograph, swaying left and right."""
    (w, h) = MODELS[kind][1]
    bgr = cv2.imread(str(PERSON))
    if kind == "landscape":
        square = cv2.resize(bgr, (360, 360), interpolation=cv2.INTER_AREA)
        room = cv2.copyMakeBorder(square, 0, 0, 180, 180, cv2.BORDER_REFLECT)  # 720x360
    else:
        side = bgr.shape[0]
        room = cv2.copyMakeBorder(bgr, side // 3, side // 3, 0, 0, cv2.BORDER_REFLECT)
    out = []
    for i in range(count):
        shift = int(0.06 * room.shape[1] * np.sin(2 * np.pi * i / count))
        moved = np.roll(room, shift, axis=1)
        small = cv2.resize(moved, (w, h), interpolation=cv2.INTER_AREA)
        out.append(cv2.cvtColor(small, cv2.COLOR_BGR2RGB))
    return out


def opener(name: str, onnx_dir: Path | None) -> Callable[[str, int], Run] | None:
    """How to open the model on `name` with n threads, or None when it is not here."""
    if name == "litert":
        try:
            import ai_edge_litert.interpreter  # noqa: F401
        except ImportError:
            return None

        def litert(kind: str, threads: int) -> Run:
            return LiteRTModel(model_path(kind).read_bytes(), threads).run

        return litert
    if name in ("opencv", "opencv-classic"):
        engine = cv2.dnn.ENGINE_CLASSIC if name == "opencv-classic" else cv2.dnn.ENGINE_AUTO

        def opencv(kind: str, threads: int) -> Run:
            net = cv2.dnn.readNetFromTFLite(str(model_path(kind)), engine)

            def run(rgb: np.ndarray) -> np.ndarray:
                cv2.setNumThreads(threads)  # the whole process's: set for each run
                net.setInput(cv2.dnn.blobFromImage(rgb, 1.0 / 255.0))
                out: np.ndarray = net.forward()[0, 0]
                return out

            return run

        return opencv
    if name == "onnxruntime":
        if onnx_dir is None:
            return None
        try:
            import onnxruntime as ort
        except ImportError:
            return None

        def onnx(kind: str, threads: int) -> Run:
            assert onnx_dir is not None
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            path = onnx_dir / Path(MODELS[kind][0]).with_suffix(".onnx").name
            session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            given = session.get_inputs()[0]
            nchw = given.shape[1] == 3
            (w, h) = MODELS[kind][1]

            def run(rgb: np.ndarray) -> np.ndarray:
                x = rgb.astype(np.float32)[None] * np.float32(1 / 255)
                if nchw:
                    x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))
                out = session.run(None, {given.name: x})[0]
                return np.asarray(out, np.float32).reshape(h, w)

            return run

        return onnx
    return None


def installed_mb(dist: str) -> tuple[float, list[str]]:
    """MB of `dist` and of the requirements it brings that the studio does not need anyway."""

    def closure(name: str, skip: set[str]) -> set[str]:
        seen: set[str] = set()
        todo = [name]
        while todo:
            n = canon(todo.pop())
            if n in seen or n in skip:
                continue
            try:
                d = md.distribution(n)
            except md.PackageNotFoundError:
                continue  # not installed here (an override, another platform's marker)
            seen.add(n)
            for req in d.requires or []:
                if "extra ==" in req:
                    continue
                todo.append(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0])
        return seen

    # what the studio needs without any of the candidates (they bring some of the same)
    candidates = {canon(d) for d, _ in RUNTIMES.values() if not d.startswith("opencv")}
    studio_needs = closure("merchant-studio", candidates)
    adds = closure(dist, studio_needs) if canon(dist) not in studio_needs else {canon(dist)}
    total = 0
    for n in adds:
        for f in md.distribution(n).files or []:
            p = Path(str(f.locate()))
            if p.is_file():
                total += p.stat().st_size
    return total / 1e6, sorted(adds)


def canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def import_ms(module: str, times: int = 3) -> float:
    code = (
        "import time, numpy; t = time.perf_counter(); import " + module + "; "
        "print((time.perf_counter() - t) * 1000)"
    )
    got = []
    for _ in range(times):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        got.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(got)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    x, y = a > 0.5, b > 0.5
    union = int((x | y).sum())
    return 1.0 if union == 0 else int((x & y).sum()) / union


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=12)
    parser.add_argument("--per-round", type=int, default=15)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--onnx", type=Path, help="a folder with the models as .onnx")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    args = parser.parse_args()
    threads = [int(t) for t in args.threads.split(",")]

    here = {n: o for n in RUNTIMES if (o := opener(n, args.onnx)) is not None}
    print(f"runtimes here: {', '.join(here)}; {os.cpu_count()} cores")
    report: dict[str, dict] = {"runtimes": {}, "timing": {}, "iou": {}}
    for name in here:
        dist, module = RUNTIMES[name]
        mb, brings = installed_mb(dist)
        report["runtimes"][name] = {
            "version": md.version(dist),
            "installed_mb": round(mb, 1),
            "brings": brings,
            "import_ms": round(import_ms(module), 1),
        }

    for kind in MODELS:
        pictures = frames(kind)
        runs = {(n, t): here[n](kind, t) for n in here for t in threads}
        masks = {key: [run(p) for p in pictures] for key, run in runs.items()}  # + warm-up
        for run in runs.values():
            for p in pictures * 2:
                run(p)
        wall: dict[tuple[str, int], list[float]] = {key: [] for key in runs}
        cpu: dict[tuple[str, int], list[float]] = {key: [] for key in runs}
        keys = list(runs)
        for r in range(args.rounds):
            order = keys[r % len(keys) :] + keys[: r % len(keys)]
            for key in order:
                run = runs[key]
                c0 = time.process_time()
                for i in range(args.per_round):
                    t0 = time.perf_counter()
                    run(pictures[i % len(pictures)])
                    wall[key].append((time.perf_counter() - t0) * 1000)
                cpu[key].append((time.process_time() - c0) * 1000 / args.per_round)
        (w, h) = MODELS[kind][1]
        print(f"\n{kind} model, {w}x{h}, {args.rounds} rounds x {args.per_round} frames")
        print(f"{'runtime':<16}{'threads':>8}{'p50 ms':>9}{'p95 ms':>9}{'CPU ms':>9}{'IoU':>8}")
        reference = masks.get(("litert", threads[0]))
        for key in keys:
            times = sorted(wall[key])
            p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
            mean_cpu = statistics.median(cpu[key])
            agree = (
                min(iou(a, b) for a, b in zip(masks[key], reference, strict=True))
                if reference is not None
                else float("nan")
            )
            print(f"{key[0]:<16}{key[1]:>8}{p50:>9.2f}{p95:>9.2f}{mean_cpu:>9.2f}{agree:>8.4f}")
            report["timing"][f"{kind}/{key[0]}/{key[1]}"] = {
                "p50_ms": round(p50, 3),
                "p95_ms": round(p95, 3),
                "cpu_ms": round(mean_cpu, 3),
                "iou_vs_litert_min": round(agree, 4),
            }

    print(f"\n{'runtime':<16}{'version':>10}{'adds MB':>9}{'import ms':>11}  brings")
    for name, r in report["runtimes"].items():
        brings = ", ".join(r["brings"])
        already = " (the studio has it anyway)" if name.startswith("opencv") else ""
        print(
            f"{name:<16}{r['version']:>10}{r['installed_mb']:>9.1f}{r['import_ms']:>11.1f}"
            f"  {brings}{already}"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
