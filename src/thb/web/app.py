"""The web application: JSON API under /api/v1 (OpenAPI at /api/v1/docs) and the server-rendered UI."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from thb import __version__
from thb.config import Settings, load_settings
from thb.db import make_engine, make_sessionmaker
from thb.security import crypto
from thb.web import problems

STATIC = Path(__file__).parent / "static"


def api_router() -> APIRouter:
    """Every domain's JSON routes under one prefix."""
    from thb.registry.views import router as registry_router
    from thb.security.views import router as security_router

    api = APIRouter(prefix="/api/v1")
    api.include_router(security_router)
    api.include_router(registry_router)
    for module in (
        "thb.estimate.views",
        "thb.referral.views",
        "thb.linkage.views",
        "thb.directory.views",
    ):
        router = _optional_router(module)
        if router is not None:
            api.include_router(router)
    return api


def _optional_router(module: str) -> APIRouter | None:
    """Domains that ship a `views.router` are mounted; absent ones are skipped."""
    import importlib

    try:
        return importlib.import_module(module).router
    except ModuleNotFoundError as exc:
        if exc.name and module.startswith(exc.name):
            return None
        raise


SECURITY_HEADERS = {
    # Case data must not linger in the browser cache of a shared computer.
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self' "
    "'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


def install_security_headers(app: FastAPI) -> None:
    """Every response: no caching of case data, no framing, only our own scripts."""

    @app.middleware("http")
    async def _headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            if name == "Content-Security-Policy" and request.url.path == app.docs_url:
                continue  # Swagger UI loads its own scripts and styles
            response.headers.setdefault(name, value)
        return response


def create_app(
    settings: Settings | None = None, factory: sessionmaker[Session] | None = None
) -> FastAPI:
    settings = settings or load_settings()
    crypto.install_keyring(crypto.load_or_create_keyring(settings.secret_key, settings.key_file))
    app = FastAPI(
        title="THB",
        version=__version__,
        docs_url="/api/v1/docs",
        openapi_url="/api/v1/openapi.json",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.sessionmaker = factory or make_sessionmaker(make_engine(settings.database_url))
    problems.install(app)
    install_security_headers(app)
    app.include_router(api_router())
    from thb.referral.pages import router as referral_pages
    from thb.web.pages import router as pages

    app.include_router(pages)
    app.include_router(referral_pages)
    for module in ("thb.directory.pages", "thb.estimate.pages", "thb.linkage.pages"):
        router = _optional_router(module)
        if router is not None:
            app.include_router(router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app
