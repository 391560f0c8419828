#!/usr/bin/env python3
"""Records one small real QEMU migration with per-thread trace logs (-d tid -D DIR/<side>.trace.%d.log).

usage: record.py OUTDIR precopy|postcopy [QEMU-COMMAND-PREFIX...]
Writes OUTDIR/{src,dst}.trace.<TID>.log, {src,dst}.threads.json (tid -> /proc comm, sampled while
the processes run), {src,dst}.qmp.jsonl (every QMP message) and cmdlines.txt.  Paths are under /tmp so
that the same command works inside a chroot that bind-mounts /tmp.
"""
import json, os, socket, subprocess, sys, time

out, mode = sys.argv[1], sys.argv[2]
prefix = sys.argv[3:] or ["qemu-system-x86_64"]
os.makedirs(out, exist_ok=True)
port = 40000 + os.getpid() % 20000
events = os.path.join(out, "trace-events.txt")

def cmd(side):
    c = prefix + ["-name", side + ",debug-threads=on", "-machine", "q35,accel=tcg", "-m", "64",
                  "-nodefaults", "-display", "none", "-no-user-config",
                  "-trace", "events=" + events, "-d", "tid", "-D", os.path.join(out, side + ".trace.%d.log"),
                  "-msg", "timestamp=on", "-qmp", "unix:" + os.path.join(out, side + ".qmp") + ",server=on,wait=off"]
    return c + (["-incoming", "defer"] if side == "dst" else [])

class Qmp:
    def __init__(self, side, pid):
        self.side, self.pid, self.n = side, pid, 0
        self.log = open(os.path.join(out, side + ".qmp.jsonl"), "w")
        path = os.path.join(out, side + ".qmp")
        for _ in range(200):
            try:
                self.s = socket.socket(socket.AF_UNIX); self.s.connect(path); break
            except OSError:
                time.sleep(0.05)
        self.f = self.s.makefile("rw")
        self.events = []
        self.recv()
    def recv(self):
        l = self.f.readline()
        if not l:
            self.log.write(json.dumps({"t": time.time(), "side": self.side, "dir": "eof"}) + "\n"); return None
        m = json.loads(l)
        self.log.write(json.dumps({"t": time.time(), "side": self.side, "dir": "recv", "msg": m}) + "\n")
        if "event" in m: self.events.append(m)
        return m
    def run(self, execute, **args):
        self.n += 1
        msg = {"execute": execute, "id": "%s-%d" % (self.side, self.n)}
        if args: msg["arguments"] = args
        self.log.write(json.dumps({"t": time.time(), "side": self.side, "dir": "send", "msg": msg}) + "\n")
        self.f.write(json.dumps(msg) + "\n"); self.f.flush()
        while True:
            m = self.recv()
            if m is None or m.get("id") == msg["id"]: return m
    def status(self):
        return self.run("query-migrate")["return"].get("status")

def comms(pid):
    d = "/proc/%d/task" % pid
    names = {}
    for t in os.listdir(d):
        try:
            names[t] = open(os.path.join(d, t, "comm")).read().strip()
        except OSError:
            pass
    return names

procs = {s: subprocess.Popen(cmd(s), stdin=subprocess.DEVNULL) for s in ("src", "dst")}
with open(os.path.join(out, "cmdlines.txt"), "w") as f:
    for s in ("src", "dst"): f.write("# %s\n%s\n" % (s, " ".join(cmd(s))))
# The qemu process may be a child of chroot: its pid is then the chroot's pid (exec, same pid).
threads = {s: {} for s in procs}
def sample():
    for s, p in procs.items():
        try: threads[s].update(comms(p.pid))
        except OSError: pass
q = {s: Qmp(s, procs[s].pid) for s in procs}
caps = [{"capability": "events", "state": True}]
if mode == "postcopy": caps.append({"capability": "postcopy-ram", "state": True})
for s in q:
    q[s].run("qmp_capabilities")
    q[s].run("migrate-set-capabilities", capabilities=caps)
sample()
q["dst"].run("migrate-incoming", uri="tcp:127.0.0.1:%d" % port)
if mode == "postcopy":
    q["src"].run("migrate-set-parameters", **{"max-bandwidth": 8 * 1024 * 1024})
q["src"].run("migrate", uri="tcp:127.0.0.1:%d" % port)
t0 = time.time()
started = False
while time.time() - t0 < 30:
    sample()
    st = q["src"].status()
    if mode == "postcopy" and st in ("setup", "active") and not started:
        q["src"].run("migrate-start-postcopy"); started = True
    if st in ("completed", "failed", "cancelled") and q["dst"].status() in ("completed", "failed"):
        break
    time.sleep(0.05)
sample()
print("src", q["src"].status(), "dst", q["dst"].status())
for s in q:
    q[s].run("quit")
    procs[s].wait(timeout=10)
    with open(os.path.join(out, s + ".threads.json"), "w") as f:
        json.dump({"pid": procs[s].pid, "threads": dict(sorted(threads[s].items()))}, f, indent=1)
        f.write("\n")
