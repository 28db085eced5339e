"""make bench: the assistant's speed, memory and quality against Rasa's starter assistant.

Everything runs in one go on this machine, the baseline included: `rasa init --no-prompt` in a
temporary folder, trained and served the same way (Rasa on REST plus its action server). Figures
are printed as they come, then as a table with the ratio to the baseline and the target, and
written to results/bench/bench.json with a plot, results/bench/latency.png.

Timing figures are not asserted anywhere: the machine is shared and noisy. Run it on a quiet
machine: `make bench`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
PY, RASA = VENV / "bin" / "python", VENV / "bin" / "rasa"
OUT = ROOT / "results" / "bench"
MODEL = ROOT / "models" / "mbc.tar.gz"

# A turn mix with the action-server round trips (drug lookups, helpline) and plain answers.
OUR_MIX = [
    "hello", "what are the symptoms?", "what is ibrance?", "what are its side effects?",
    "can I talk to a person?", "which drugs are parp inhibitors", "what is hospice care",
    "is there help with the costs of treatment?", "how can i find a clinical trial", "thanks",
]  # fmt: skip
STARTER_MIX = [
    "hello", "I am feeling great", "good morning", "I am sad", "yes", "no", "are you a bot?",
    "very good", "not really", "bye",
]  # fmt: skip
LATENCY_ROUNDS = 10  # times through the mix, after one warm-up round: 100 timed turns
LONG_TURNS = 300  # one conversation this long: does a turn cost the same at its end?
USERS, TURNS = 20, 10
TARGETS = {
    "latency_p50": "<= 1.0x starter",
    "latency_p95": "<= 1.2x starter",
    "throughput_2_replicas": ">= 1.6x starter (1 process)",
    "cold_start_s": "<= 20 s",
    "peak_rss_rasa_mb": "<= 1200 MB per replica",
    "training_s": "<= 300 s",
    "long_conversation": "<= 1.5x (turns 281-300 / 1-20)",
}


def step(message: str) -> None:
    """Progress: a timestamped line."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def post(port: int, sender: str, message: str, timeout: float = 120) -> list[dict[str, Any]]:
    """One message over REST; the bot's messages."""
    body = json.dumps({"sender": sender, "message": message}).encode()
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/webhooks/rest/webhook", data=body,
        headers={"Content-Type": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=timeout) as response:
        replies: list[dict[str, Any]] = json.loads(response.read())
    return replies


def percentile(values: list[float], share: float) -> float:
    """The ``share`` percentile (nearest rank)."""
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def children(pid: int) -> list[int]:
    """Every descendant of ``pid`` (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def command_line(pid: int) -> str:
    """The command line of ``pid``, or ""."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


@dataclass
class Served:
    """A running assistant: its REST port, start-up time and process group."""

    name: str
    port: int
    process: subprocess.Popen[bytes]
    cold_start_s: float = 0.0

    def pids(self, needle: str) -> list[int]:
        """Descendant processes whose command line contains ``needle``."""
        return [pid for pid in children(self.process.pid) if needle in command_line(pid)]


@contextmanager
def serve(
    name: str, command: list[str], cwd: Path, env: dict[str, str], port: int,
    probe: str, expect: Callable[[str], bool], log: Path,
) -> Iterator[Served]:  # fmt: skip
    """Starts ``command`` and times launch -> first correct answer to ``probe``."""
    started = time.monotonic()
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    served = Served(name, port, process)
    try:
        deadline = started + 600
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{name} stopped during start-up; see {log}")
            try:
                text = " ".join(r.get("text", "") for r in post(port, "cold", probe, 30))
                if expect(text):
                    break
            except (OSError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"{name} did not answer within 10 minutes; see {log}")
            time.sleep(0.1)
        served.cold_start_s = time.monotonic() - started
        yield served
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


