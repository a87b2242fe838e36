"""The dashboard's FHIR R4 downloads (bot/clinic/fhir.py; docs/fhir.md).

- `GET /clinic/fhir/questionnaire`: content/questionnaire.yml as a `Questionnaire`;
- `GET /clinic/assessment/<ref>/fhir`: the assessment as a `Bundle` (the report page links it).

Both are /clinic pages, so bot/web/clinic.py's guard needs a logged-in session (a GET without
one is sent to the login page) and marks them `Cache-Control: no-store`. They answer
`application/fhir+json` as a download; an unknown reference is a 404 and a store that cannot
be reached a 503, each with an `OperationOutcome`. The addresses inside the export are under
the request's origin (behind a proxy, the public one: clinic.register's proxy settings).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.clinic import fhir, store
from bot.engine.content import default_content
from bot.web.clinic import REF, RETRY_AFTER_SECONDS, STORE_ERRORS

log = logging.getLogger(__name__)


def _fhir_json(text: str, filename: str, status: int = 200) -> HTTPResponse:
    return response.text(
        text,
        status=status,
        content_type=f"{fhir.MEDIA_TYPE}; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _outcome(status: int, code: str, text: str) -> HTTPResponse:
    return response.text(
        fhir.operation_outcome(code, text).json(indent=2),
        status=status,
        content_type=f"{fhir.MEDIA_TYPE}; charset=utf-8",
    )


def _origin(request: Request) -> str:
    return f"{request.scheme}://{request.host}"


def register(app: Sanic, engine: Callable[[], Any], publisher: str | None = None) -> None:
    """Add the FHIR downloads to `app`, after bot.web.clinic.register (whose guard they need)."""

    @app.get("/clinic/fhir/questionnaire")
    async def fhir_questionnaire(request: Request) -> HTTPResponse:
        content = await asyncio.to_thread(default_content)
        found = fhir.questionnaire(content, _origin(request), publisher=publisher)
        return _fhir_json(found.json(indent=2), "nmt-questionnaire.fhir.json")

    @app.get("/clinic/assessment/<ref:str>/fhir")
    async def fhir_assessment(request: Request, ref: str) -> HTTPResponse:
        missing = _outcome(404, "not-found", "There is no assessment with that reference.")
        if not REF.match(ref):
            return missing
        try:
            report = await asyncio.to_thread(lambda: store.get_assessment(engine(), ref))
        except STORE_ERRORS as error:
            log.error("the clinic database cannot be reached: %s", type(error).__name__)
            resp = _outcome(503, "transient", "The clinic database cannot be reached right now.")
            resp.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            return resp
        if report is None:
            return missing
        content = await asyncio.to_thread(default_content)
        bundle = fhir.assessment_bundle(report, content, _origin(request))
        return _fhir_json(bundle.json(indent=2), f"assessment-{ref}.fhir.json")
