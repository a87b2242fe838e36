"""The public reverse proxy of docs/deploy.md: deploy/nginx-public.conf with Debian's nginx.

`nginx -t` checks the file as it is in the repository, with only the host's own values swapped
in (a self-signed certificate made here, loopback ports); Debian's nginx is installed with
apt-get when it is missing and we are root. The e2e test runs nginx on loopback in front of the
web app, with the real Rasa and action servers behind it, and holds a message and a reply
through it over TLS.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest

from bot import settings
from evaluation.servers import HOST, free_port, running_servers, running_web, sqlite_url

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "nginx-public.conf"
HOST_NAME = "chat.clinic.example"
FIRST_REPLY_SECONDS = 240


def find_nginx() -> str:
    """Debian's nginx; installed with apt-get when it is missing and we are root."""
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None
    )
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "nginx"], check=True, env=env)
        found = shutil.which("nginx") or "/usr/sbin/nginx"
        if os.path.exists(found):
            return found
    raise RuntimeError("nginx is not installed: apt-get install nginx (Debian)")


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for HOST_NAME and 127.0.0.1, and its key (two days)."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", str(key), "-out", str(cert), "-subj", f"/CN={HOST_NAME}",
            "-addext", f"subjectAltName=DNS:{HOST_NAME},IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


def site_config(cert: Path, key: Path, http_port: int, https_port: int, web_port: int) -> str:
    """deploy/nginx-public.conf with this machine's values: each replaced text must be there."""
    text = CONFIG.read_text(encoding="utf-8")
    swaps = {
        f"/etc/letsencrypt/live/{HOST_NAME}/fullchain.pem": str(cert),
        f"/etc/letsencrypt/live/{HOST_NAME}/privkey.pem": str(key),
        "listen [::]:80;\n": "",
        "listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen {HOST}:{http_port};",
        "listen 443 ssl http2;": f"listen {HOST}:{https_port} ssl http2;",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{web_port};",
    }
    for old, new in swaps.items():
        assert old in text, f"{old!r} is no longer in {CONFIG}"
        text = text.replace(old, new)
    return text


