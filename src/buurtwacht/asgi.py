"""The ASGI application that `buurtwacht serve` runs under uvicorn."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwacht.settings")
application = get_asgi_application()
