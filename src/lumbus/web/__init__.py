"""The web app and REST API: FastAPI, server-rendered pages, every asset served from the package.

``lumbus.web.app.create_app(settings)`` builds the app; nothing is imported here so that
``lumbus --help`` stays fast.
"""