def main_config(directory: Path, site: Path) -> Path:
    """An nginx.conf like Debian's that includes the site, with every path in `directory`."""
    temp = "\n".join(
        f"    {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    path = directory / "nginx.conf"
    path.write_text(
        f"""pid {directory / "nginx.pid"};
error_log {directory / "error.log"};
worker_processes 1;
events {{ worker_connections 64; }}
http {{
    access_log {directory / "access.log"};
{temp}
    include {site};
}}
""",
        encoding="utf-8",
    )
    return path


def prepare(directory: Path, web_port: int) -> tuple[Path, dict[str, int], Path]:
    """(nginx.conf, its ports, the certificate) for a run in `directory`."""
    cert, key = self_signed(directory)
    ports = {"http": free_port(), "https": free_port()}
    site = directory / "nmt-public.conf"
    site.write_text(
        site_config(cert, key, ports["http"], ports["https"], web_port), encoding="utf-8"
    )
    return main_config(directory, site), ports, cert


def nginx_command(nginx: str, conf: Path, *args: str) -> list[str]:
    return [
        nginx,
        "-p",
        str(conf.parent),
        "-c",
        str(conf),
        "-e",
        str(conf.parent / "error.log"),
        *args,
    ]


def test_the_public_proxy_config_passes_nginx_t(tmp_path):
    nginx = find_nginx()
    conf, _, _ = prepare(tmp_path, web_port=free_port())
    done = subprocess.run(nginx_command(nginx, conf, "-t"), capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr and "test is successful" in done.stderr


def test_the_config_passes_only_to_the_web_app_and_keeps_the_limits():
    text = CONFIG.read_text(encoding="utf-8")
    assert text.count("proxy_pass http://nmt_web;") == 1
    for port in ("5005", "5055"):  # Rasa and the action server are never behind it
        assert port not in text
    assert "client_max_body_size 1m;" in text
    assert "X-Forwarded-Proto $scheme" in text
    assert "return 301 https://" in text
    assert "ssl_protocols TLSv1.2 TLSv1.3;" in text


@contextlib.contextmanager
def running_nginx(nginx: str, conf: Path, port: int):
    process = subprocess.Popen(
        nginx_command(nginx, conf, "-g", "daemon off;"),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            with contextlib.suppress(OSError), socket_to(port):
                break
            assert process.poll() is None, (conf.parent / "error.log").read_text()
            assert time.monotonic() < deadline, "nginx did not start"
            time.sleep(0.2)
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGQUIT)  # nginx's graceful stop
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def socket_to(port: int) -> socket.socket:
    return socket.create_connection((HOST, port), timeout=1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(url: str, cert: Path, body: dict | None = None, timeout: float = 30):
    """(status, headers, body) of a GET, or of a JSON POST when `body` is given."""
    context = ssl.create_default_context(cafile=str(cert))
    opener = urllib.request.build_opener(NoRedirect(), urllib.request.HTTPSHandler(context=context))
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        url, data=data, headers={"Content-Type": "application/json"} if data else {}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.mark.e2e
def test_a_message_and_its_reply_through_nginx_over_tls(tmp_path):
    nginx = find_nginx()
    web_port = free_port()
    conf, ports, cert = prepare(tmp_path, web_port)
    https = f"https://127.0.0.1:{ports['https']}"
    store_url = sqlite_url(tmp_path / "nmt.db")
    with running_servers(
        ROOT / "models" / "nmt.tar.gz",
        store_url,
        rasa_port=free_port(),
        actions_port=free_port(),
        log_dir=tmp_path / "logs",
    ) as servers:
        env = {
            "NMT_RASA_URL": servers.rasa_url,
            "NMT_DATABASE_URL": store_url,
            "NMT_CLINIC_USERS": str(tmp_path / "clinic-users.json"),
            "NMT_PROXIES_COUNT": "1",
            "NMT_PUBLIC_URL": https,
        }
        with (
            running_web(web_port, env, tmp_path / "logs"),
            running_nginx(nginx, conf, ports["https"]),
        ):
            # the page, over TLS, with HSTS from the web app (it sees https through nginx)
            status, headers, page = fetch(f"{https}/", cert)
            assert status == 200 and b'id="message"' in page
            assert headers.get_all("Strict-Transport-Security") == [
                "max-age=31536000; includeSubDomains"
            ]
            assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
            # a message and the bot's reply, through nginx and the web app to Rasa
            sender = uuid.uuid4().hex
            status, _, answer = fetch(
                f"{https}/chat/webhook",
                cert,
                {"sender": sender, "message": "hi, my lower back hurts"},
                timeout=FIRST_REPLY_SECONDS,
            )
            assert status == 200, answer
            replies = json.loads(answer)
            assert replies and all(r["recipient_id"] == sender for r in replies)
            assert any(r.get("custom", {}).get("type") == "consent" for r in replies)
            # the channel's refusals come through as they are
            status, _, answer = fetch(f"{https}/chat/webhook", cert, {"message": "no sender"})
            assert status == 400 and "sender id" in json.loads(answer)["error"]
            # Rasa's own API is not behind the public origin
            status, _, _ = fetch(f"{https}/webhooks/nmt/webhook", cert, {"sender": sender})
            assert status in (404, 405)
            # plain http only redirects to https
            status, headers, _ = fetch(f"http://127.0.0.1:{ports['http']}/clinic", cert)
            assert status == 301
            assert headers["Location"] == "https://127.0.0.1/clinic"


def test_the_guide_lists_every_setting_and_the_files_it_names_exist():
    guide = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for setting in settings.SETTINGS:
        assert f"`{setting.name}`" in guide, setting.name
    for path in ("deploy/nginx-public.conf", "scripts/run.sh", "scripts/supervisord.conf"):
        assert path in guide and (ROOT / path).is_file(), path
    assert "Strict-Transport-Security" in guide and "pg_dump" in guide