def latencies(port: int, mix: list[str]) -> list[float]:
    """One user: a warm-up round, then LATENCY_ROUNDS rounds through the mix, timed per turn."""
    sender = f"bench-{uuid.uuid4().hex[:8]}"
    for message in mix:
        post(port, sender, message)
    timings = []
    for _ in range(LATENCY_ROUNDS):
        for message in mix:
            started = time.perf_counter()
            post(port, sender, message)
            timings.append(time.perf_counter() - started)
    return timings


def long_conversation(port: int, mix: list[str], turns: int = LONG_TURNS) -> dict[str, float]:
    """One conversation of ``turns`` messages: median latency of its first and last 20 turns."""
    sender = f"long-{uuid.uuid4().hex[:8]}"
    timings = []
    for turn in range(turns):
        started = time.perf_counter()
        post(port, sender, mix[turn % len(mix)])
        timings.append(time.perf_counter() - started)
    first, last = percentile(timings[:20], 0.5), percentile(timings[-20:], 0.5)
    return {"turns_1_20_p50": first, "turns_last_20_p50": last, "long_ratio": last / first}


@dataclass
class Load:
    """Concurrent users: throughput, latency under load and errors."""

    messages: int
    seconds: float
    p50: float
    p95: float
    errors: int

    @property
    def per_second(self) -> float:
        """Messages answered per second."""
        return self.messages / self.seconds


def load(port: int, mix: list[str], users: int = USERS, turns: int = TURNS) -> Load:
    """``users`` conversations at once, each ``turns`` messages, each waiting for its reply."""
    timings: list[float] = []
    errors = 0
    guard = threading.Lock()

    def user(number: int) -> None:
        nonlocal errors
        sender = f"load-{uuid.uuid4().hex[:8]}"
        for turn in range(turns):
            message = mix[(number + turn) % len(mix)]
            started = time.perf_counter()
            try:
                post(port, sender, message)
                with guard:
                    timings.append(time.perf_counter() - started)
            except (OSError, ValueError):
                with guard:
                    errors += 1

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    return Load(len(timings), seconds, percentile(timings, 0.5), percentile(timings, 0.95), errors)


def measure_one_process(
    served: Served, rasa_pid: int, mix: list[str], figures: dict[str, Any]
) -> Load:
    """Cold start, one-user latency and 20-user load of one Rasa process, into ``figures``.

    Also Rasa's CPU time per turn during the one-user rounds: less sensitive than wall time to
    what else the machine is doing.
    """
    figures["cold_start_s"] = served.cold_start_s
    cpu_before = cpu_seconds(rasa_pid)
    timings = latencies(served.port, mix)
    figures["cpu_ms_per_turn"] = (
        (cpu_seconds(rasa_pid) - cpu_before) * 1000 / (len(mix) * (LATENCY_ROUNDS + 1))
    )
    figures["latency_p50"] = percentile(timings, 0.5)
    figures["latency_p95"] = percentile(timings, 0.95)
    figures["latency_all"] = timings
    figures.update(long_conversation(served.port, mix))
    single = load(served.port, mix)
    figures["throughput_1_replica"] = single.per_second
    figures["load_p95_1_replica"] = single.p95
    figures["errors_1_replica"] = single.errors
    return single


