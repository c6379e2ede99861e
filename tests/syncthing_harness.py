"""Two real Syncthing daemons on the loopback interface, sharing one folder, for integration tests.

Each daemon gets its own config home under the test's temporary folder (made by
`syncthing generate`), a GUI/REST address and a listen address on free loopback ports, no
global or local discovery, no relays, no NAT traversal, no usage or crash reporting and no
upgrades. Each knows the other by device id at an explicit tcp://127.0.0.1:PORT address, and
both share one folder with a one-second watcher delay and a short rescan interval.

`syncthing_pair(tmp_path)` is a context manager: it yields a SyncthingPair once both daemons
answer on their REST API and see each other connected, and stops both on the way out (REST
shutdown, then SIGTERM, then SIGKILL to the daemon's own process group), whatever happened
inside the block. When the `syncthing` program is missing, `require_syncthing()` skips the test
with a reason naming the Debian package.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest

FOLDER_ID = "cqc-team"
MISSING_REASON = (
    "syncthing is not installed: install the Debian package 'syncthing' "
    "(apt-get install syncthing) to run the Syncthing integration tests"
)


def syncthing_program() -> str | None:
    """The path of the syncthing program on PATH (or /usr/bin/syncthing), or None."""
    found = shutil.which("syncthing")
    if found:
        return found
    return "/usr/bin/syncthing" if os.access("/usr/bin/syncthing", os.X_OK) else None


def require_syncthing() -> str:
    """Return the syncthing program, or skip the calling test naming the package to install."""
    program = syncthing_program()
    if program is None:
        pytest.skip(MISSING_REASON)
    return program


def free_loopback_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class SyncthingDaemon:
    """One running (or configured) Syncthing daemon: its home, ports, API key and process."""

    name: str
    program: str
    home: Path
    folder: Path
    gui_port: int
    listen_port: int
    device_id: str = ""
    api_key: str = ""
    process: subprocess.Popen[bytes] | None = None
    log_path: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log_path = self.home.parent / f"{self.name}-syncthing.log"

    # -- set-up -----------------------------------------------------------------------------

    def generate(self) -> None:
        """Make the config home (keys and config.xml) and read the device id and API key."""
        self.home.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [self.program, "generate", f"--home={self.home}", "--no-default-folder"],
            check=True,
            capture_output=True,
            timeout=30,
        )
        root = ElementTree.parse(self.home / "config.xml").getroot()
        device = root.find("device")
        gui_key = root.find("gui/apikey")
        if device is None or gui_key is None or not gui_key.text:
            raise RuntimeError(f"{self.home / 'config.xml'}: no device id or API key generated")
        self.device_id = device.attrib["id"]
        self.api_key = gui_key.text

    def configure(
        self, peer: SyncthingDaemon, rescan_seconds: int, watcher_delay_seconds: int
    ) -> None:
        """Write config.xml: loopback only, no discovery/relays/NAT/reporting, peer and folder."""
        path = self.home / "config.xml"
        tree = ElementTree.parse(path)
        root = tree.getroot()
        _set(root, "gui/address", f"127.0.0.1:{self.gui_port}")
        gui = root.find("gui")
        assert gui is not None
        gui.set("tls", "false")
        options = {
            "listenAddress": f"tcp://127.0.0.1:{self.listen_port}",
            "globalAnnounceEnabled": "false",
            "localAnnounceEnabled": "false",
            "relaysEnabled": "false",
            "natEnabled": "false",
            "urAccepted": "-1",
            "crashReportingEnabled": "false",
            "autoUpgradeIntervalH": "0",
            "startBrowser": "false",
            "reconnectionIntervalS": "1",
            "setLowPriority": "false",
            "stunKeepaliveStartS": "0",
            "stunKeepaliveMinS": "0",
            "minHomeDiskFree": "0",
        }
        for tag, value in options.items():
            _set(root, f"options/{tag}", value)
        min_free = root.find("options/minHomeDiskFree")
        if min_free is not None:
            min_free.set("unit", "%")
        # Syncthing keeps the first <device> as itself; add the peer after it.
        root.append(_device_element(peer.device_id, peer.name, peer.listen_port))
        own = root.find("device")
        assert own is not None
        _set(own, "address", f"tcp://127.0.0.1:{self.listen_port}")
        folder = ElementTree.Element(
            "folder",
            {
                "id": FOLDER_ID,
                "label": "CQC team folder",
                "path": str(self.folder),
                "type": "sendreceive",
                "rescanIntervalS": str(rescan_seconds),
                "fsWatcherEnabled": "true",
                "fsWatcherDelayS": str(watcher_delay_seconds),
                "ignorePerms": "false",
                "autoNormalize": "true",
            },
        )
        for device_id in (self.device_id, peer.device_id):
            ElementTree.SubElement(folder, "device", {"id": device_id, "introducedBy": ""})
        min_disk = ElementTree.SubElement(folder, "minDiskFree", {"unit": "%"})
        min_disk.text = "0"
        # Insert the folder before the first <device>, where Syncthing writes folders itself.
        root.insert(list(root).index(root.find("device")), folder)  # type: ignore[arg-type]
        tree.write(path, encoding="utf-8", xml_declaration=False)
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".stfolder").mkdir(exist_ok=True)

    # -- running ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start `syncthing serve` in its own process group, logging to a file beside the home."""
        environment = dict(os.environ)
        environment.update(
            STNOUPGRADE="1",
            STNORESTART="1",
            STNODEFAULTFOLDER="1",
            HOME=str(self.home.parent),
        )
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                [
                    self.program,
                    "serve",
                    f"--home={self.home}",
                    "--no-browser",
                    "--no-restart",
                    "--no-upgrade",
                    "--no-default-folder",
                    "--skip-port-probing",
                    "--logflags=3",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=environment,
                start_new_session=True,
            )

    def request(self, method: str, path: str, body: object | None = None) -> object:
        """Call the REST API with this daemon's API key; the decoded JSON answer (or None)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=5) as answer:
            payload = answer.read()
        return json.loads(payload) if payload.strip() else None

    def running(self) -> bool:
        """Whether the daemon process is still alive."""
        return self.process is not None and self.process.poll() is None

    def wait_until_answering(self, deadline: float) -> None:
        """Wait for the REST API to answer a ping; fail with the log's tail if it never does."""
        while time.monotonic() < deadline:
            if not self.running():
                raise RuntimeError(f"syncthing {self.name} exited early:\n{self.log_tail()}")
            try:
                if self.request("GET", "/rest/system/ping") == {"ping": "pong"}:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
                pass
            time.sleep(0.1)
        raise TimeoutError(f"syncthing {self.name} API did not answer:\n{self.log_tail()}")

    def connected_to(self, peer: SyncthingDaemon) -> bool:
        """Whether this daemon reports a live connection to the peer."""
        answer = self.request("GET", "/rest/system/connections")
        assert isinstance(answer, dict)
        return bool(answer.get("connections", {}).get(peer.device_id, {}).get("connected"))

    def rescan(self) -> None:
        """Ask the daemon to scan the shared folder now instead of waiting for the watcher."""
        self.request("POST", f"/rest/db/scan?folder={FOLDER_ID}")

    def stop(self) -> None:
        """Stop the daemon: REST shutdown, then SIGTERM, then SIGKILL to its process group."""
        process = self.process
        if process is None or process.poll() is not None:
            return
        with suppress(urllib.error.URLError, ConnectionError, TimeoutError, json.JSONDecodeError):
            self.request("POST", "/rest/system/shutdown")
        for signal_number, wait_seconds in (
            (None, 5.0),
            (signal.SIGTERM, 3.0),
            (signal.SIGKILL, 5.0),
        ):
            if signal_number is not None:
                try:
                    os.killpg(process.pid, signal_number)
                except ProcessLookupError:
                    break
            try:
                process.wait(timeout=wait_seconds)
                break
            except subprocess.TimeoutExpired:
                continue
        # Reap anything left in the daemon's own process group (it was started as its leader).
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)

    def log_tail(self, lines: int = 30) -> str:
        """The last lines of the daemon's log, for failure messages."""
        try:
            text = self.log_path.read_text(errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class SyncthingPair:
    """Two connected daemons, `first` and `second`, sharing FOLDER_ID between their folders."""

    first: SyncthingDaemon
    second: SyncthingDaemon

    _waiting_since: float = field(default=0.0, init=False)

    def connected(self, nudge_after: float) -> bool:
        """Whether both daemons see each other; past nudge_after seconds of waiting, ask the
        second to dial again (pausing and resuming the peer makes Syncthing dial at once
        instead of at its next reconnection round)."""
        if self.first.connected_to(self.second) and self.second.connected_to(self.first):
            return True
        now = time.monotonic()
        if not self._waiting_since:
            self._waiting_since = now
        elif now - self._waiting_since >= nudge_after:
            self._waiting_since = now
            for action in ("pause", "resume"):
                self.second.request("POST", f"/rest/system/{action}?device={self.first.device_id}")
        return False

    def wait_for(self, condition: Callable[[], bool], timeout: float, what: str) -> float:
        """Poll the condition every 0.1 s; the seconds it took, or fail naming what and the logs."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            if condition():
                return time.monotonic() - started
            for daemon in (self.first, self.second):
                if not daemon.running():
                    raise AssertionError(f"syncthing {daemon.name} died:\n{daemon.log_tail()}")
            time.sleep(0.1)
        raise AssertionError(
            f"timed out after {timeout:.0f} s waiting for {what}\n"
            f"--- {self.first.name} log ---\n{self.first.log_tail()}\n"
            f"--- {self.second.name} log ---\n{self.second.log_tail()}"
        )


@contextmanager
def syncthing_pair(
    base: Path,
    first_folder: Path | None = None,
    second_folder: Path | None = None,
    rescan_seconds: int = 2,
    watcher_delay_seconds: int = 1,
    start_timeout: float = 20.0,
) -> Iterator[SyncthingPair]:
    """Run two Syncthing daemons under `base` sharing one folder; stop both on exit.

    The folders default to base/first/folder and base/second/folder. Skips the test when
    syncthing is not installed; fails with the daemons' logs if they do not connect in time.
    """
    program = require_syncthing()
    daemons = []
    for name, folder in (("first", first_folder), ("second", second_folder)):
        home = base / name / "syncthing-home"
        daemons.append(
            SyncthingDaemon(
                name=name,
                program=program,
                home=home,
                folder=folder if folder is not None else base / name / "folder",
                gui_port=free_loopback_port(),
                listen_port=free_loopback_port(),
            )
        )
    first, second = daemons
    for daemon in daemons:
        daemon.generate()
    first.configure(second, rescan_seconds, watcher_delay_seconds)
    second.configure(first, rescan_seconds, watcher_delay_seconds)
    pair = SyncthingPair(first, second)
    with ExitStack() as stack:
        deadline = time.monotonic() + start_timeout
        # One after the other: the second's first dial then finds the first one listening.
        for daemon in daemons:
            stack.callback(daemon.stop)
            daemon.start()
            daemon.wait_until_answering(deadline)
        pair.wait_for(
            lambda: pair.connected(nudge_after=3.0),
            max(1.0, deadline - time.monotonic()),
            "the two daemons to connect",
        )
        yield pair


def _set(root: ElementTree.Element, path: str, value: str) -> None:
    """Set the text of the element at path, creating the last element when missing."""
    element = root.find(path)
    if element is None:
        parent_path, _, tag = path.rpartition("/")
        parent = root.find(parent_path) if parent_path else root
        if parent is None:
            raise KeyError(path)
        element = ElementTree.SubElement(parent, tag)
    element.text = value


def _device_element(device_id: str, name: str, port: int) -> ElementTree.Element:
    """A <device> entry for a peer reachable only at tcp://127.0.0.1:port."""
    device = ElementTree.Element(
        "device",
        {
            "id": device_id,
            "name": name,
            "compression": "metadata",
            "introducer": "false",
            "skipIntroductionRemovals": "false",
            "introducedBy": "",
        },
    )
    address = ElementTree.SubElement(device, "address")
    address.text = f"tcp://127.0.0.1:{port}"
    for tag, value in (("paused", "false"), ("autoAcceptFolders", "false")):
        ElementTree.SubElement(device, tag).text = value
    return device
