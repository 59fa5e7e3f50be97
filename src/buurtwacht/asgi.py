"""The ASGI application that `buurtwacht serve` runs under uvicorn: Django, with the lookup's lean route in front."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "buurtwacht.settings")
django_application = get_asgi_application()

from buurtwacht.fastpath import LookupFastPath  # noqa: E402 - needs Django set up first

application = LookupFastPath(django_application)
