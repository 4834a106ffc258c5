"""Request and response bodies: they make up openapi.yaml, the API entity's definition."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class PredictRequest(BaseModel):
    instances: list[dict[str, Any]] = Field(
        description=(
            "Rows to predict, one object per row mapping each input column of the model's "
            "signature to its value (GET /health lists the columns). At least one row, and "
            "at most MAX_BATCH_ROWS (1000 by default)."
        ),
    )


class PredictResponse(BaseModel):
    predictions: list[Any] = Field(description="One prediction per instance, in order")
    probabilities: list[dict[str, float]] | None = Field(
        default=None,
        description="For classifiers: per instance, the probability of each class",
    )
    model_uri: str = Field(description="The model URI that was loaded, e.g. models:/name/3")
    model_version: str | None = Field(description="The registered model version that predicted")


class InputColumn(BaseModel):
    name: str
    type: str = Field(description="MLflow type: long, integer, double, float, boolean, string, datetime, binary")
    required: bool


class ModelStatus(BaseModel):
    state: Literal["loading", "ready", "failed"]
    uri: str = Field(description="MODEL_URI as configured, e.g. models:/name@champion")
    resolved_uri: str | None = Field(default=None, description="The URI actually loaded: the alias resolved to a version")
    name: str | None = None
    version: str | None = Field(default=None, description="The registered model version being served")
    inputs: list[InputColumn] | None = Field(default=None, description="The columns each instance needs")
    error: str | None = Field(default=None, description="Why the last attempt to load failed")
    attempts: int = 0


class HealthResponse(BaseModel):
    status: Literal["ok"] = "ok"
    service: str
    catalog_model: str = Field(description="The catalog Model entity served")
    model: ModelStatus


class ReadyResponse(BaseModel):
    ready: bool
    model_version: str | None = None
    reason: str | None = Field(default=None, description="Why the service is not ready, and what to do")


class Problem(BaseModel):
    loc: list[str | int] = Field(description="Where: body, instances, the row index, the column")
    msg: str
    type: str


class ValidationErrorResponse(BaseModel):
    detail: list[Problem]


class ErrorResponse(BaseModel):
    detail: str
