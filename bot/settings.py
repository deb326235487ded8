"""Settings: every knob Dumas reads, from environment variables and an optional .env file.

One frozen dataclass, built once at start-up by `load_settings`. A missing or invalid
value raises `SettingsError` whose message is one line naming the variable, so the CLI
can stop with exactly that line. `SETTINGS_HELP` is the single list the CLI prints in
`dumas --help` and the README mirrors.
"""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dotenv import dotenv_values

if TYPE_CHECKING:
    from bot.evidence import EvidenceStore

REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_ROOT = REPO_ROOT / "data"  # reference data shipped with the product
LOCALES_ROOT = REPO_ROOT / "locales"


class SettingsError(ValueError):
    """A setting is missing or invalid; str(exc) is one line naming it."""


@dataclass(frozen=True)
class Setting:
    name: str
    default: str | None
    help: str
    parse: Callable[[str], Any] = str
    secret: bool = False


def _positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise ValueError("must be greater than 0")
    return number


def _positive_int(value: str) -> int:
    number = int(value)
    if number <= 0:
        raise ValueError("must be greater than 0")
    return number


def _port(value: str) -> int:
    number = int(value)
    if not 0 <= number <= 65535:
        raise ValueError("must be a port number (0 picks a free one)")
    return number


def _bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("must be true or false")


def _url(value: str) -> str:
    value = value.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


def _optional_url(value: str) -> str:
    return _url(value) if value.strip() else ""


def _database_url(value: str) -> str:
    value = value.strip()
    if value and not value.startswith(("postgresql://", "postgres://")):
        raise ValueError(
            "must be empty (the SQLite file under DUMAS_DATA_DIR) or a postgresql:// URL"
        )
    return value


def _choice(*allowed: str) -> Callable[[str], str]:
    def parse(value: str) -> str:
        value = value.strip().lower()
        if value not in allowed:
            raise ValueError("must be one of " + ", ".join(allowed))
        return value

    return parse


def _event_loop(value: str) -> str:
    value = _choice("asyncio", "uvloop")(value)
    if value == "uvloop" and importlib.util.find_spec("uvloop") is None:
        raise ValueError("uvloop is not installed: pip install uvloop")
    return value


