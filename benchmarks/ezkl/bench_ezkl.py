#!/usr/bin/env python3
"""EZKL side of the end-to-end benchmark: the same ONNX files, inputs and calibration sets as `zkinfer bench`
(benchmarks/models/models.json), with matching visibility (input private, output public, params fixed = public and
baked into the circuit, EZKL's counterpart of zkinfer's public parameters).

For each model and calibration target (resources, accuracy): one fresh process per run (`--worker`) does
compile (gen_settings + calibrate_settings + compile_circuit), setup, witness + prove, verify; each phase is timed
and its peak RSS read from /proc/self/status (VmHWM, reset per phase through /proc/self/clear_refs). The SRS comes
from ezkl.gen_srs (a local development SRS: no network), made once per logrows and not counted in setup time.

    python bench_ezkl.py --runs 3 [--models a,b] [--targets resources,accuracy] --out benchmarks/results/ezkl.json
"""
import argparse, json, os, statistics, subprocess, sys, time, traceback

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PHASES = ["compile", "setup", "witness", "prove", "verify"]


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def reset_hwm():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def worker(a):
    """One run of one model/target in this fresh process. Prints one JSON line."""
    import ezkl
    m = json.load(open(a.model_json))
    work = a.work
    os.makedirs(work, exist_ok=True)
    p = lambda n: os.path.join(work, n)
    onnx = os.path.join(ROOT, m["onnx"])
    res = {"phases": {}, "ok": False}

    def phase(name, fn):
        reset_hwm()
        t = time.perf_counter()
        r = fn()
        res["phases"][name] = {"seconds": time.perf_counter() - t, "peakRssKiB": rss_kib()}
        print("PROGRESS %s %.2fs" % (name, res["phases"][name]["seconds"]), file=sys.stderr, flush=True)
        return r

    try:
        def compile_():
            ra = ezkl.PyRunArgs()
            ra.input_visibility = "private"
            ra.output_visibility = "public"
            ra.param_visibility = "fixed"
            assert ezkl.gen_settings(onnx, p("settings.json"), py_run_args=ra)
            assert ezkl.calibrate_settings(os.path.join(ROOT, m["calibration"]), onnx, p("settings.json"), a.target)
            assert ezkl.compile_circuit(onnx, p("network.ezkl"), p("settings.json"))
        phase("compile", compile_)
        settings = json.load(open(p("settings.json")))
        logrows = settings["run_args"]["logrows"]
        srs = os.path.join(a.srs_dir, "kzg%d.srs" % logrows)
        if not os.path.exists(srs):
            t = time.perf_counter()
            ezkl.gen_srs(srs + ".tmp", logrows)
            os.replace(srs + ".tmp", srs)
            res["srsGenSeconds"] = time.perf_counter() - t
        phase("setup", lambda: ezkl.setup(p("network.ezkl"), p("vk.key"), p("pk.key"), srs))
        phase("witness", lambda: ezkl.gen_witness(os.path.join(ROOT, m["input"]), p("network.ezkl"),
                                                        p("witness.json"), p("vk.key"), srs))
        phase("prove", lambda: ezkl.prove(p("witness.json"), p("network.ezkl"), p("pk.key"), p("proof.json"), srs))
        ok = phase("verify", lambda: ezkl.verify(p("proof.json"), p("settings.json"), p("vk.key"), srs))
        proof = json.load(open(p("proof.json")))
        hexproof = proof.get("hex_proof") or ""
        raw = proof.get("proof")
        proof_bytes = len(bytes(raw)) if isinstance(raw, list) else (len(hexproof) - 2) // 2 if hexproof else None
        witness = json.load(open(p("witness.json")))
        outs = (witness.get("pretty_elements") or {}).get("rescaled_outputs") or []
        res.update({
            "ok": bool(ok), "logrows": logrows, "numRows": settings.get("num_rows"),
            "totalAssignments": settings.get("total_assignments"), "totalConstSize": settings.get("total_const_size"),
            "inputScale": settings["run_args"].get("input_scale"), "paramScale": settings["run_args"].get("param_scale"),
            "lookupRange": settings["run_args"].get("lookup_range"),
            "proofBytes": proof_bytes, "proofFileBytes": os.path.getsize(p("proof.json")),
            "vkBytes": os.path.getsize(p("vk.key")), "pkBytes": os.path.getsize(p("pk.key")),
            "outputs": [[float(x) for x in o] for o in outs],
        })
    except BaseException as e:  # report, never hide
        res["error"] = "%s: %s" % (type(e).__name__, e)
        res["trace"] = traceback.format_exc()[-2000:]
    print("EZKL-RESULT " + json.dumps(res), flush=True)


