"""bot/settings.py: every NMT_* setting, its default, its parsing and its errors; the paths."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot import cli, settings

ROOT = Path(__file__).resolve().parent.parent
NAMES = [s.name for s in settings.SETTINGS]
# Read by Rasa (endpoints.yml) or the shell scripts, not by the Python code.
READ_ELSEWHERE = ["NMT_ACTION_URL", "NMT_SHELL_DATABASE_URL", "RASA_PORT", "ACTIONS_PORT"]


def test_the_paths_are_the_repository_s():
    assert ROOT == settings.REPO_ROOT
    assert (settings.CONTENT_DIR / "red_flags.yml").is_file()
    assert settings.SPACY_DIR == ROOT / "build" / "spacy"
    assert settings.VAR_DIR == ROOT / "var"
    assert settings.DEFAULT_USERS_FILE == ROOT / "var" / "clinic-users.json"
    sqlite = f"sqlite:///{ROOT}/var/nmt.db"
    assert sqlite == settings.DEFAULT_DATABASE_URL


def test_the_modules_take_their_paths_from_settings():
    from bot.clinic import store
    from bot.engine import content, nlp
    from bot.web import auth

    assert content.CONTENT_DIR == settings.CONTENT_DIR
    assert nlp.DEFAULT_PIPELINE_DIR == settings.SPACY_DIR / nlp.PIPELINE_NAME
    assert (ROOT / "config.yml").read_text().count(f"model: build/spacy/{nlp.PIPELINE_NAME}") == 1
    assert not hasattr(store, "REPO_ROOT") and not hasattr(auth, "REPO_ROOT")


def test_the_defaults():
    values = {s.name: s.read({}) for s in settings.SETTINGS}
    assert values == {
        "NMT_DATABASE_URL": settings.DEFAULT_DATABASE_URL,
        "NMT_REDIS_URL": None,
        "SANIC_WORKERS": 1,
        "NMT_BOOKING_URL": None,
        "NMT_RETENTION_DAYS": 365,
        "NMT_WEB_PORT": 8000,
        "NMT_RASA_URL": "http://127.0.0.1:5005",
        "NMT_PUBLIC_URL": None,
        "NMT_EMBED_ORIGINS": (),
        "NMT_CLINIC_NAME": "Neuromuscular Therapy Clinic",
        "NMT_CLINIC_PHONE": None,
        "NMT_CLINIC_ADDRESS": None,
        "NMT_EMERGENCY_NUMBER": "112",
        "NMT_CLINIC_USERS": settings.DEFAULT_USERS_FILE,
        "NMT_CLINIC_USER": None,
        "NMT_CLINIC_PASSWORD": None,
        "NMT_PROXIES_COUNT": 0,
        "NMT_FORWARDED_SECRET": None,
        "NMT_SECURE_COOKIES": False,
        "NMT_SOCKETIO_ORIGINS": (),
        "NMT_SMTP_HOST": None,
        "NMT_SMTP_PORT": None,
        "NMT_SMTP_SECURITY": "starttls",
        "NMT_SMTP_USER": None,
        "NMT_SMTP_PASSWORD": None,
        "NMT_NOTIFY_FROM": None,
        "NMT_NOTIFY_TO": (),
        "NMT_WEBHOOK_URL": None,
        "NMT_WEBHOOK_SECRET": None,
        "NMT_TIME_ZONE": datetime.UTC,
    }
    assert [s.default for s in settings.SETTINGS] == list(values.values())
    assert len(set(NAMES)) == len(NAMES)


@pytest.mark.parametrize("setting", settings.SETTINGS, ids=NAMES)
def test_an_empty_value_is_the_default(setting):
    assert setting.read({setting.name: ""}) == setting.default
    if setting.strip:
        assert setting.read({setting.name: "  "}) == setting.default


@pytest.mark.parametrize(
    ("setting", "value", "expected"),
    [
        (settings.DATABASE_URL, "postgresql+psycopg2://u:p@h/db", "postgresql+psycopg2://u:p@h/db"),
        (
            settings.BOOKING_URL,
            " https://book.example/?ref={ref} ",
            "https://book.example/?ref={ref}",
        ),
        (settings.REDIS_URL, " redis://127.0.0.1:6390/0 ", "redis://127.0.0.1:6390/0"),
        (
            settings.REDIS_URL,
            "rediss://u:p@redis.example:6380/1",
            "rediss://u:p@redis.example:6380/1",
        ),
        (settings.REDIS_URL, "unix:///run/redis.sock", "unix:///run/redis.sock"),
        (settings.SANIC_WORKERS, " 2 ", 2),
        (settings.RETENTION_DAYS, "30", 30),
        (settings.RETENTION_DAYS, " 30 ", 30),
        (settings.RETENTION_DAYS, "-1", -1),  # `purge` refuses it with its own message
        (settings.WEB_PORT, "8001", 8001),
        (settings.RASA_URL, "http://127.0.0.1:5105", "http://127.0.0.1:5105"),
        (settings.PUBLIC_URL, " https://chat.clinic.example ", "https://chat.clinic.example"),
        (settings.PUBLIC_URL, "https://chat.clinic.example/", "https://chat.clinic.example"),
        (settings.PUBLIC_URL, "http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        (settings.EMBED_ORIGINS, "https://clinic.example", ("https://clinic.example",)),
        (
            settings.EMBED_ORIGINS,
            "https://clinic.example,https://www.clinic.example  http://127.0.0.1:9000",
            ("https://clinic.example", "https://www.clinic.example", "http://127.0.0.1:9000"),
        ),
        (settings.CLINIC_NAME, "Back in Balance", "Back in Balance"),
        (settings.CLINIC_PHONE, " +44 (0)1234 567-890 ", "+44 (0)1234 567-890"),
        (settings.CLINIC_ADDRESS, " 1 Harbour Street, Leith ", "1 Harbour Street, Leith"),
        (settings.EMERGENCY_NUMBER, "999", "999"),
        (settings.CLINIC_USERS, "/srv/users.json", Path("/srv/users.json")),
        (settings.CLINIC_USER, "first", "first"),
        (settings.CLINIC_PASSWORD, " a password ", " a password "),  # never stripped
        (settings.PROXIES_COUNT, " 2 ", 2),
        (settings.PROXIES_COUNT, "0", 0),
        (settings.FORWARDED_SECRET, " s3cret ", "s3cret"),
        (settings.SECURE_COOKIES, "1", True),
        (settings.SECURE_COOKIES, " YES ", True),
        (settings.SECURE_COOKIES, "true", True),
        (settings.SECURE_COOKIES, "on", True),
        (settings.SECURE_COOKIES, "0", False),
        (settings.SECURE_COOKIES, "False", False),
        (settings.SECURE_COOKIES, "no", False),
        (settings.SECURE_COOKIES, "off", False),
        (settings.SOCKETIO_ORIGINS, "https://clinic.example", ("https://clinic.example",)),
        (
            settings.SOCKETIO_ORIGINS,
            " https://a.example, http://127.0.0.1:8000 ",
            ("https://a.example", "http://127.0.0.1:8000"),
        ),
        (settings.SMTP_HOST, " smtp.clinic.example ", "smtp.clinic.example"),
        (settings.SMTP_PORT, " 2525 ", 2525),
        (settings.SMTP_SECURITY, " SSL ", "ssl"),
        (settings.SMTP_USER, " assistant ", "assistant"),
        (settings.SMTP_PASSWORD, " a password ", " a password "),  # never stripped
        (settings.NOTIFY_FROM, " nmt@clinic.example ", "nmt@clinic.example"),
        (
            settings.NOTIFY_TO,
            "a@clinic.example, b@clinic.example",
            ("a@clinic.example", "b@clinic.example"),
        ),
        (settings.WEBHOOK_URL, " https://crm.example/h ", "https://crm.example/h"),
        (settings.WEBHOOK_SECRET, " " + "k" * 32 + " ", "k" * 32),
        (settings.TIME_ZONE, " Europe/London ", ZoneInfo("Europe/London")),
        (settings.TIME_ZONE, "America/New_York", ZoneInfo("America/New_York")),
        (settings.TIME_ZONE, "utc", datetime.UTC),
    ],
)
def test_each_setting_is_parsed(setting, value, expected):
    assert setting.read({setting.name: value}) == expected


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        (settings.PROXIES_COUNT, "abc", "NMT_PROXIES_COUNT must be a whole number, not 'abc'"),
        (settings.PROXIES_COUNT, "-1", "NMT_PROXIES_COUNT must be a whole number, not '-1'"),
        (settings.PROXIES_COUNT, "1.5", "NMT_PROXIES_COUNT must be a whole number, not '1.5'"),
        (settings.SECURE_COOKIES, "maybe", "NMT_SECURE_COOKIES must be 1 or 0, not 'maybe'"),
        (settings.SECURE_COOKIES, " Maybe ", "NMT_SECURE_COOKIES must be 1 or 0, not 'maybe'"),
        (settings.RETENTION_DAYS, "a year", "NMT_RETENTION_DAYS must be a whole number, not"),
        (settings.WEB_PORT, "http", "NMT_WEB_PORT must be a whole number, not 'http'"),
        (settings.CLINIC_PHONE, "call us", "NMT_CLINIC_PHONE must be a phone number, not 'call"),
        (settings.EMERGENCY_NUMBER, "+", "NMT_EMERGENCY_NUMBER must be a phone number, not '+'"),
        (settings.EMERGENCY_NUMBER, "javascript:1", "NMT_EMERGENCY_NUMBER must be a phone"),
        (settings.PUBLIC_URL, "chat.clinic.example", "NMT_PUBLIC_URL must be an origin like"),
        (settings.PUBLIC_URL, "https://a.example/chat", "not 'https://a.example/chat'"),
        (settings.PUBLIC_URL, "https://a.example https://b.example", "must be an origin"),
        (settings.PUBLIC_URL, "javascript:alert(1)", "not 'javascript:alert(1)'"),
        (settings.EMBED_ORIGINS, "*", "NMT_EMBED_ORIGINS must be origins like"),
        (settings.EMBED_ORIGINS, "https://clinic.example/", "not 'https://clinic.example/'"),
        (settings.EMBED_ORIGINS, "'self'", "not \"'self'\""),
        (settings.SOCKETIO_ORIGINS, "*", "NMT_SOCKETIO_ORIGINS must be origins like"),
        (settings.SANIC_WORKERS, "two", "SANIC_WORKERS must be a whole number, not 'two'"),
        (settings.REDIS_URL, "127.0.0.1:6379", "NMT_REDIS_URL must be a URL like redis://"),
        (settings.REDIS_URL, "http://redis:6379", "NMT_REDIS_URL must be a URL like redis://"),
        (settings.SOCKETIO_ORIGINS, "https://a.example/chat", "not 'https://a.example/chat'"),
        (settings.SOCKETIO_ORIGINS, "clinic.example", "not 'clinic.example'"),
        (settings.SMTP_PORT, "0", "NMT_SMTP_PORT must be a port number (1-65535), not '0'"),
        (settings.SMTP_PORT, "smtp", "NMT_SMTP_PORT must be a whole number, not 'smtp'"),
        (settings.SMTP_SECURITY, "tls", "NMT_SMTP_SECURITY must be starttls, ssl or none"),
        (settings.NOTIFY_FROM, "Clinic <a@b.co>", "NMT_NOTIFY_FROM must be an email address"),
        (settings.NOTIFY_TO, "a@b.co, front desk", "NMT_NOTIFY_TO must be an email address"),
        (settings.WEBHOOK_URL, "crm.example/h", "NMT_WEBHOOK_URL must be an http(s) link"),
        (
            settings.TIME_ZONE,
            "Mars/Olympus",
            "NMT_TIME_ZONE must be a time zone like Europe/London",
        ),
        (settings.TIME_ZONE, "../../etc/passwd", "not '../../etc/passwd'"),
        (settings.TIME_ZONE, "+02:00", "NMT_TIME_ZONE must be a time zone like"),
    ],
)
def test_a_bad_value_names_its_variable(setting, value, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        setting.read({setting.name: value})


def test_settings_are_read_from_the_environment_when_asked(monkeypatch):
    monkeypatch.delenv("NMT_CLINIC_NAME", raising=False)
    assert settings.CLINIC_NAME.read() == "Neuromuscular Therapy Clinic"
    monkeypatch.setenv("NMT_CLINIC_NAME", "Later")
    assert settings.CLINIC_NAME.read() == "Later"
    assert settings.CLINIC_NAME.read({}) == "Neuromuscular Therapy Clinic"


def test_purge_reads_its_retention_period(monkeypatch, capsys):
    monkeypatch.setenv("NMT_RETENTION_DAYS", "0")
    assert cli.main(["purge"]) == 2  # refused before any database is opened
    assert "at least one day" in capsys.readouterr().err
    monkeypatch.setenv("NMT_RETENTION_DAYS", "soon")
    with pytest.raises(ValueError, match="NMT_RETENTION_DAYS"):
        cli.main(["purge"])


def test_the_booking_link_comes_from_settings(monkeypatch):
    from actions.slots import booking_template
    from bot.conversation.messages import booking_link

    monkeypatch.setenv("NMT_BOOKING_URL", " https://book.example/?ref={ref} ")
    assert booking_link(booking_template(), "abc 123") == "https://book.example/?ref=abc%20123"
    assert booking_link(booking_template(), None) is None
    monkeypatch.setenv("NMT_BOOKING_URL", "")
    assert booking_link(booking_template(), "abc123") is None


@pytest.mark.parametrize("bad", ["javascript:alert(1)//{ref}", "/book?ref={ref}", "ftp://x/{ref}"])
def test_a_booking_link_that_is_not_http_is_refused_and_not_offered(monkeypatch, caplog, bad):
    from actions.slots import booking_template

    monkeypatch.setenv("NMT_BOOKING_URL", bad)
    with pytest.raises(ValueError, match="NMT_BOOKING_URL must be an http"):
        settings.BOOKING_URL.read()
    assert booking_template() is None  # the outcome still goes out, without a link
    assert "NMT_BOOKING_URL is not an http(s) link" in caplog.text
    assert bad not in caplog.text


def test_the_auth_commands_read_their_settings(monkeypatch, tmp_path):
    from bot.web import auth

    monkeypatch.setenv("NMT_CLINIC_USERS", str(tmp_path / "users.json"))
    monkeypatch.setenv("NMT_CLINIC_USER", "first")
    monkeypatch.setenv("NMT_CLINIC_PASSWORD", "a long password ")
    assert auth.users_file() == tmp_path / "users.json"
    assert auth.main(["ensure"]) == 0
    users = auth.load_users(tmp_path / "users.json")
    assert auth.check_login(users, "first", "a long password ")
    monkeypatch.delenv("NMT_CLINIC_USERS")
    assert auth.users_file() == settings.DEFAULT_USERS_FILE


def test_every_setting_is_documented_in_one_place():
    doc = settings.__doc__
    for name in [*NAMES, *READ_ELSEWHERE]:
        assert f"`{name}`" in doc, name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = readme.split("Settings (environment variables", 1)[1].split("\n\n", 1)[0]
    assert "bot/settings.py" in listed
    for name in [*NAMES, *READ_ELSEWHERE]:
        assert f"`{name}`" in listed or f"`{name}=" in listed, name


def test_the_code_reads_no_other_nmt_variable():
    """Every NMT_* name in the code is in SETTINGS, or read by Rasa or the scripts."""
    found = set()
    for folder in ("bot", "actions", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            found |= set(re.findall(r"\bNMT_[A-Z_]+\b", path.read_text(encoding="utf-8")))
    assert found - set(NAMES) - set(READ_ELSEWHERE) == set()


def test_only_settings_touches_the_environment():
    for folder in ("bot", "actions", "components"):
        for path in (ROOT / folder).rglob("*.py"):
            if path != ROOT / "bot" / "settings.py":
                assert "os.environ" not in path.read_text(encoding="utf-8"), path
                assert "getenv" not in path.read_text(encoding="utf-8"), path


def test_importing_bot_quiets_tensorflow_without_importing_rasa():
    code = (
        "import os, sys; os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); import bot.settings; "
        "assert os.environ['TF_CPP_MIN_LOG_LEVEL'] == '2'; "
        "assert not [m for m in sys.modules if m.split('.')[0] in ('rasa', 'tensorflow')]"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    code = (
        "import os; os.environ['TF_CPP_MIN_LOG_LEVEL'] = '0'; import bot; "
        "print(os.environ['TF_CPP_MIN_LOG_LEVEL'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True
    )
    assert done.stdout.strip() == "0"  # set, never overridden
