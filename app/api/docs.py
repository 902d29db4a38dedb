"""Where Swagger UI's files come from: the copy the pinned fastapi-offline package ships, served by this app,
so /docs works offline and loads no script from another origin on the origin where the token lives."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline

DOCS_ASSETS_DIR = Path(fastapi_offline.__file__).resolve().parent / "static"
