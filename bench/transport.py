"""Download throughput over FTPS and SFTP on loopback: our landing zones against curl, on the same
server and file, in one run. Writes bench/reports/transport.md.

    uv run python -m bench.transport [--mb 200] [--repeat 3]
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import os
import platform
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import click

from resources.ftps import FtpsServer
from resources.project_config import FtpsSpec, SftpSpec
from resources.sftp import SftpServer
from tests.servers import PASSWORD, USER, start_ftps, start_sftp

REPORT = Path(__file__).parent / "reports" / "transport.md"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _best(action, repeat: int) -> float:
    return min(_timed(action) for _ in range(repeat))


@dataclass
class _Served:
    port: int
    ca_file: Path | None = None
    host_key: str | None = None


def _serve(root: Path, tmp: Path, pipe) -> None:
    ftps, sftp = start_ftps(root, tmp / "certs"), start_sftp(root, tmp / "keys")
    pipe.send((_Served(ftps.port, ca_file=ftps.ca_file), _Served(sftp.port, host_key=sftp.host_key)))
    pipe.recv()
    ftps.stop()
    sftp.stop()


@click.command()
@click.option("--mb", default=200, show_default=True, help="size of the feed file in MiB")
@click.option("--repeat", default=3, show_default=True, help="runs per client; the best counts")
def main(mb: int, repeat: int) -> None:
    if not shutil.which("curl"):
        raise click.ClickException("curl is needed for the comparison (apt install curl)")
    os.environ.update(CDH_BENCH_USER=USER, CDH_BENCH_PASSWORD=PASSWORD)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        root = tmp / "root"
        root.mkdir()
        name = "segment_bench_20261101.csv"
        block = os.urandom(1 << 20)
        with open(root / name, "wb") as fh:
            for _ in range(mb):
                fh.write(block)
        size = (root / name).stat().st_size
        # The servers run in their own process, as real servers do: in ours they would take the
        # GIL from the client under test (and not from curl, another process).
        parent, child = multiprocessing.get_context("spawn").Pipe()
        process = multiprocessing.get_context("spawn").Process(target=_serve, args=(root, tmp, child))
        process.start()
        ftps, sftp = parent.recv()
        rows = []
        try:
            common = {"host": "127.0.0.1", "user_env": "CDH_BENCH_USER", "password_env": "CDH_BENCH_PASSWORD"}
            fspec = FtpsSpec(type="ftps", port=ftps.port, ca_file=str(ftps.ca_file), **common)
            sspec = SftpSpec(type="sftp", port=sftp.port, host_key=sftp.host_key, **common)
            netrc = tmp / "netrc"
            netrc.write_text(f"machine 127.0.0.1 login {USER} password {PASSWORD}\n")
            key_blob = base64.b64decode(sftp.host_key.split()[1])
            host_sha256 = base64.b64encode(hashlib.sha256(key_blob).digest()).decode()

            def ours(zone_cls, spec):
                def run():
                    with zone_cls(spec) as zone:
                        [f] = [f for f in zone.list_files() if f.name == name]
                        fetched = zone.fetch(f, tmp / "archive")
                        fetched.path.unlink()

                return run

            def curl(url, *args):
                out = tmp / "curl.out"  # to disk like ours (ours also hashes and renames)
                cmd = ["curl", "-sS", "--fail", "--netrc-file", str(netrc), *args, "-o", str(out), url]

                def run():
                    subprocess.run(cmd, check=True)
                    out.unlink()

                return run

            cases = [
                ("FTPS", ours(FtpsServer, fspec),
                 curl(f"ftp://127.0.0.1:{ftps.port}/{name}", "--ssl-reqd", "--cacert", str(ftps.ca_file))),
                ("SFTP", ours(SftpServer, sspec),
                 curl(f"sftp://127.0.0.1:{sftp.port}/{name}", "--hostpubsha256", host_sha256)),
            ]  # fmt: skip
            for protocol, mine, theirs in cases:
                t_ours, t_curl = _best(mine, repeat), _best(theirs, repeat)
                rows.append((protocol, t_ours, t_curl))
                click.echo(f"{protocol}: ours {t_ours:.2f}s, curl {t_curl:.2f}s, ratio {t_ours / t_curl:.2f}")
        finally:
            parent.send("stop")
            process.join(10)
    mb_size = size / 1e6
    lines = [
        "# Transport benchmark: downloading one feed file on loopback",
        "",
        f"File {mb} MiB ({mb_size:.0f} MB, random bytes), best of {repeat} runs per client, "
        "same server and file.",
        "Both write the file to disk; ours also connects, lists, hashes (sha256) on the fly, "
        "checks the size and renames.",
        "Servers: pyftpdlib (FTPS, TLS session reuse required) and asyncssh (SFTP), in their own process.",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}.",
        "",
        "| protocol | ours (s) | ours (MB/s) | curl (s) | curl (MB/s) | ours / curl |",
        "|---|---|---|---|---|---|",
    ]
    for protocol, t_ours, t_curl in rows:
        lines.append(
            f"| {protocol} | {t_ours:.2f} | {mb_size / t_ours:.0f} | {t_curl:.2f} | {mb_size / t_curl:.0f} "
            f"| {t_ours / t_curl:.2f} |"
        )
    lines += ["", "Target: ours within 1.5x of curl's time."]
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text("\n".join(lines) + "\n")
    click.echo(f"report: {REPORT}")


if __name__ == "__main__":
    main()