def _evidence_url(value: str) -> str:
    """Where evidence files are kept: see bot/evidence/location.py."""
    value = value.strip()
    if value.startswith("s3://"):
        if not value.removeprefix("s3://").split("/", 1)[0]:
            raise ValueError("names no bucket (s3://bucket/prefix)")
        if importlib.util.find_spec("boto3") is None:  # imported only when S3 is used
            raise ValueError("S3 needs boto3: pip install 'dumas[s3]'")
        return value
    if value and not value.startswith(("/", "file:///")):
        raise ValueError(
            "must be empty (DUMAS_DATA_DIR/evidence), an absolute directory, "
            "file:///directory or s3://bucket/prefix"
        )
    return value


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "DUMAS_DATA_DIR",
        "./var",
        "Directory for the database, evidence files and imported boundaries (created if missing).",
    ),
    Setting(
        "DUMAS_DATABASE_URL",
        "",
        "The database. Empty: the SQLite file dumas.sqlite3 under DUMAS_DATA_DIR. "
        "PostgreSQL: postgresql://USER:PASSWORD@HOST:5432/DATABASE (libpq URL; "
        "?sslmode=require and the other libpq options work). Evidence files stay under "
        "DUMAS_DATA_DIR.",
        _database_url,
        secret=True,  # a URL may carry the password
    ),
    Setting(
        "DUMAS_TELEGRAM_TOKEN",
        "",
        "Bot token from @BotFather. Empty: Telegram is off.",
        secret=True,
    ),
    Setting(
        "DUMAS_TELEGRAM_API_URL",
        "https://api.telegram.org",
        "Bot API base URL (a self-hosted telegram-bot-api server, or the tests' fake).",
        _url,
    ),
    Setting(
        "DUMAS_TELEGRAM_MODE",
        "polling",
        "How updates arrive: polling or webhook.",
        _choice("polling", "webhook"),
    ),
    Setting(
        "DUMAS_TELEGRAM_TIMEOUT_SECONDS",
        "10",
        "How long to wait for the Bot API's answer to a send before treating it as a timeout.",
        _positive_float,
    ),
    Setting(
        "DUMAS_TELEGRAM_WEBHOOK_SECRET",
        "",
        "Secret token Telegram sends in "
        "X-Telegram-Bot-Api-Secret-Token (required in webhook mode).",
        secret=True,
    ),
    Setting(
        "DUMAS_PUBLIC_URL",
        "",
        "Public https URL of this server as Telegram and Twilio "
        "reach it (behind a proxy: the proxy's URL).",
        _optional_url,
    ),
    Setting(
        "DUMAS_INSTANCE_ID",
        "",
        "This process's name in /healthz and the logs when several `dumas run` share one "
        "PostgreSQL database. Empty: hostname:pid.",
    ),
    Setting("DUMAS_HTTP_HOST", "127.0.0.1", "Address the HTTP server listens on."),
    Setting("DUMAS_HTTP_PORT", "8080", "Port of the HTTP server (webhooks, health).", _port),
    Setting(
        "DUMAS_INTAKE_PROCESS",
        "false",
        "true: webhooks are answered by a second process "
        "(bot/intake) that only stores them, so bursts are acknowledged at once while the "
        "main process works; it takes DUMAS_HTTP_PORT and passes other paths through to "
        "the main process on 127.0.0.1. Recommended with webhooks in production.",
        _bool,
    ),
    Setting("DUMAS_TWILIO_ACCOUNT_SID", "", "Twilio Account SID. Empty: WhatsApp is off."),
    Setting("DUMAS_TWILIO_AUTH_TOKEN", "", "Twilio auth token (signs webhooks).", secret=True),
    Setting("DUMAS_TWILIO_WHATSAPP_FROM", "", "WhatsApp sender, e.g. whatsapp:+14155238886."),
    Setting("DUMAS_TWILIO_API_URL", "https://api.twilio.com", "Twilio REST base URL.", _url),
    Setting(
        "DUMAS_TWILIO_TIMEOUT",
        "15",
        "Seconds one Twilio API request may take before it "
        "counts as timed out (the message is then looked up before any resend).",
        _positive_float,
    ),
    Setting(
        "DUMAS_TWILIO_MPS",
        "20",
        "Messages per second the WhatsApp sender may send "
        "(Twilio's per-sender throughput; each chat also gets at most 1/s, burst 3).",
        _positive_float,
    ),
    Setting(
        "DUMAS_TWILIO_TEMPLATE_OFFICER_REPLY",
        "",
        "Content SID (HX...) of the approved "
        "WhatsApp template for an officer's reply outside the 24-hour window; variables "
        "{{1}} ticket number, {{2}} the reply as one line of at most 250 characters (the "
        "whole text follows when the citizen writes again). Empty: such replies wait "
        "until the citizen writes again.",
    ),
    Setting(
        "DUMAS_TWILIO_TEMPLATE_STATUS",
        "",
        "Content SID (HX...) of the approved template "
        "for a status change outside the 24-hour window ({{1}} ticket number, {{2}} "
        "the change as one line of at most 250 characters). Empty: held until the "
        "citizen writes again.",
    ),
    Setting(
        "DUMAS_OUTBOX_RATE_LIMITS",
        "platform",
        "platform: the outbox keeps within "
        "Telegram's and Twilio's published limits; off: no outbox rate limit at all (only "
        "for benchmarks against the fake platforms in bench/; never in production).",
        _choice("platform", "off"),
    ),
    Setting(
        "DUMAS_DEFAULT_LOCALE",
        "id",
        "Language when the user's is unknown: id or en.",
        _choice("id", "en"),
    ),
    Setting(
        "DUMAS_REMINDER_MINUTES",
        "30",
        "Minutes of silence before a draft reminder.",
        _positive_float,
    ),
    Setting(
        "DUMAS_DRAFT_EXPIRY_HOURS",
        "24",
        "Hours of silence before a draft expires.",
        _positive_float,
    ),
    Setting(
        "DUMAS_MAX_TEXT_CHARS",
        "4000",
        "Longest description accepted, in characters.",
        _positive_int,
    ),
    Setting(
        "DUMAS_MAX_FILE_MB",
        "20",
        "Largest evidence file, in MB (Telegram lets bots download at most 20 MB).",
        _positive_float,
    ),
    Setting(
        "DUMAS_MAX_FILES_PER_TICKET", "20", "Most evidence files on one complaint.", _positive_int
    ),
    Setting(
        "DUMAS_MAX_EVIDENCE_MB_PER_CITIZEN",
        "200",
        "Most evidence one citizen may store per day, in MB.",
        _positive_float,
    ),
    Setting(
        "DUMAS_EVIDENCE_URL",
        None,
        "Where evidence files are kept: empty for DUMAS_DATA_DIR/evidence, a directory "
        "every instance shares (/srv/dumas-evidence), or S3-compatible object storage "
        "(s3://bucket/prefix; region and credentials from the AWS_* variables).",
        _evidence_url,
    ),
    Setting(
        "DUMAS_S3_ENDPOINT_URL",
        None,
        "With DUMAS_EVIDENCE_URL=s3://...: the object store's URL when it is not AWS "
        "(MinIO, Ceph), e.g. http://minio:9000.",
        _optional_url,
    ),
    Setting(
        "DUMAS_MAX_TICKETS_PER_HOUR",
        "3",
        "Most complaints one citizen may send in an hour; more wait, kept as a draft "
        "(urgent ones are never held).",
        _positive_int,
    ),
    Setting(
        "DUMAS_MAX_TICKETS_PER_DAY",
        "10",
        "Most complaints one citizen may send in 24 hours (as for the hour).",
        _positive_int,
    ),
    Setting(
        "DUMAS_FLOOD_MESSAGES",
        "20",
        "Messages from one citizen within the flood window "
        "after which replies are held back and the citizen is asked to slow down.",
        _positive_int,
    ),
    Setting("DUMAS_FLOOD_WINDOW_SECONDS", "10", "The flood window, in seconds.", _positive_float),
    Setting(
        "DUMAS_GEO_MAX_DISTANCE_KM",
        "10",
        "A GPS pin in no boundary goes to the nearest regency within this distance.",
        _positive_float,
    ),
    Setting(
        "DUMAS_RETENTION_DAYS",
        "730",
        "Days personal data of closed tickets is kept.",
        _positive_int,
    ),
    Setting(
        "DUMAS_CONTROLLER_NAME",
        "Polri",
        "The controller of the personal data (the Polri unit running this bot), as /dataku "
        "names it.",
    ),
    Setting(
        "DUMAS_CLAIM_DEADLINE_MINUTES",
        "60",
        "Minutes a new ticket may wait to be "
        'claimed in its unit\'s group (data/categories.json "deadlines" overrides per '
        "category).",
        _positive_float,
    ),
    Setting(
        "DUMAS_RESOLVE_DEADLINE_HOURS",
        "72",
        "Hours from receipt to resolution (overridable per category).",
        _positive_float,
    ),
    Setting(
        "DUMAS_QUESTION_DEADLINE_HOURS",
        "24",
        'Hours from receipt to resolution for a question passed to the officers ("Tanya '
        "petugas\"), shorter than a complaint's.",
        _positive_float,
    ),
    Setting(
        "DUMAS_DEADLINE_REMINDER_PERCENT",
        "80",
        "Remind the group when this share of a deadline has passed.",
        _positive_float,
    ),
    Setting(
        "DUMAS_SIGN_OFFICER_NAME",
        "false",
        "Sign officers' replies to citizens with the officer's name as well as the unit.",
        _bool,
    ),
    Setting(
        "DUMAS_STAFF_CODE_HOURS",
        "24",
        "Hours a `dumas staff link` code stays valid.",
        _positive_float,
    ),
    Setting(
        "DUMAS_STAFF_MEMBER_CACHE_SECONDS",
        "60",
        "Seconds a checked group membership is trusted before asking Telegram again.",
        _positive_float,
    ),
    Setting(
        "DUMAS_DIGEST_AFTER",
        "3",
        "Cards waiting for one group before new tickets are combined into a digest message.",
        _positive_int,
    ),
    Setting(
        "DUMAS_DIGEST_WINDOW_SECONDS",
        "15",
        "Seconds a digest collects new tickets before it is sent.",
        _positive_float,
    ),
    Setting(
        "DUMAS_FOLLOWUP_DAYS",
        "7",
        "Days after resolution in which a citizen's message reopens the ticket.",
        _positive_float,
    ),
    Setting(
        "DUMAS_PUBLIC_STATS",
        "false",
        "Serve the public transparency page /statistik "
        "(and /statistik.csv, /statistik.json) on the HTTP server: true or false.",
        _bool,
    ),
    Setting(
        "DUMAS_LOG_FORMAT",
        "text",
        "Log format: text or json (one object per line).",
        _choice("text", "json"),
    ),
    Setting(
        "DUMAS_EVENT_LOOP",
        "",
        "The event loop of `dumas run`, the demo and the intake process: asyncio or uvloop. "
        "Empty: uvloop with PostgreSQL (less of Dumas's CPU per database round trip), "
        "asyncio's own with SQLite (no gain measured there; bench/README.md, session 36).",
        _event_loop,
    ),
    Setting(
        "DUMAS_LOG_LEVEL",
        "INFO",
        "Log level: DEBUG, INFO, WARNING, ERROR.",
        _choice("debug", "info", "warning", "error"),
    ),
)


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str = ""
    telegram_token: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    telegram_mode: str = "polling"
    telegram_webhook_secret: str = ""
    telegram_timeout_seconds: float = 10.0
    public_url: str = ""
    http_host: str = "127.0.0.1"
    http_port: int = 8080
    intake_process: bool = False
    instance_id: str = ""
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_whatsapp_from: str = ""
    twilio_api_url: str = "https://api.twilio.com"
    twilio_timeout: float = 15.0
    twilio_mps: float = 20.0
    twilio_template_officer_reply: str = ""
    twilio_template_status: str = ""
    outbox_rate_limits: str = "platform"
    default_locale: str = "id"
    reminder_minutes: float = 30.0
    draft_expiry_hours: float = 24.0
    max_text_chars: int = 4000
    max_file_mb: float = 20.0
    max_files_per_ticket: int = 20
    max_evidence_mb_per_citizen: float = 200.0
    evidence_url: str = ""
    s3_endpoint_url: str = ""
    max_tickets_per_hour: int = 3
    max_tickets_per_day: int = 10
    geo_max_distance_km: float = 10.0
    flood_messages: int = 20
    flood_window_seconds: float = 10.0
    retention_days: int = 730
    controller_name: str = "Polri"
    claim_deadline_minutes: float = 60.0
    resolve_deadline_hours: float = 72.0
    question_deadline_hours: float = 24.0
    deadline_reminder_percent: float = 80.0
    sign_officer_name: bool = False
    staff_code_hours: float = 24.0
    staff_member_cache_seconds: float = 60.0
    digest_after: int = 3
    digest_window_seconds: float = 15.0
    followup_days: float = 7.0
    public_stats: bool = False
    log_format: str = "text"
    log_level: str = "info"
    event_loop: str = ""  # empty: `loop` decides by the database
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def db_path(self) -> Path:
        return self.data_dir / "dumas.sqlite3"

    @property
    def database(self) -> str:
        """Where the store is, for messages: the PostgreSQL URL or the SQLite file."""
        if self.database_url:
            from bot.store.postgres import redacted

            return redacted(self.database_url)
        return str(self.db_path)

    @property
    def loop(self) -> str:
        """The event loop to run on: DUMAS_EVENT_LOOP, or by default uvloop on PostgreSQL
        (where it measured less CPU per update) when it is installed, else asyncio's."""
        if self.event_loop:
            return self.event_loop
        if self.database_url and importlib.util.find_spec("uvloop") is not None:
            return "uvloop"
        return "asyncio"

    @property
    def evidence_dir(self) -> Path:
        """The evidence directory (meaningless when DUMAS_EVIDENCE_URL is s3://: use
        `evidence`, which every part of Dumas that keeps or reads files goes through)."""
        if self.evidence_url and not self.evidence_url.startswith("s3://"):
            return Path(self.evidence_url.removeprefix("file://"))
        return self.data_dir / "evidence"

    @property
    def evidence(self) -> EvidenceStore:
        """The evidence store DUMAS_EVIDENCE_URL selects, opened once per process."""
        from bot.evidence import open_store

        return open_store(self.evidence_url, self.data_dir, self.s3_endpoint_url)

    @property
    def geo_dir(self) -> Path:
        return self.data_dir / "geo"

    @property
    def telegram_enabled(self) -> bool:
        return bool(self.telegram_token)

    @property
    def whatsapp_enabled(self) -> bool:
        return bool(self.twilio_account_sid)

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _field_name(setting: Setting) -> str:
    return setting.name.removeprefix("DUMAS_").lower()


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read every setting; raise SettingsError naming the first bad one."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    parsed: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = values.get(setting.name)
        if raw is None or (raw == "" and setting.default):
            raw = setting.default or ""
        try:
            parsed[_field_name(setting)] = setting.parse(raw) if raw != "" else raw
        except ValueError as exc:
            shown = "(hidden)" if setting.secret else repr(raw)
            raise SettingsError(f"{setting.name}={shown} is invalid: {exc}") from None
    parsed["data_dir"] = Path(parsed["data_dir"]).expanduser()

    settings = Settings(**parsed)
    _check_combinations(settings)
    return settings


