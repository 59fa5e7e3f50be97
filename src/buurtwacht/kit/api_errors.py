"""What the JSON API answers when it refuses: `{"detail": "..."}`, in Dutch (or the session's language), for every
4xx and 5xx. `errors(400, 401, 404)` declares those answers on an endpoint, so the OpenAPI document lists them:

    @router.get("/things/{int:id}", response={200: ThingOut, **errors(401, 403, 404)})
"""

from __future__ import annotations

from ninja import Field, Schema


class ErrorOut(Schema):
    detail: str = Field(description="What went wrong and what to do, in Dutch (or the session's language)")


def errors(*codes: int) -> dict[int, type[ErrorOut]]:
    return dict.fromkeys(codes, ErrorOut)
