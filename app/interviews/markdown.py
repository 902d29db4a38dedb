"""Text put into the Markdown transcript as text: a candidate's (or a model's) raw HTML, links and images stay
visible as written and never become markup in whatever renders the downloaded file.

Only what can make HTML or a link is escaped, so the file stays readable as plain text: ``&`` and ``<`` become
entities (no raw HTML, no autolink such as ``<javascript:...>``), and a backslash before ``[`` and ``]`` keeps
``[text](javascript:...)``, images and link references from forming.
"""

from __future__ import annotations

import re

_LINK = re.compile(r"([\\\[\]])")


def escape(text: str) -> str:
    return _LINK.sub(r"\\\1", text.replace("&", "&amp;").replace("<", "&lt;"))