def train_seconds(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> float:
    """Runs a training command; its duration in seconds."""
    started = time.monotonic()
    with log.open("wb") as output:
        subprocess.run(command, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT,
                       check=True)  # fmt: skip
    return time.monotonic() - started


def nlu_f1(work: Path) -> dict[str, float]:
    """Macro F1 of intents and response selection on the held-out file."""
    sys.path.insert(0, str(ROOT / "scripts"))
    from check_nlu_scores import REPORTS, macro_f1

    out = work / "nlu"
    subprocess.run(
        [str(RASA), "test", "nlu", "--model", str(MODEL), "--nlu", "tests/nlu_heldout.yml",
         "--out", str(out)],
        cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return {name: macro_f1(json.loads((out / file).read_text())) for name, file in REPORTS.items()}


@dataclass
class Results:
    """Every figure of a run."""

    ours: dict[str, Any] = field(default_factory=dict)
    starter: dict[str, Any] = field(default_factory=dict)
    ratios: dict[str, float] = field(default_factory=dict)
    targets: dict[str, str] = field(default_factory=lambda: dict(TARGETS))
    met: dict[str, bool] = field(default_factory=dict)
    machine: dict[str, Any] = field(default_factory=dict)


def base_env() -> dict[str, str]:
    """The environment every process of the run gets."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
            "SQLALCHEMY_SILENCE_UBER_WARNING": "1"}  # fmt: skip


def run(work: Path) -> Results:
    """Every measurement, in order."""
    results = Results(machine={"cpus": os.cpu_count(), "python": sys.version.split()[0]})
    env = base_env()
    logs = work / "logs"
    logs.mkdir()

    step("1/8 training the starter assistant (rasa init --no-prompt)")
    starter = work / "starter"
    starter.mkdir()
    results.starter["training_s"] = train_seconds(
        [str(RASA), "init", "--no-prompt", "--init-dir", str(starter)], work, env,
        logs / "starter-train.log",
    )  # fmt: skip
    step(f"      {results.starter['training_s']:.0f} s")

    step("2/8 training this assistant from scratch (no Rasa cache)")
    results.ours["training_s"] = train_seconds(
        [str(RASA), "train", "--force", "--quiet", "--out", str(work / "models"),
         "--fixed-model-name", "bench"],
        ROOT, {**env, "RASA_CACHE_DIRECTORY": str(work / "cache")}, logs / "train.log",
    )  # fmt: skip
    step(f"      {results.ours['training_s']:.0f} s")

    symptoms = "most often found when people report signs or symptoms"
    port, actions = free_port(), free_port()
    ours_env = {**env, "RASA_PORT": str(port), "ACTIONS_PORT": str(actions),
                "LOG_DIR": str(logs / "ours"), "DATA_DIR": str(work / "var")}  # fmt: skip
    step("3/8 this assistant: cold start, one user, 20 users (one replica)")
    with serve("ours", ["scripts/run.sh"], ROOT, ours_env, port, "what are the symptoms?",
               lambda text: symptoms in text, logs / "ours.log") as served:  # fmt: skip
        (rasa_pid,) = served.pids("runtime.serve")
        single = measure_one_process(served, rasa_pid, OUR_MIX, results.ours)
        results.ours["peak_rss_rasa_mb"] = max(peak_rss_mb(p) for p in served.pids("runtime.serve"))
        results.ours["peak_rss_actions_mb"] = max(
            peak_rss_mb(p) for p in served.pids("actions.server")
        )
    step(f"      cold start {results.ours['cold_start_s']:.1f} s, p50 "
         f"{results.ours['latency_p50'] * 1000:.0f} ms, {single.per_second:.1f} msg/s")  # fmt: skip

    step("4/8 this assistant: 20 users on two replicas behind nginx")
    cluster_port = free_port()
    replicas = [free_port(), free_port()]
    cluster_env = {**env, "CLUSTER_PORT": str(cluster_port),
                   "REPLICA_PORTS": " ".join(map(str, replicas)),
                   "ACTIONS_PORT": str(free_port()), "LOG_DIR": str(logs / "cluster"),
                   "DATA_DIR": str(work / "var")}  # fmt: skip
    cluster_env.setdefault("TRACKER_STORE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    with serve("cluster", ["scripts/run_cluster.sh"], ROOT, cluster_env, cluster_port,
               "what are the symptoms?", lambda text: symptoms in text,
               logs / "cluster.log") as served:  # fmt: skip
        double = load(cluster_port, OUR_MIX)
        results.ours["throughput_2_replicas"] = double.per_second
        results.ours["load_p95_2_replicas"] = double.p95
        results.ours["errors_2_replicas"] = double.errors
        results.ours["peak_rss_replicas_mb"] = [
            peak_rss_mb(p) for p in served.pids("runtime.serve")
        ]
    step(f"      {double.per_second:.1f} msg/s, {double.errors} errors")

    step("5/8 the starter assistant: cold start, one user, 20 users")
    starter_port = free_port()
    starter_env = {**env}
    actions_port = free_port()
    actions_process = subprocess.Popen(
        [str(RASA), "run", "actions", "--port", str(actions_port)], cwd=starter, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:
        with serve("starter", [str(RASA), "run", "--port", str(starter_port), "--credentials",
                               "credentials.yml", "--endpoints", "endpoints.yml"], starter,
                   starter_env, starter_port, "hello", lambda text: "Hey! How are you?" in text,
                   logs / "starter.log") as served:  # fmt: skip
            single = measure_one_process(served, served.process.pid, STARTER_MIX, results.starter)
            results.starter["peak_rss_rasa_mb"] = peak_rss_mb(served.process.pid)
        results.starter["peak_rss_actions_mb"] = peak_rss_mb(actions_process.pid)
    finally:
        os.killpg(actions_process.pid, signal.SIGTERM)
    base = results.starter
    step(f"      cold start {base['cold_start_s']:.1f} s, p50 "
         f"{base['latency_p50'] * 1000:.0f} ms, {single.per_second:.1f} msg/s")  # fmt: skip

    step("6/8 NLU on the held-out file")
    results.ours.update({f"nlu_f1_{k.replace(' ', '_')}": v for k, v in nlu_f1(work).items()})

    step("7/8 ratios and targets")
    ours, base = results.ours, results.starter
    results.ratios = {
        "latency_p50": ours["latency_p50"] / base["latency_p50"],
        "latency_p95": ours["latency_p95"] / base["latency_p95"],
        "throughput_1_replica": ours["throughput_1_replica"] / base["throughput_1_replica"],
        "throughput_2_replicas": ours["throughput_2_replicas"] / base["throughput_1_replica"],
        "cold_start_s": ours["cold_start_s"] / base["cold_start_s"],
        "peak_rss_rasa_mb": ours["peak_rss_rasa_mb"] / base["peak_rss_rasa_mb"],
        "training_s": ours["training_s"] / base["training_s"],
        "cpu_ms_per_turn": ours["cpu_ms_per_turn"] / base["cpu_ms_per_turn"],
    }
    results.met = {
        "latency_p50": results.ratios["latency_p50"] <= 1.0,
        "latency_p95": results.ratios["latency_p95"] <= 1.2,
        "throughput_2_replicas": results.ratios["throughput_2_replicas"] >= 1.6
        and ours["errors_2_replicas"] == 0,
        "cold_start_s": ours["cold_start_s"] <= 20,
        "peak_rss_rasa_mb": max([ours["peak_rss_rasa_mb"], *ours["peak_rss_replicas_mb"]]) <= 1200,
        "training_s": ours["training_s"] <= 300,
        "long_conversation": ours["long_ratio"] <= 1.5,
    }
    return results


def table(results: Results) -> str:
    """The summary table."""
    ours, base, ratios = results.ours, results.starter, results.ratios
    rows = [
        ("turn latency p50 (1 user)", f"{ours['latency_p50'] * 1000:.0f} ms",
         f"{base['latency_p50'] * 1000:.0f} ms", ratios["latency_p50"], "latency_p50"),
        ("turn latency p95 (1 user)", f"{ours['latency_p95'] * 1000:.0f} ms",
         f"{base['latency_p95'] * 1000:.0f} ms", ratios["latency_p95"], "latency_p95"),
        ("Rasa CPU time per turn (1 user)", f"{ours['cpu_ms_per_turn']:.0f} ms",
         f"{base['cpu_ms_per_turn']:.0f} ms", ratios["cpu_ms_per_turn"], ""),
        (f"turn p50, turns {LONG_TURNS - 19}-{LONG_TURNS} / 1-20",
         f"{ours['turns_last_20_p50'] * 1000:.0f} / {ours['turns_1_20_p50'] * 1000:.0f} ms "
         f"= {ours['long_ratio']:.2f}",
         f"{base['long_ratio']:.2f}", None, "long_conversation"),
        ("throughput, 20 users, 1 replica", f"{ours['throughput_1_replica']:.1f}/s",
         f"{base['throughput_1_replica']:.1f}/s", ratios["throughput_1_replica"], ""),
        ("p95 under load, 1 replica", f"{ours['load_p95_1_replica'] * 1000:.0f} ms",
         f"{base['load_p95_1_replica'] * 1000:.0f} ms", None, ""),
        ("throughput, 20 users, 2 replicas", f"{ours['throughput_2_replicas']:.1f}/s "
         f"({ours['errors_2_replicas']} err)", "-", ratios["throughput_2_replicas"],
         "throughput_2_replicas"),
        ("p95 under load, 2 replicas", f"{ours['load_p95_2_replicas'] * 1000:.0f} ms", "-",
         None, ""),
        ("cold start to first answer", f"{ours['cold_start_s']:.1f} s",
         f"{base['cold_start_s']:.1f} s", ratios["cold_start_s"], "cold_start_s"),
        ("peak RSS, Rasa (1 / replicas)", f"{ours['peak_rss_rasa_mb']:.0f} / "
         + "/".join(f"{v:.0f}" for v in ours["peak_rss_replicas_mb"]) + " MB",
         f"{base['peak_rss_rasa_mb']:.0f} MB", ratios["peak_rss_rasa_mb"], "peak_rss_rasa_mb"),
        ("peak RSS, action server", f"{ours['peak_rss_actions_mb']:.0f} MB",
         f"{base['peak_rss_actions_mb']:.0f} MB", None, ""),
        ("training", f"{ours['training_s']:.0f} s", f"{base['training_s']:.0f} s",
         ratios["training_s"], "training_s"),
        ("NLU macro F1 intents / responses", f"{ours['nlu_f1_intent_classification']:.3f} / "
         f"{ours['nlu_f1_response_selection']:.3f}", "-", None, ""),
    ]  # fmt: skip
    lines = [f"{'figure':34} {'this assistant':>22} {'starter':>10} {'ratio':>6}  target"]
    for label, value, baseline, ratio, key in rows:
        verdict = ""
        if key:
            verdict = f"{TARGETS[key]}: {'met' if results.met[key] else 'NOT met'}"
        ratio_text = f"{ratio:.2f}" if ratio is not None else ""
        lines.append(f"{label:34} {value:>22} {baseline:>10} {ratio_text:>6}  {verdict}")
    return "\n".join(lines)


def plot(results: Results, path: Path) -> None:
    """Latency percentiles of both assistants, as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = [0.5, 0.75, 0.9, 0.95, 0.99]
    figure, axis = plt.subplots(figsize=(7, 4))
    for name, data in (("this assistant", results.ours), ("starter", results.starter)):
        values = [percentile(data["latency_all"], s) * 1000 for s in shares]
        axis.plot([f"p{round(s * 100)}" for s in shares], values, marker="o", label=name)
    axis.set_ylabel("turn latency over REST (ms)")
    axis.set_title("Turn latency percentiles, one user")
    axis.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)


def main() -> int:
    """Runs the benchmark and reports."""
    if not MODEL.exists():
        print("No trained model: run `make train` (make bench does) first.", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="mbc-bench-"))
    try:
        results = run(work)
    finally:
        if os.environ.get("KEEP_BENCH_DIR"):
            print(f"work folder kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    step("8/8 writing results")
    (OUT / "bench.json").write_text(json.dumps(asdict(results), indent=2))
    plot(results, OUT / "latency.png")
    print()
    print(table(results))
    print(f"\nFigures: {OUT / 'bench.json'}; plot: {OUT / 'latency.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
