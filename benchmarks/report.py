"""The table `make bench` prints: ours, the baseline, the ratio, each a median with (min-max)."""

# Issue 6's targets: a ratio to the baseline, or an absolute ceiling.
TARGETS = {
    "cold_start_ms": {"max_ratio": 1.10},
    "warm_api_stubbed_ms": {"max_ratio": 1.20},
    "zip_mb": {"max_zipped": 5.0},
    "peak_rss_mb": {"max_ours": 100.0},
}

ROWS = (
    ("cold_start_ms", "cold start, process start to first answer (ms)"),
    ("cold_start_cpu_ms", "  CPU time of that process, to its exit (ms)"),
    ("import_and_wire_ms", "  import and wire, in the process (ms)"),
    ("import_and_wire_source_only_ms", "  import and wire if the zip shipped no bytecode (ms)"),
    ("warm_api_stubbed_ms", "warm API request, network removed (ms)"),
    ("warm_api_stubbed_cpu_ms", "  CPU time per request of those calls (ms)"),
    ("warm_api_emulator_ms", "warm API request, against moto (ms)"),
    ("warm_event_record_stubbed_ms", "warm event record, network removed (ms) *"),
    ("warm_event_record_emulator_ms", "warm event record, against moto (ms) *"),
    ("peak_rss_mb", "peak RSS after cold start + warm requests (MB)"),
)


def cell(figure: dict) -> str:
    return f"{figure['median']:.3f} ({figure['min']:.3f}-{figure['max']:.3f})"


def verdict(name: str, result: dict) -> str:
    target = TARGETS.get(name)
    if not target:
        return ""
    if "max_ratio" in target:
        ok, limit = result["ratio"] <= target["max_ratio"], f"<= {target['max_ratio']:.2f}x"
    elif "max_ours" in target:
        ok, limit = result["ours"]["median"] <= target["max_ours"], f"<= {target['max_ours']:.0f} MB"
    else:
        ok, limit = result["ours"]["zipped"] <= target["max_zipped"], f"<= {target['max_zipped']:.0f} MB zipped"
    return f"{'met' if ok else 'MISSED'} ({limit})"


def print_table(document: dict) -> None:
    results = document["results"]
    machine = document["machine"]
    print(f"\nPython {machine['python']} on {machine['cpu']}, {machine['cores']} cores{' (QUICK smoke run: figures meaningless)' if document['quick'] else ''}")
    header = f"{'figure':<54} {'ours':>26} {'baseline':>26} {'ratio':>7}  target"
    print(header)
    print("-" * len(header))
    for name, label in ROWS:
        result = results[name]
        print(f"{label:<54} {cell(result['ours']):>26} {cell(result['baseline']):>26} {result['ratio']:>6.2f}x  {verdict(name, result)}")
    package = results["zip_mb"]
    zipped = f"{package['ours']['zipped']:.2f} / {package['ours']['unzipped']:.2f}"
    base = f"{package['baseline']['zipped'] * 1000:.1f} kB / {package['baseline']['unzipped'] * 1000:.1f} kB"
    print(f"{'deployment zip, zipped / unzipped (MB)':<54} {zipped:>26} {base:>26} {'':>7}  {verdict('zip_mb', package)}")
    print("\n* the baseline has no event handler (the original recorded the URL before any upload): its column is")
    print("  the baseline's one UpdateItem call; ours reads the object's first bytes, updates, deletes the old image.")
    print("  Import and wire: both make their two AWS clients at import (ours in build_container), before any request.")
    print(f"\nzip: {package['files']} files, built by {package['built_by']}; largest items (unzipped):")
    for item in package["largest_items"]:
        print(f"  {item['item']:<30} {item['unzipped_bytes'] / 1e6:6.2f} MB")
    imports = results["imports"]
    print(f"\nimports: ours {imports['ours_total_ms']:.1f} ms, baseline {imports['baseline_total_ms']:.1f} ms (-X importtime, own time summed)")
    print("ten most expensive imports (own time, ms):")
    for entry in imports["top_ten_self_ms"]:
        print(f"  {entry['module']:<50} {entry['ms']:7.2f}")
    print("by top-level package (own time, ms):")
    for entry in imports["by_package_ms"]:
        print(f"  {entry['module']:<50} {entry['ms']:7.2f}")
    print("what ours imports beyond the baseline, by top-level package (own time, ms):")
    for entry in imports["more_than_baseline_by_package_ms"]:
        print(f"  {entry['module']:<50} {entry['ms']:7.2f}")
