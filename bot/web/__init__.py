"""The visitor's chat page: a small Sanic app serving the page, its config and booking requests.

`create_app` builds it; `python -m bot.web` runs it on 127.0.0.1:8000 (see bot/web/app.py).
"""

from bot.web.app import create_app, main

__all__ = ["create_app", "main"]
