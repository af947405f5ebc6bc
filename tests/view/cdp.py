"""A minimal Chrome DevTools Protocol client over ``--remote-debugging-pipe`` (fd 3 in, fd 4 out, messages ended by
NUL): open a page, evaluate JavaScript in it. Enough to click and type in a page headless, nothing more."""
from __future__ import annotations

import fcntl
import json
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from typing import Any


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, chromium: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        # Chromium's helper processes (renderer, crash handler) may still write into the profile for a moment
        # after the browser is gone: the profile is removed leniently, after the whole process group ended.
        self._profile = tempfile.TemporaryDirectory(ignore_cleanup_errors=True)
        to_chrome, self._write = os.pipe()
        self._read, from_chrome = os.pipe()

        def wire() -> None:
            """In the child: the pipe ends on fds 3 and 4 (copied high first, so neither overwrites the other);
            every other descriptor Python opened is non-inheritable and closes on exec."""
            high = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_chrome, from_chrome)]
            for target, fd in zip((3, 4), high):
                os.dup2(fd, target)
                os.close(fd)

        self._proc = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={self._profile.name}",
             "--remote-debugging-pipe", "about:blank"],
            close_fds=False, preexec_fn=wire, start_new_session=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_chrome)
        os.close(from_chrome)
        self._buffer = b""
        self._next = 0
        self._session: str | None = None

    def __enter__(self) -> Browser:
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self._session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)  # the browser and every helper process it started
        except ProcessLookupError:
            pass
        self._proc.wait(timeout=30)
        os.close(self._write)
        os.close(self._read)
        for _ in range(20):  # a helper may outlive the kill by a moment: wait until the profile can go
            shutil.rmtree(self._profile.name, ignore_errors=True)
            if not os.path.exists(self._profile.name):
                break
            time.sleep(0.1)
        self._profile.cleanup()

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        """Send one command (to the page once attached) and return its result; an error raises."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params or {}}
        if self._session:
            message["sessionId"] = self._session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                reply = json.loads(raw)
                if reply.get("id") == self._next:
                    if "error" in reply:
                        raise RuntimeError(f"{method}: {reply['error']}")
                    return dict(reply["result"])
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._read], [], [], left)[0]:
                raise TimeoutError(f"{method}: no answer from chromium in {self.timeout} s")
            chunk = os.read(self._read, 1 << 16)
            if not chunk:
                raise RuntimeError(f"{method}: chromium closed the pipe")
            self._buffer += chunk

    def eval(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (a script error raises)."""
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def open(self, url: str, ready: str) -> None:
        """Navigate to ``url`` and wait until the expression ``ready`` is true."""
        self.call("Page.navigate", {"url": url})
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                if self.eval(f"!!({ready})"):
                    return
            except RuntimeError:  # the old document went away while evaluating: ask the new one
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url}: {ready} still false after {self.timeout} s")
            time.sleep(0.2)
