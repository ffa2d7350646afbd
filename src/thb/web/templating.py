"""Jinja2 templates from `thb/web/templates` and every domain's `templates/` folder, with gettext."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.support import NullTranslations, Translations
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

PACKAGE = Path(__file__).resolve().parents[1]
LOCALES = PACKAGE / "locales"


def _template_dirs() -> list[str]:
    dirs = [PACKAGE / "web" / "templates"]
    dirs += sorted(p for p in PACKAGE.glob("*/templates") if p.parent.name != "web")
    return [str(d) for d in dirs]


_environments: dict[str, Environment] = {}


def translations(language: str) -> NullTranslations:
    return Translations.load(str(LOCALES), [language], domain="thb")


def environment(language: str) -> Environment:
    """One environment per language, so concurrent requests never share a translation."""
    if language not in _environments:
        env = Environment(
            loader=ChoiceLoader([FileSystemLoader(_template_dirs())]),
            autoescape=select_autoescape(["html"]),
            extensions=["jinja2.ext.i18n"],
        )
        env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
        _environments[language] = env
    return _environments[language]


def language_of(request: Request) -> str:
    """The `lang` cookie, else the browser's first supported language, else English."""
    chosen = request.cookies.get("lang")
    if chosen in ("en", "da"):
        return chosen
    accept = request.headers.get("accept-language", "")
    return "da" if accept.lower().startswith("da") else "en"


def render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a page in the request's language; `actor` and `csrf_token` come from request.state."""
    language = language_of(request)
    base = {
        "request": request,
        "lang": language,
        "actor": getattr(request.state, "actor", None),
        "user_name": getattr(request.state, "user_name", None),
        "csrf_token": getattr(request.state, "csrf_token", ""),
    }
    html = environment(language).get_template(name).render(**base, **context)
    return HTMLResponse(html, status_code=status)
