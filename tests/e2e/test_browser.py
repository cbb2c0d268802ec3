"""Browser tests: the real server, the built web app, Playwright driving Debian's headless Chromium.

Runs frontend/e2e/*.spec.ts against `guanxi serve` started here on a free port with a fresh data dir.
Skipped, loudly, where /usr/bin/chromium is missing (`.ci/run` installs it).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.servers import CLI, free_port, served

CHROMIUM = Path(os.environ.get("GUANXI_CHROMIUM", "/usr/bin/chromium"))
FRONTEND = ROOT / "frontend"
EMAIL, PASSWORD = "e2e@guanxi.local", "E2e-password-2026"
ANALYST_EMAIL, ANALYST_PASSWORD = "analyst@guanxi.local", "Analyst-password-2026"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    if not CHROMIUM.exists():
        pytest.skip(f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (apt-get install chromium)")
    if not (ROOT / "backend/guanxi/static/index.html").exists():
        pytest.skip("BROWSER TESTS SKIPPED: the web app is not built (make build)")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("GUANXI_")}
    env.update(
        GUANXI_DATA_DIR=str(tmp_path_factory.mktemp("e2e-data")),
        GUANXI_PORT=str(port),
        GUANXI_LOG_LEVEL="WARNING",
    )
    for email, role, name, password in (
        (EMAIL, "ADMIN", "E2E Admin", PASSWORD),
        (ANALYST_EMAIL, "ANALYST", "Ana Analyst", ANALYST_PASSWORD),
    ):
        subprocess.run(
            [
                *CLI,
                "user",
                "create",
                "--email",
                email,
                "--role",
                role,
                "--name",
                name,
                "--password",
                password,
            ],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
    with served(env) as base:
        yield base


# Specs with a test of their own (`pytest tests/e2e -k segments`); the first test runs the others.
OWN_TEST = ("segments.spec.ts", "loyalty.spec.ts")


def _playwright(server: str, *specs: str) -> None:
    env = {
        **os.environ,
        "GUANXI_E2E_BASE_URL": server,
        "GUANXI_E2E_EMAIL": EMAIL,
        "GUANXI_E2E_PASSWORD": PASSWORD,
        "GUANXI_E2E_ANALYST_EMAIL": ANALYST_EMAIL,
        "GUANXI_E2E_ANALYST_PASSWORD": ANALYST_PASSWORD,
        "GUANXI_CHROMIUM": str(CHROMIUM),
    }
    result = subprocess.run(
        ["npx", "playwright", "test", *specs],
        cwd=FRONTEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    print(result.stdout[-5000:], result.stderr[-3000:])
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]


def test_web_app_in_chromium(server: str):
    specs = sorted(p.name for p in (FRONTEND / "e2e").glob("*.spec.ts") if p.name not in OWN_TEST)
    _playwright(server, *specs)


def test_segments_in_chromium(server: str):
    _playwright(server, "segments.spec.ts")


def test_loyalty_in_chromium(server: str):
    _playwright(server, "loyalty.spec.ts")
