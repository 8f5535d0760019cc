"""Liveness and readiness: ``/healthz`` says the process answers, ``/readyz`` asks every source."""

from starlette.requests import Request
from starlette.responses import JSONResponse

from gateway.hub import Hub


async def healthz(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    hub: Hub = request.app.state.hub
    states = await hub.sources.states()
    ready = all(state.ready for state in states)
    body = {
        "status": "ready" if ready else "not ready",
        "sources": {
            state.agency: {
                "ready": state.ready,
                "detail": state.detail,
                "breaker": state.breaker.value,
            }
            for state in states
        },
    }
    return JSONResponse(body, status_code=200 if ready else 503)
