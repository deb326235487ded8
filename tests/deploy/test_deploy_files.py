"""deploy/: the docker compose example, the systemd units and the nginx configuration,
checked offline with the tools that read them (each check skips when its tool is not
installed: `systemd-analyze`, `nginx`, `openssl` and `docker-compose` from Debian, or
`docker compose`), and against the code: every DUMAS_* name they set is a setting
bot/settings.py reads, and the proxy's upstream lists the instances the compose file
runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.settings import REPO_ROOT, SETTINGS

DEPLOY = REPO_ROOT / "deploy"
NAME = re.compile(r"\bDUMAS_[A-Z0-9_]+\b")
# Settings the multi-instance design adds in a parallel branch of this session (issue 19,
# helper "leader": DUMAS_INSTANCE_ID, multi.md item 8); drop the entry once it is merged.
ARRIVING = {"DUMAS_INSTANCE_ID"}


def compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return loaded


def instances() -> dict[str, dict[str, Any]]:
    return {name: s for name, s in compose()["services"].items() if name.startswith("dumas-")}


def test_every_dumas_name_in_deploy_is_a_setting_the_code_reads() -> None:
    known = {s.name for s in SETTINGS} | ARRIVING
    used: dict[str, set[str]] = {}
    for path in DEPLOY.rglob("*"):
        if path.is_file():
            for name in NAME.findall(path.read_text(encoding="utf-8")):
                used.setdefault(name, set()).add(str(path.relative_to(DEPLOY)))
    unknown = {name: sorted(files) for name, files in used.items() if name not in known}
    assert unknown == {}
    # the settings an instance cannot run without are there
    assert {"DUMAS_DATABASE_URL", "DUMAS_HTTP_PORT", "DUMAS_INSTANCE_ID"} <= set(used)


def test_compose_runs_several_distinct_instances_sharing_evidence() -> None:
    found = instances()
    assert len(found) >= 2
    ids = {s["environment"]["DUMAS_INSTANCE_ID"] for s in found.values()}
    assert len(ids) == len(found)
    for service in found.values():
        env = service["environment"]
        assert env["DUMAS_DATABASE_URL"].startswith("postgresql://")
        assert "evidence:/var/lib/dumas/evidence" in service["volumes"]
        port = env["DUMAS_HTTP_PORT"]
        assert f"127.0.0.1:{port}/healthz" in " ".join(service["healthcheck"]["test"])
        assert service["depends_on"]["postgres"]["condition"] == "service_healthy"


def test_the_proxy_forwards_to_exactly_the_instances_compose_runs() -> None:
    upstream = (DEPLOY / "nginx" / "upstream-compose.conf").read_text()
    servers = set(re.findall(r"^\s*server\s+([\w.-]+):(\d+)", upstream, re.M))
    expected = {(name, s["environment"]["DUMAS_HTTP_PORT"]) for name, s in instances().items()}
    assert servers == expected
    # the systemd upstream names the ports the instances are named after
    systemd = (DEPLOY / "nginx" / "upstream-systemd.conf").read_text()
    assert re.findall(r"server 127\.0\.0\.1:(\d+)", systemd) == ["8081", "8082", "8083"]


def _compose_command() -> tuple[list[str], bool]:
    """`docker compose` (v2) when installed, else Debian's `docker-compose` (v1.29, which
    predates the top-level `name:` key); the bool says whether it is v1."""
    docker = shutil.which("docker")
    if docker is not None:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, check=False)
        if probe.returncode == 0:
            return [docker, "compose"], False
    legacy = shutil.which("docker-compose")
    if legacy is None:
        pytest.skip("neither `docker compose` nor docker-compose is installed")
    return [legacy], True


def test_compose_file_is_accepted_by_docker_compose(tmp_path: Path) -> None:
    command, v1 = _compose_command()
    copied = shutil.copytree(DEPLOY, tmp_path / "deploy")
    (copied / "dumas.env").write_text((DEPLOY / "dumas.env.example").read_text())
    if v1:
        text = (copied / "compose.yaml").read_text()
        (copied / "compose.yaml").write_text(re.sub(r"^name: .*\n", "", text, flags=re.M))
    run = [*command, "-f", str(copied / "compose.yaml"), "config"]
    path = {"PATH": "/usr/bin:/bin:/usr/local/bin"}
    done = subprocess.run(
        run, capture_output=True, text=True, env={"POSTGRES_PASSWORD": "pw", **path}, check=False
    )
    assert done.returncode == 0, done.stderr
    resolved = yaml.safe_load(done.stdout)["services"]
    for name in instances():
        env = resolved[name]["environment"]  # the anchors merged, env_file read
        assert env["DUMAS_DATABASE_URL"] == "postgresql://dumas:pw@postgres:5432/dumas"
        assert env["DUMAS_TELEGRAM_MODE"] == "webhook"
    # without the database password the file is refused, not run with an empty one
    refused = subprocess.run(run, capture_output=True, text=True, env=path, check=False)
    assert refused.returncode != 0 and "POSTGRES_PASSWORD" in refused.stderr


def test_systemd_units_verify_cleanly(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    unit = (DEPLOY / "systemd" / "dumas@.service").read_text()
    # verify checks that ExecStart's program exists: the install path is not here
    (tmp_path / "dumas@8081.service").write_text(
        unit.replace("/opt/dumas/.venv/bin/dumas", shutil.which("true") or "/bin/true")
    )
    shutil.copy(DEPLOY / "systemd" / "dumas.target", tmp_path / "dumas.target")
    done = subprocess.run(
        [analyze, "verify", "--man=no", "dumas@8081.service", "dumas.target"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    # an unknown or misspelt directive is only a warning: any output is a failure here
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    for directive in ("NoNewPrivileges=yes", "ProtectSystem=strict", "ReadWritePaths="):
        assert directive in unit
    assert "Environment=DUMAS_INSTANCE_ID=%i" in unit and "EnvironmentFile=" in unit


@pytest.mark.parametrize("upstream", ["upstream-systemd.conf", "upstream-compose.conf"])
def test_nginx_accepts_the_proxy_configuration(tmp_path: Path, upstream: str) -> None:
    nginx, openssl = shutil.which("nginx"), shutil.which("openssl")
    if nginx is None or openssl is None:
        pytest.skip("nginx or openssl is not installed (apt-get install nginx-light)")
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=dumas.test",
         "-days", "1", "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
        capture_output=True,
        check=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "dumas.conf").read_text().replace("/etc/nginx/certs", str(certs))
    # nginx resolves upstream host names when it loads: compose's service names exist
    # only on compose's network, so they are read as loopback here
    servers = re.sub(
        r"server dumas-\d+:", "server 127.0.0.1:", (DEPLOY / "nginx" / upstream).read_text()
    )
    (tmp_path / "site.conf").write_text(servers + site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # nginx >= 1.25.1 warns that `listen ... http2` is deprecated (kept for 1.22)
    warnings = [w for w in done.stderr.splitlines() if "[warn]" in w and "http2" not in w]
    assert warnings == []


def test_the_image_carries_what_dumas_reads_from_its_source_tree() -> None:
    """bot/settings.py reads data/ and locales/ beside the package (REPO_ROOT)."""
    dockerfile = (DEPLOY / "Dockerfile").read_text()
    for directory in ("bot", "flows", "data", "locales"):
        assert f"COPY {directory} ./{directory}" in dockerfile
    assert "pip install -e ." in dockerfile and 'CMD ["dumas", "run"]' in dockerfile
    # the build context sends exactly those (the ignore file excludes all the rest)
    ignore = (DEPLOY / "Dockerfile.dockerignore").read_text().splitlines()
    kept = [line for line in ignore if line.startswith("!")]
    assert "*" in ignore
    assert kept == ["!pyproject.toml", "!README.md", "!bot/", "!flows/", "!data/", "!locales/"]
