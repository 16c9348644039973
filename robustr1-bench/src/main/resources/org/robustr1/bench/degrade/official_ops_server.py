"""Times the Python reference ops of Robust-R1 for OfficialOpVsPython (robustr1-bench).

Run by the Java side as `/usr/bin/python3 official_ops_server.py PATH/add_degradation.py`; it
loads that file (the unmodified reference of jqtangust/Robust-R1), answers one JSON line per
command on stdin, and reports wall-clock milliseconds per call of op(img, intensity), the call
only (no decoding or encoding), library threading left at its defaults as in
shared/research/degradation.md section 5.
"""
import importlib.util
import json
import random
import sys
import time

import cv2
import numpy as np


def main():
    spec = importlib.util.spec_from_file_location("add_degradation", sys.argv[1])
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    images = {}
    print(json.dumps({"cv2": cv2.__version__, "numpy": np.__version__, "cv2_threads": cv2.getNumThreads(),
                      "python": sys.version.split()[0]}), flush=True)
    for line in sys.stdin:
        cmd = json.loads(line)
        if cmd.get("quit"):
            break
        path = cmd["image"]
        if path not in images:
            images[path] = cv2.imread(path, cv2.IMREAD_COLOR)
        img = images[path]
        fn = getattr(ref, cmd["op"])
        intensity = cmd["intensity"]
        random.seed(cmd["seed"])
        np.random.seed(cmd["seed"])
        for _ in range(cmd.get("warmup", 0)):
            fn(img, intensity)
        ms = []
        for _ in range(cmd["reps"]):
            t0 = time.perf_counter()
            fn(img, intensity)
            ms.append((time.perf_counter() - t0) * 1e3)
        print(json.dumps({"ms": ms}), flush=True)


if __name__ == "__main__":
    main()
