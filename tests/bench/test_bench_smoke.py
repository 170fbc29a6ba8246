"""`make bench` is not part of `make test` (timings are noisy); this one-iteration run keeps it working.

It asserts that every figure was measured and every timed call answered correctly, never how fast.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIGURES = (
    "cold_start_ms", "cold_start_cpu_ms", "import_and_wire_ms", "warm_api_stubbed_ms", "warm_api_stubbed_cpu_ms", "warm_api_emulator_ms",
    "warm_event_record_stubbed_ms", "warm_event_record_emulator_ms", "peak_rss_mb",
)


def test_bench_quick_run_measures_every_figure(tmp_path):
    output = tmp_path / "results.json"
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick", "--output", str(output), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    document = json.loads(output.read_text())
    results = document["results"]
    assert document["quick"] is True
    for name in FIGURES:
        for side in ("ours", "baseline"):
            assert results[name][side]["median"] > 0, (name, side)
        assert results[name]["ratio"] > 0
    package = results["zip_mb"]
    assert package["ours"]["zipped"] > 0 and package["ours"]["unzipped"] > package["ours"]["zipped"]
    assert len(package["largest_items"]) == 3
    assert len(results["imports"]["top_ten_self_ms"]) == 10
    assert "cold start, process start to first answer" in done.stdout
    assert "ratio" in done.stdout