def _check_combinations(s: Settings) -> None:
    if s.telegram_enabled and s.telegram_mode == "webhook":
        if not s.telegram_webhook_secret:
            raise SettingsError(
                "DUMAS_TELEGRAM_WEBHOOK_SECRET is required when DUMAS_TELEGRAM_MODE=webhook"
            )
        if not s.public_url:
            raise SettingsError("DUMAS_PUBLIC_URL is required when DUMAS_TELEGRAM_MODE=webhook")
    if s.whatsapp_enabled:
        for name, value in (
            ("DUMAS_TWILIO_AUTH_TOKEN", s.twilio_auth_token),
            ("DUMAS_TWILIO_WHATSAPP_FROM", s.twilio_whatsapp_from),
            ("DUMAS_PUBLIC_URL", s.public_url),
        ):
            if not value:
                raise SettingsError(f"{name} is required when DUMAS_TWILIO_ACCOUNT_SID is set")


def to_environ(settings: Settings) -> dict[str, str]:
    """The environment that makes `load_settings` rebuild these settings (for the
    intake process, which must see exactly what the main process sees)."""
    environ = {}
    for setting in SETTINGS:
        value = getattr(settings, _field_name(setting))
        environ[setting.name] = (
            ("true" if value else "false") if isinstance(value, bool) else str(value)
        )
    return environ


def settings_help() -> str:
    """The settings table printed by `dumas --help`."""
    lines = ["settings (environment variables, or a .env file in the working directory):"]
    for s in SETTINGS:
        default = f" [default: {s.default}]" if s.default else ""
        lines.append(f"  {s.name}\n      {s.help}{default}")
    return "\n".join(lines)
