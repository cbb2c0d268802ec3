"""The built web app, with index.html for client-side routes."""

from __future__ import annotations

from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

STATIC_DIR = Path(__file__).parent / "static"

NOT_BUILT = """<!doctype html><meta charset="utf-8"><title>Guanxi</title>
<p>The web app is not built. Run <code>make run</code> (or <code>make build</code>).
The API is at <a href="/graphql">/graphql</a>.</p>"""


class SPAStaticFiles(StaticFiles):
    """Serves files; any other GET path that looks like a page gets index.html."""

    async def get_response(self, path: str, scope: Scope) -> Response:
        try:
            return await super().get_response(path, scope)
        except HTTPException as exc:
            if exc.status_code != 404 or "." in path.rsplit("/", 1)[-1]:
                raise
            return FileResponse(
                Path(str(self.directory)) / "index.html", headers={"Cache-Control": "no-cache"}
            )


def spa_app() -> SPAStaticFiles | HTMLResponse:
    if not (STATIC_DIR / "index.html").exists():
        return HTMLResponse(NOT_BUILT)
    return SPAStaticFiles(directory=STATIC_DIR, html=True)
