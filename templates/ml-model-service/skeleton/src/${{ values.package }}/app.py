"""The HTTP API: /predict, /health (liveness) and /ready (readiness).

``create_app`` is the factory uvicorn runs (see __main__.py); tests call it
with their own settings, and with a loader of their own to hold loading back.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from mlflow.exceptions import MlflowException

from . import __version__
from .config import MODEL_REF, SERVICE_NAME, Settings
from .loader import ModelHolder
from .logs import redact
from .model import LoadedModel, load_model
from .schemas import (
    ErrorResponse,
    HealthResponse,
    InputColumn,
    ModelStatus,
    PredictRequest,
    PredictResponse,
    ReadyResponse,
    ValidationErrorResponse,
)
from .validation import InvalidInstances, to_frame

log = logging.getLogger(__name__)

LIVENESS_PATH = "/health"
READINESS_PATH = "/ready"

DESCRIPTION = f"""Real-time predictions from `{MODEL_REF}`, loaded from MLflow.

`POST /predict` takes `{{"instances": [{{...one object per row...}}]}}` with the
columns of the model's signature (`GET /health` lists them) and returns one
prediction per row, with the model version that made them.
"""


def create_app(
    settings: Settings | None = None,
    *,
    loader: Callable[[Settings], LoadedModel] = load_model,
) -> FastAPI:
    settings = settings or Settings.from_env()
    holder = ModelHolder(settings, loader)

    @asynccontextmanager
    async def lifespan(_app: FastAPI):
        log.info(
            "starting",
            extra={
                "service": SERVICE_NAME,
                "model_uri": settings.model_uri,
                "tracking_uri": redact(settings.tracking_uri or "(MLflow default)"),
                "max_batch_rows": settings.max_batch_rows,
            },
        )
        # Loads in the background: the server answers probes meanwhile.
        holder.start()
        yield
        holder.stop()

    app = FastAPI(title=SERVICE_NAME, version=__version__, description=DESCRIPTION, lifespan=lifespan)
    app.state.settings = settings
    app.state.holder = holder

    @app.middleware("http")
    async def log_requests(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        # Probes come every few seconds: keep them out of the default log.
        level = logging.DEBUG if request.url.path in (LIVENESS_PATH, READINESS_PATH) else logging.INFO
        log.log(
            level,
            "request",
            extra={
                "method": request.method,
                "path": request.url.path,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
            },
        )
        return response

    @app.get(LIVENESS_PATH, response_model=HealthResponse, tags=["probes"], summary="Liveness, and the model's state")
    def health() -> HealthResponse:
        """Always 200 while the process runs, whether or not the model is loaded yet."""
        status = holder.status()
        model: LoadedModel | None = status["model"]
        return HealthResponse(
            service=SERVICE_NAME,
            catalog_model=MODEL_REF,
            model=ModelStatus(
                state=status["state"],
                uri=settings.model_uri,
                resolved_uri=model.resolved_uri if model else None,
                name=model.name if model else None,
                version=model.version if model else None,
                inputs=[InputColumn(**vars(c)) for c in model.columns] if model else None,
                error=status["error"],
                attempts=status["attempts"],
            ),
        )

    @app.get(
        READINESS_PATH,
        response_model=ReadyResponse,
        tags=["probes"],
        summary="Readiness: 200 once the model is loaded",
        responses={503: {"model": ReadyResponse, "description": "The model is not loaded (yet); see reason"}},
    )
    def ready():
        reason = holder.not_ready_reason()
        if reason:
            return JSONResponse(status_code=503, content=ReadyResponse(ready=False, reason=reason).model_dump())
        return ReadyResponse(ready=True, model_version=holder.model.version)

    @app.post(
        "/predict",
        response_model=PredictResponse,
        tags=["predictions"],
        summary="Predict for a batch of instances",
        responses={
            413: {"model": ErrorResponse, "description": "More instances than MAX_BATCH_ROWS"},
            422: {"model": ValidationErrorResponse, "description": "Instances that do not match the model's signature"},
            503: {"model": ErrorResponse, "description": "The model is not loaded (yet)"},
        },
    )
    def predict(body: PredictRequest):
        model = holder.model
        if model is None:
            return JSONResponse(
                status_code=503,
                content={"detail": f"the model is not loaded yet: {holder.not_ready_reason()}"},
                headers={"Retry-After": "5"},
            )
        rows = len(body.instances)
        if rows == 0:
            example = ", ".join(f'"{c.name}": ...' for c in model.columns)
            return _invalid([{
                "loc": ["body", "instances"],
                "msg": f'instances is empty; send at least one row, e.g. {{"instances": [{{{example}}}]}}',
                "type": "empty",
            }])
        if rows > settings.max_batch_rows:
            return JSONResponse(status_code=413, content={"detail": (
                f"too many instances: {rows}, the limit is {settings.max_batch_rows} per request "
                "(MAX_BATCH_ROWS); split them into smaller requests"
            )})
        try:
            frame = to_frame(body.instances, model.columns)
        except InvalidInstances as error:
            return _invalid([p.as_dict() for p in error.problems])

        started = time.perf_counter()
        try:
            predictions = model.predict(frame)
            probabilities = model.predict_proba(frame)
        except MlflowException as error:
            # MLflow's own schema enforcement: e.g. nulls in an integer column.
            return _invalid([{"loc": ["body", "instances"], "msg": f"the model rejected the input: {error.message}", "type": "model_input"}])
        except Exception as error:
            log.exception("prediction failed", extra={"rows": rows, "model_version": model.version})
            return JSONResponse(status_code=500, content={"detail": f"prediction failed ({type(error).__name__}); see the service's logs"})
        log.info(
            "predicted",
            extra={"rows": rows, "model_version": model.version, "predict_ms": round((time.perf_counter() - started) * 1000, 1)},
        )
        return PredictResponse(
            predictions=predictions,
            probabilities=probabilities,
            model_uri=model.resolved_uri,
            model_version=model.version,
        )

    return app


def _invalid(problems: list[dict]) -> JSONResponse:
    return JSONResponse(status_code=422, content={"detail": problems})