def max_abs_error(reference, outputs):
    """Max |ezkl - onnxruntime| over the float outputs; integer outputs (labels) must match exactly."""
    err, labels_ok = 0.0, True
    for (name, ref), got in zip(reference["outputs"].items(), outputs):
        if len(got) != len(ref["data"]):
            return None, None
        if "float" in ref["type"]:
            err = max(err, max((abs(g - r) for g, r in zip(got, ref["data"])), default=0.0))
        else:
            labels_ok = labels_ok and all(round(g) == round(r) for g, r in zip(got, ref["data"]))
    return err, labels_ok


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--model-json")
    ap.add_argument("--target")
    ap.add_argument("--work")
    ap.add_argument("--srs-dir", default=os.path.join(ROOT, "benchmarks", ".work", "ezkl-srs"))
    ap.add_argument("--manifest", default=os.path.join(ROOT, "benchmarks", "models", "models.json"))
    ap.add_argument("--models", default="")
    ap.add_argument("--targets", default="resources,accuracy")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--timeout", type=int, default=1800, help="seconds per run before it is recorded as a failure")
    ap.add_argument("--budget", type=int, default=0,
                    help="seconds per model and target after which no further run starts (0 = always --runs runs);"
                         " the report's n column shows how many ran")
    ap.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "ezkl.json"))
    a = ap.parse_args()
    if a.worker:
        return worker(a)
    import ezkl
    os.makedirs(a.srs_dir, exist_ok=True)
    manifest = json.load(open(a.manifest))["models"]
    wanted = [x for x in a.models.split(",") if x]
    models = [m for m in manifest if not wanted or m["name"] in wanted]
    results = {"system": "ezkl", "version": ezkl.__version__, "python": sys.version.split()[0],
               "srs": "development SRS from ezkl.gen_srs (no network); not counted in setup time",
               "visibility": {"input": "private", "params": "fixed", "output": "public"}, "runs": a.runs,
               "models": []}
    work_root = os.path.join(ROOT, "benchmarks", ".work", "ezkl")
    total = len(models) * len(a.targets.split(",")) * a.runs
    done = 0
    for m in models:
        reference = json.load(open(os.path.join(ROOT, m["reference"])))
        mj = os.path.join(work_root, m["name"] + ".model.json")
        os.makedirs(work_root, exist_ok=True)
        json.dump(m, open(mj, "w"))
        resources_timed_out = None
        for target in a.targets.split(","):
            runs = []
            if target == "accuracy" and resources_timed_out:
                # accuracy calibration picks larger scales and logrows than resources: it cannot finish either
                s = {"model": m["name"], "target": target, "ok": False, "runs": 0,
                     "error": "not run: the resources target already %s, and accuracy needs a larger circuit"
                              % resources_timed_out}
                print("[ezkl] %s accuracy: %s" % (m["name"], s["error"]), flush=True)
                results["models"].append(s)
                json.dump(results, open(a.out, "w"), indent=1)
                continue
            started = time.perf_counter()
            for r in range(a.runs):
                if r > 0 and a.budget and time.perf_counter() - started > a.budget:
                    print("  budget of %d s used after %d run(s): no further runs" % (a.budget, r), flush=True)
                    break
                done += 1
                print("[ezkl %d/%d] %s %s run %d/%d" % (done, total, m["name"], target, r + 1, a.runs), flush=True)
                cmd = [sys.executable, os.path.abspath(__file__), "--worker", "--model-json", mj, "--target", target,
                       "--work", os.path.join(work_root, m["name"], target), "--srs-dir", a.srs_dir]
                run = run_worker(cmd, a.timeout)
                runs.append(run)
                if not run.get("ok"):
                    print("  FAILED: %s" % run.get("error"), flush=True)
                    if target == "resources" and str(run.get("error", "")).startswith("timed out"):
                        resources_timed_out = run["error"]
                    break  # a deterministic failure: the next runs would fail the same way
                ph = run["phases"]
                print("  " + "  ".join("%s %.2fs" % (k, ph[k]["seconds"]) for k in PHASES if k in ph)
                      + "  peak %.0f MiB" % (max(v["peakRssKiB"] for v in ph.values()) / 1024), flush=True)
            results["models"].append(summarize(m, target, runs, reference))
            json.dump(results, open(a.out, "w"), indent=1)
    print("wrote " + a.out)


def run_worker(cmd, timeout):
    """Runs one worker, echoing its progress; on a timeout the phases it finished are kept in the error message."""
    import threading
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    done, out = [], []

    def pump_err():
        for l in proc.stderr:
            sys.stderr.write(l)
            if l.startswith("PROGRESS "):
                done.append(l.split(None, 1)[1].strip())

    t = threading.Thread(target=pump_err, daemon=True)
    t.start()
    reader = threading.Thread(target=lambda: out.extend(proc.stdout), daemon=True)
    reader.start()
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        return {"ok": False, "error": "timed out after %d s (finished: %s)" % (timeout, ", ".join(done) or "nothing")}
    reader.join()
    line = [l for l in out if l.startswith("EZKL-RESULT ")]
    return json.loads(line[-1][12:]) if line else {"ok": False, "error": "worker exited %d without a result" % rc}


def summarize(m, target, runs, reference):
    ok = [r for r in runs if r.get("ok")]
    s = {"model": m["name"], "target": target, "ok": len(ok) == len(runs) and bool(ok), "runs": len(runs)}
    if not s["ok"]:
        bad = [r for r in runs if not r.get("ok")]
        s["error"] = bad[0].get("error") if bad else "no runs"
        s["trace"] = bad[0].get("trace") if bad else None
        if not ok:
            return s
    last = ok[-1]
    s["phases"] = {}
    for ph in PHASES:
        vals = [r["phases"][ph]["seconds"] for r in ok if ph in r["phases"]]
        mem = [r["phases"][ph]["peakRssKiB"] for r in ok if ph in r["phases"]]
        s["phases"][ph] = {"medianSeconds": statistics.median(vals), "allSeconds": vals, "peakRssKiB": max(mem)}
    s["peakRssKiB"] = max(v["peakRssKiB"] for v in s["phases"].values())
    for k in ["logrows", "numRows", "totalAssignments", "totalConstSize", "inputScale", "paramScale", "lookupRange",
              "proofBytes", "proofFileBytes", "vkBytes", "pkBytes", "outputs"]:
        s[k] = last.get(k)
    err, labels = max_abs_error(reference, last.get("outputs") or [])
    s["maxAbsError"] = err
    s["labelsMatch"] = labels
    return s


if __name__ == "__main__":
    main()
