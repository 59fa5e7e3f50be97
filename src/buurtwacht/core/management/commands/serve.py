"""`buurtwacht serve`: run the ASGI application under uvicorn."""

from __future__ import annotations

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Buurtwacht over HTTP (uvicorn, ASGI)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
        parser.add_argument("--workers", type=int, default=1, help="number of worker processes (default 1)")
        parser.add_argument("--access-log", action="store_true", help="log every request")

    def handle(self, *args, host: str, port: int, workers: int, access_log: bool, **options):
        self.stdout.write(f"Buurtwacht op http://{host}:{port}/ (Ctrl+C om te stoppen)")
        uvicorn.run(
            "buurtwacht.asgi:application",
            host=host,
            port=port,
            workers=workers,
            access_log=access_log,
            log_level="debug" if settings.DEBUG else "info",
            lifespan="on",
        )
