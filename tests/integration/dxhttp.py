"""dxhttp.py -- helpers for the server tests (not a test itself).

Starts `dxsearch serve` on 127.0.0.1 with an ephemeral port, sends HTTP
requests with the standard library only, and counts checks the way
lib.bash does ("N passed, M failed").
"""
import http.client
import os
import re
import signal
import subprocess
import sys
import time

DX = os.environ.get("DXSEARCH", "dxsearch")


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def ok(self, cond, what):
        if cond:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL: " + what, file=sys.stderr, flush=True)
        return cond

    def finish(self):
        print("%d passed, %d failed" % (self.passed, self.failed), flush=True)
        return 0 if self.failed == 0 else 1


class Server:
    """`dxsearch serve` on 127.0.0.1:0; .port is the bound port."""

    def __init__(self, db, *args, log=None):
        self.err_path = (log or db.rstrip("/") + ".serve") + ".err"
        self.err = open(self.err_path, "w")
        self.proc = subprocess.Popen(
            [DX, "serve", "--db", db, "--listen", "127.0.0.1:0", *args],
            stdout=subprocess.DEVNULL, stderr=self.err)
        self.port = None
        deadline = time.time() + 20
        while time.time() < deadline and self.port is None:
            if self.proc.poll() is not None:
                break
            with open(self.err_path) as f:
                m = re.search(r"listening on http://[^:]+:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
            else:
                time.sleep(0.05)
        if self.port is None:
            self.stop()
            raise RuntimeError("server did not start: " + self.stderr())

    def stderr(self):
        with open(self.err_path) as f:
            return f.read()

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Signal the server; returns its exit code."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        self.err.close()
        return rc

    def request(self, path, method="GET", headers=None, body=None,
                timeout=10):
        """(status, headers as a lower-cased dict, body bytes)."""
        c = http.client.HTTPConnection("127.0.0.1", self.port,
                                       timeout=timeout)
        try:
            c.request(method, path, body=body, headers=headers or {})
            r = c.getresponse()
            data = r.read()
            return r.status, {k.lower(): v for k, v in r.getheaders()}, data
        finally:
            c.close()
