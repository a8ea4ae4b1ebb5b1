"""Peak RSS of one CSV export, in a fresh process of its own (`python -m breaches.bench.memory
URL`, with the bench database in its environment): a process's peak is for its whole life, so
the export is the only big thing this one does. Prints one JSON line."""

import json
import os
import resource
import subprocess
import sys
import time

from django.conf import settings


def main(url: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.get("/incidents.csv?cause=none-such")  # imports and first queries: the baseline
    baseline = status_mib("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    reset_peak()
    started = time.perf_counter()
    response = client.get(url)
    rows = size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
        rows += chunk.count(b"\n")
    seconds = time.perf_counter() - started
    peak = status_mib("VmHWM") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"rows": rows - 1, "bytes": size, "seconds": seconds, "baseline_mib": baseline,
           "peak_mib": peak, "status": response.status_code}  # fmt: skip
    sys.stdout.write(json.dumps(out) + "\n")


def status_mib(field: str) -> float | None:
    """A memory figure of this process from /proc/self/status (Linux), in MiB. ru_maxrss would
    not do: Linux carries it over from the parent across exec, so a child started by a big
    bench process reports the parent's peak."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak() -> None:
    """Start VmHWM again from the current RSS (Linux: clear_refs 5), so the peak is the
    export's own."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def measure(url: str = "/incidents.csv") -> dict:
    """Run the probe in a subprocess against this process's database."""
    from breaches.reliability import database_env

    command = [sys.executable, "-m", "breaches.bench.memory", url]
    done = subprocess.run(command, cwd=settings.BASE_DIR, env=database_env(),
                          capture_output=True, text=True, check=True)  # fmt: skip
    return json.loads(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main(sys.argv[1])
