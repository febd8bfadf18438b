"""Dependencies shared by the routes: the store and the templates.

The dependencies are ``async`` because they only read app state: FastAPI would run a plain
function in its thread pool, a hop that costs more than the work.
"""

from __future__ import annotations

from importlib import resources

from fastapi import Request
from fastapi.templating import Jinja2Templates

from lumbus.store import Store
from lumbus.web.settings import Settings

TEMPLATES_DIR = resources.files("lumbus.web") / "templates"
STATIC_DIR = resources.files("lumbus.web") / "static"


async def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def make_templates() -> Jinja2Templates:
    from lumbus.web import views

    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    views.install(templates.env)
    return templates
